/// Everything ctrsh knows about a container before it runs: which
/// namespaces to create, the hostname, the root filesystem and extra mounts,
/// the cgroup limits, and the process to start. A plain value: the shell
/// edits it command by command, the runtime reads it to launch.
public struct ContainerSpec: Codable, Equatable, Sendable {
    /// Namespaces created new for the container; the others are the host's
    /// (or joined, below).
    public var namespaces: Set<NamespaceKind> = []
    /// Namespaces shared with another container or process (`ns join`).
    public var joins: [JoinedNamespace] = []
    /// The UTS hostname; needs `uts` in `namespaces`.
    public var hostname: String?
    /// The root filesystem, entered with `pivot_root`; nil runs in the host's.
    public var rootfs: RootfsSpec?
    /// Extra mounts inside the root, beyond `/proc`, `/dev` and `/sys`.
    public var mounts: [MountSpec] = []
    /// Resource limits, written to the container's cgroup before it execs.
    public var cgroup = CgroupLimits()
    /// The process environment, in the order it was set.
    public var env: [EnvironmentVariable] = ContainerSpec.defaultEnvironment
    /// The working directory of new processes; nil is `/` with a rootfs,
    /// ctrsh's own working directory without one.
    public var workdir: String?
    /// The user namespace's uid map; empty maps the caller to root.
    public var uidMappings: [IDMapping] = []
    /// The user namespace's gid map; empty maps the caller's group to root.
    public var gidMappings: [IDMapping] = []
    /// The capabilities the container's processes keep (Docker's default set).
    public var capabilities: [String] = Capability.dockerDefault
    /// `no_new_privs`: setuid programs inside gain nothing (on by default).
    public var noNewPrivileges = true
    /// The seccomp filter: the default deny-list (see `SeccompProfile`) or none.
    public var seccomp = SeccompMode.default
    /// Which device nodes the container may create and open: Docker's
    /// allow-list unless an OCI bundle said otherwise. Enforced through the
    /// container's cgroup (see `DevicePolicy`).
    public var devices = DevicePolicy.dockerDefault
    /// `net up`: bring up the loopback interface of the new net namespace.
    public var loopbackUp = false
    /// The defaults of the OCI image the root came from (`rootfs use oci:…`).
    public var image: ImageDefaults?
    /// `net veth CIDR`: a veth pair to the host, set up for each launch.
    public var veth: VethSpec?

    /// A spec with nothing set: a process that shares every namespace with the host.
    public init() {}

    /// The environment every container starts with, as runc and Docker give it.
    public static let defaultEnvironment: [EnvironmentVariable] = [
        EnvironmentVariable(name: "PATH", value: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        EnvironmentVariable(name: "TERM", value: "xterm"),
        EnvironmentVariable(name: "HOME", value: "/root"),
    ]

    /// Sets `name` to `value`, replacing an earlier value in place.
    public mutating func setEnvironment(_ name: String, _ value: String) {
        if let index = env.firstIndex(where: { $0.name == name }) {
            env[index].value = value
        } else {
            env.append(EnvironmentVariable(name: name, value: value))
        }
    }

    /// This spec as a container called `name` starts from it: with a uts
    /// namespace of its own and no hostname set, its hostname is its name,
    /// as docker names a container's host after it.
    public func withDefaultHostname(_ name: String) -> ContainerSpec {
        guard namespaces.contains(.uts), hostname == nil else { return self }
        var spec = self
        spec.hostname = name
        return spec
    }

    /// This spec with `variables` set over its environment, in order.
    public func adding(_ variables: [EnvironmentVariable]) -> ContainerSpec {
        var spec = self
        for variable in variables { spec.setEnvironment(variable.name, variable.value) }
        return spec
    }

    /// The value of `name` in the container's environment, if set.
    public func environment(_ name: String) -> String? {
        env.first(where: { $0.name == name })?.value
    }
}

/// A namespace the container shares instead of creating it: `ns join net web`.
public struct JoinedNamespace: Codable, Equatable, Sendable {
    public var kind: NamespaceKind
    /// The namespace file entered, `/proc/PID/ns/TYPE` or a path given.
    public var path: String
    /// What the user named: a container, a PID, or the path.
    public var target: String
    public init(kind: NamespaceKind, path: String, target: String) {
        self.kind = kind
        self.path = path
        self.target = target
    }
}

/// One `NAME=VALUE` entry of a container's environment.
public struct EnvironmentVariable: Codable, Equatable, Sendable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Where a container's root filesystem comes from and how it is mounted.
public struct RootfsSpec: Codable, Equatable, Sendable {
    /// An absolute path to a directory on the host (for a tarball, where
    /// the cache unpacked it).
    public var path: String
    /// Mount the root read-only.
    public var readonly: Bool = false
    /// Keep `path` unchanged: the container writes to an overlay layer of
    /// its own (`--overlay`).
    public var overlay: Bool = false
    /// The tarball `path` was unpacked from, if it was one.
    public var archive: String?
    public init(path: String, readonly: Bool = false, overlay: Bool = false, archive: String? = nil) {
        self.path = path
        self.readonly = readonly
        self.overlay = overlay
        self.archive = archive
    }
}

/// An extra mount inside the container's root.
public struct MountSpec: Codable, Equatable, Sendable {
    /// What to mount.
    public enum Source: Codable, Equatable, Sendable {
        /// A host directory or file, bind-mounted.
        case bind(String)
        /// A fresh tmpfs, with an optional size limit in bytes.
        case tmpfs(size: UInt64?)
    }
    public var source: Source
    /// The absolute path inside the container.
    public var destination: String
    public var readonly: Bool
    public init(source: Source, destination: String, readonly: Bool = false) {
        self.source = source
        self.destination = destination
        self.readonly = readonly
    }
}

/// A contiguous range of user or group IDs mapped into a user namespace:
/// one line of `/proc/PID/uid_map` or `gid_map`.
public struct IDMapping: Codable, Equatable, Sendable {
    /// The first ID inside the namespace.
    public var containerID: UInt32
    /// The ID it is on the host.
    public var hostID: UInt32
    /// How many consecutive IDs.
    public var count: UInt32
    public init(containerID: UInt32, hostID: UInt32, count: UInt32) {
        self.containerID = containerID
        self.hostID = hostID
        self.count = count
    }
}
