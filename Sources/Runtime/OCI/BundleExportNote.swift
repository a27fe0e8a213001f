import CtrKernel

/// What `export oci` did with the root, and each part of the spec the
/// bundle cannot carry: facts only; ctrsh's Commands module words them,
/// naming the ctrsh setting each is about.
public enum BundleExportNote: Equatable, Sendable {
    /// The root was copied from `root` to `copy`.
    case copiedRoot(root: String, copy: String)
    /// `count` device nodes of the root were not copied: only root may make them.
    case skippedDevices(Int)
    /// The root is the bundle's `rootfs` already, and the runtime writes into it.
    case rootInBundle
    /// root.path names the root itself, and the runtime writes into it.
    case rootItself(String)
    /// The root is an overlay base: the copy lacks what the container wrote in its layer.
    case overlayBase(String)
    /// The spec joins a namespace (`target` as it was named, when it
    /// differs from `path`): the bundle runs only while it exists.
    case joinedNamespace(kind: NamespaceKind, path: String, target: String?)
    /// `seccomp default`, and ctrsh has no filter for this architecture.
    case seccompNoFilter
    /// `net up`: runtime-spec has no field for it.
    case networkUp
    /// `net veth CONTAINER`: runtime-spec has no field for it.
    case networkVeth(container: String)
    /// A raw cgroup setting, and cgroup v1 here: unified holds v2 files only.
    case cgroupFileOnV1(String)
    /// `memory.swap` without a memory limit: runtime-spec counts them together.
    case swapWithoutMemory
    /// `io.weight` beyond runtime-spec's 10–1000 on cgroup v1.
    case ioWeightOutOfRange(UInt64)
}
