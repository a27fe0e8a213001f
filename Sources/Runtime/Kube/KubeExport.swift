import CtrKernel
import Yams

/// `export kube`: a session's containers as Kubernetes Pods (core/v1),
/// one YAML document each. Containers that share a net, ipc, pid or uts
/// namespace (`ns join net web`) are one pod, named after the container
/// the others join (`shareProcessNamespace` when pid is shared); a
/// container that has none of its own (no `ns new net`) uses the host's
/// (`hostNetwork`, `hostPID`, `hostIPC`). Limits become
/// `resources.limits`, capabilities, `no_new_privs`, a read-only root,
/// the image's user and seccomp become `securityContext`; env, workdir,
/// command, hostname and mounts carry over. Whatever has no Kubernetes
/// form is named in a warning, never dropped silently.
public enum KubeExport {
    /// One container of the session.
    public struct Member: Sendable {
        public var name: String
        public var spec: ContainerSpec
        /// What it runs (its first process, when ctrsh knows it); nil
        /// leaves the image's own command.
        public var command: [String]?

        public init(name: String, spec: ContainerSpec, command: [String]?) {
            self.name = name
            self.spec = spec
            self.command = command
        }
    }

    /// The YAML of the pods, their names, and one warning per thing
    /// that has no Kubernetes form (or was changed to fit one).
    public struct Result: Sendable {
        public var yaml: String
        public var pods: [String]
        public var warnings: [KubeWarning]
    }

    /// The namespaces a pod's containers share in Kubernetes.
    static let podNamespaces: [NamespaceKind] = [.net, .ipc, .uts, .pid]

    public static func pods(of members: [Member]) throws(RuntimeError) -> Result {
        var warnings: [KubeWarning] = []
        let withRoot = members.filter { member in
            if member.spec.rootfs == nil { warnings.append(KubeWarning(member.name, .noRoot)) }
            return member.spec.rootfs != nil
        }
        guard !withRoot.isEmpty else {
            throw .image(.noPodToWrite)
        }
        var documents: [String] = []
        var names: [String] = []
        let kubeNames = KubeNames.labels(for: withRoot.map(\.name))
        warnings += kubeNames.warnings
        for group in groups(of: withRoot, warnings: &warnings) {
            var pod = KubePodMapping(owner: group[0], members: group, labels: kubeNames.labels)
            let document = pod.document()
            warnings += pod.warnings
            names.append(document.metadata.name)
            do {
                documents.append(try YAMLEncoder().encode(document))
            } catch {
                throw .image(.encoding(.pod(document.metadata.name), reason: "\(error)"))
            }
        }
        return Result(yaml: documents.joined(separator: "---\n"), pods: names, warnings: warnings)
    }

    /// The containers grouped into pods, in session order: each group
    /// starts with the container the others join.
    private static func groups(of members: [Member], warnings: inout [KubeWarning]) -> [[Member]] {
        var owner = Dictionary(uniqueKeysWithValues: members.map { ($0.name, $0.name) })
        func root(_ name: String) -> String {
            var current = name
            while let next = owner[current], next != current { current = next }
            return current
        }
        for member in members {
            for join in member.spec.joins {
                guard podNamespaces.contains(join.kind), owner[join.target] != nil else {
                    warnings.append(KubeWarning(member.name, .joinDropped(kind: join.kind, target: join.target, shareable: podNamespaces.contains(join.kind))))
                    continue
                }
                let (mine, theirs) = (root(member.name), root(join.target))
                if mine != theirs { owner[mine] = theirs }
            }
        }
        var order: [String] = []
        var grouped: [String: [Member]] = [:]
        for member in members {
            let key = root(member.name)
            if grouped[key] == nil { order.append(key) }
            grouped[key, default: []].append(member)
        }
        return order.compactMap { key in
            guard let group = grouped[key] else { return nil }
            return group.filter { $0.name == key } + group.filter { $0.name != key }
        }
    }
}
