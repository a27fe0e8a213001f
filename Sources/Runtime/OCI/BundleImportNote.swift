import CtrKernel

/// What `import oci` could not take from a config.json as it was, one per
/// field: the facts only (the field, its value); ctrsh's Commands module
/// words each kind and, where there is one, the command to use instead.
public enum BundleImportNote: Equatable, Sendable {
    /// `ociVersion` is not 1.x; the config was read as 1.x.
    case ociVersion(String)
    /// `linux.namespaces[index]` has a type ctrsh does not know; left out.
    case namespaceTypeUnknown(index: Int, type: String)
    /// `linux.namespaces[index]` is a second namespace of its type; left out.
    case namespaceTwice(index: Int, type: String)
    /// `linux.namespaces[index]` joins a namespace ctrsh cannot join
    /// (a user namespace, or the mount namespace of another root); left out.
    case namespaceNotJoinable(index: Int, type: String, path: String, ofAnotherRoot: Bool)
    /// ID maps without a new user namespace; left out.
    case idMapsWithoutUserNamespace
    /// The root needs a new mount namespace, which was added.
    case mountNamespaceAdded
    /// A hostname without a new uts namespace; left out.
    case hostnameWithoutUTS(String)
    /// No `process`: ctrsh's defaults are kept.
    case processMissing
    /// `process.args`: ctrsh's spec holds no program; these are its words.
    case processArgs([String])
    /// `process.env[index]` is not NAME=VALUE; left out.
    case envNotNameValue(index: Int, entry: String)
    /// `process.cwd` is not absolute; left out.
    case cwdNotAbsolute(String)
    /// `process.user` is not root: ctrsh starts processes as root.
    case processUser(uid: UInt32, gid: UInt32)
    /// Capabilities of the bounding set ctrsh does not know; left out.
    case capabilitiesUnknown([String])
    /// `process.capabilities.SET` differs from the bounding set, which
    /// ctrsh gives to it too.
    case capabilitySetDiffers(String)
    /// `process.capabilities.ambient`: ctrsh clears the ambient set.
    case ambientCleared
    /// `linux.seccomp` differs from ctrsh's own filter, which is used.
    case seccompProfileDiffers
    /// A cgroup filesystem mount; left out.
    case cgroupMount(MountField)
    /// A mount without a root filesystem; left out.
    case mountWithoutRoot(MountField)
    /// A mount destination ctrsh refuses, and why; left out.
    case mountDestination(MountField, RuntimeError)
    /// A second mount on `destination`; left out.
    case mountTwice(MountField, destination: String)
    /// A mount of a type other than bind and tmpfs; left out.
    case mountType(MountField, type: String)
    /// A bind mount without a source; left out.
    case bindWithoutSource(MountField)
    /// Options of a bind mount ctrsh does not keep.
    case bindOptions(MountField, [String])
    /// Options of a tmpfs mount ctrsh does not keep.
    case tmpfsOptions(MountField, [String])
    /// `linux.resources.devices[index]` is not a device rule; left out.
    case deviceRule(index: Int)
    /// `linux.resources.memory.swap` without a memory limit no larger than it; left out.
    case swapWithoutMemory(Int64)
    /// `linux.resources.unified` files, and ctrsh does not use cgroup v2
    /// here (`cgroupV1`: it uses v1; else no cgroups at all); left out.
    case unifiedWithoutV2(files: [String], cgroupV1: Bool)
    /// A `linux.resources.unified` key that is no interface file name; left out.
    case unifiedFileName(String)
    /// `linux.cgroupsPath`: ctrsh places each container's cgroup itself; left out.
    case cgroupsPath(String)
    /// `linux.maskedPaths` or `linux.readonlyPaths` differ from ctrsh's
    /// fixed lists: what ctrsh does not do, and what it does as well.
    case protectedPaths(ProtectedPathList, notDone: [String], alsoDone: [String])
    /// A field ctrsh does not represent (`pattern` names it with `[]` for
    /// any index, e.g. `mounts[].uidMappings`); left out.
    case unmapped(field: String, pattern: String)
}

/// One entry of `mounts`: its index and destination, as notes name it.
public struct MountField: Equatable, Sendable {
    public var index: Int
    public var destination: String

    public init(index: Int, destination: String) {
        self.index = index
        self.destination = destination
    }
}

/// ctrsh's two fixed lists of protected kernel paths.
public enum ProtectedPathList: Equatable, Sendable {
    /// `linux.maskedPaths`: hidden.
    case masked
    /// `linux.readonlyPaths`: made read-only.
    case readonly
}
