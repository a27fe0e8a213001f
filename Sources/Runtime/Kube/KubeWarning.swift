import CtrKernel

/// What `export kube` could not carry into a pod for one container, or
/// changed to fit Kubernetes: facts only; ctrsh's Commands module words it.
public struct KubeWarning: Equatable, Sendable {
    /// The session's name of the container.
    public var container: String
    /// What happened to it.
    public var kind: Kind

    public init(_ container: String, _ kind: Kind) {
        self.container = container
        self.kind = kind
    }

    /// Each thing a pod has no form for, or that was changed.
    public enum Kind: Equatable, Sendable {
        /// Left out: it has no root filesystem, and a pod's containers run images.
        case noRoot
        /// Named `label` in Kubernetes, because the name is no DNS label.
        case renamedToLabel(String)
        /// Named `label`, because `taken` is another container's.
        case renamedTaken(String, taken: String)
        /// Its join of `kind` with `target` is dropped: `target` is no
        /// container of the session with a root (`shareable`), or a pod
        /// cannot share that namespace at all.
        case joinDropped(kind: NamespaceKind, target: String, shareable: Bool)
        /// It shares the host's uts namespace; the pod has its own (`hostname`).
        case hostUTS(hostname: String)
        /// ctrsh knows no command for it: the image's own runs.
        case noCommand
        /// Its user namespace and ID maps are left out.
        case userNamespace
        /// Its time namespace is left out.
        case timeNamespace
        /// Its device rules are left out.
        case deviceRules
        /// Its veth is left out: the pod gets the cluster's network.
        case veth(container: String)
        /// Its root `root` is in no registry: the pod names `reference`.
        case notInRegistry(root: String, reference: String)
        /// A cgroup setting Kubernetes has no limit for, left out.
        case cgroupSetting(file: String, value: String)
        /// It shares only `joined` with `owner`; in the pod it shares `notJoined` too.
        case sharesOnly(joined: [String], owner: String, notJoined: [String])
        /// Its own hostname, where a pod has one: `podHostname`.
        case hostname(String, podHostname: String)
    }
}
