/// The part of an OCI runtime bundle's `config.json` (runtime-spec 1.x)
/// that ctrsh writes and reads, with the spec's field names. Every field
/// but `ociVersion` may be missing; what ctrsh does not map is found by
/// `RuntimeBundleFields` instead, so that import can name it.
public struct RuntimeBundleConfig: Codable, Equatable, Sendable {
    /// The runtime-spec version the file follows (`1.0.2`).
    public var ociVersion: String
    public var process: Process?
    public var root: Root?
    public var hostname: String?
    public var mounts: [Mount]?
    public var linux: Linux?

    public init(ociVersion: String) { self.ociVersion = ociVersion }

    /// The program to run and how.
    public struct Process: Codable, Equatable, Sendable {
        public var terminal: Bool?
        public var user: User?
        public var args: [String]?
        public var env: [String]?
        public var cwd: String?
        public var capabilities: Capabilities?
        public var noNewPrivileges: Bool?
        public init() {}
    }

    /// The IDs the process runs as, inside its user namespace if any.
    public struct User: Codable, Equatable, Sendable {
        public var uid: JSONWholeNumber<UInt32>
        public var gid: JSONWholeNumber<UInt32>
        public init(uid: UInt32, gid: UInt32) {
            self.uid = JSONWholeNumber(uid)
            self.gid = JSONWholeNumber(gid)
        }
    }

    /// Capability names (`CAP_KILL`) in each of the five sets.
    public struct Capabilities: Codable, Equatable, Sendable {
        public var bounding: [String]?
        public var effective: [String]?
        public var inheritable: [String]?
        public var permitted: [String]?
        public var ambient: [String]?
        public init() {}
    }

    /// The root filesystem: a directory, relative to the bundle or absolute.
    public struct Root: Codable, Equatable, Sendable {
        public var path: String
        public var readonly: Bool?
        public init(path: String, readonly: Bool?) {
            self.path = path
            self.readonly = readonly
        }
    }

    /// One mount, made inside the root in the order listed.
    public struct Mount: Codable, Equatable, Sendable {
        public var destination: String
        public var type: String?
        public var source: String?
        public var options: [String]?
        public init(destination: String, type: String?, source: String?, options: [String]?) {
            self.destination = destination
            self.type = type
            self.source = source
            self.options = options
        }
    }

    /// The Linux-specific part.
    public struct Linux: Codable, Equatable, Sendable {
        public var namespaces: [Namespace]?
        public var uidMappings: [IDMap]?
        public var gidMappings: [IDMap]?
        public var resources: Resources?
        public var cgroupsPath: String?
        public var maskedPaths: [String]?
        public var readonlyPaths: [String]?
        public var seccomp: Seccomp?
        public init() {}
    }

    /// A namespace to create (no `path`) or to join (`path`).
    public struct Namespace: Codable, Equatable, Sendable {
        /// `pid`, `network`, `mount`, `ipc`, `uts`, `user`, `cgroup`, `time`.
        public var type: String
        public var path: String?
        public init(type: String, path: String? = nil) {
            self.type = type
            self.path = path
        }
    }

    /// One range of a user namespace's ID map.
    public struct IDMap: Codable, Equatable, Sendable {
        public var containerID: JSONWholeNumber<UInt32>
        public var hostID: JSONWholeNumber<UInt32>
        public var size: JSONWholeNumber<UInt32>
        public init(containerID: UInt32, hostID: UInt32, size: UInt32) {
            self.containerID = JSONWholeNumber(containerID)
            self.hostID = JSONWholeNumber(hostID)
            self.size = JSONWholeNumber(size)
        }
    }

    /// The cgroup limits.
    public struct Resources: Codable, Equatable, Sendable {
        public var memory: Memory?
        public var pids: Pids?
        public var cpu: CPU?
        public var blockIO: BlockIO?
        /// The device allow-list (see `RuntimeBundleDevices`).
        public var devices: [DeviceCgroupRule]?
        /// cgroup v2 interface files and the values written to them.
        public var unified: [String: String]?
        public init() {}
    }

    /// `limit`, `reservation` (a soft limit) and `swap` (memory plus swap,
    /// as cgroup v1 counts it); -1 is no limit.
    public struct Memory: Codable, Equatable, Sendable {
        public var limit: JSONWholeNumber<Int64>?
        public var reservation: JSONWholeNumber<Int64>?
        public var swap: JSONWholeNumber<Int64>?
        public init() {}
    }

    /// The most tasks at once; -1 (or 0) is no limit.
    public struct Pids: Codable, Equatable, Sendable {
        public var limit: JSONWholeNumber<Int64>
        public init(limit: Int64) { self.limit = JSONWholeNumber(limit) }
    }

    /// CFS bandwidth (`quota` per `period`, in microseconds) and a cpuset.
    public struct CPU: Codable, Equatable, Sendable {
        public var quota: JSONWholeNumber<Int64>?
        public var period: JSONWholeNumber<UInt64>?
        public var cpus: String?
        public init() {}
    }

    /// The relative I/O weight, 10–1000 (cgroup v1's `blkio.weight`).
    public struct BlockIO: Codable, Equatable, Sendable {
        public var weight: JSONWholeNumber<UInt16>?
        public init() {}
    }

    /// One rule of `linux.resources.devices`: `type` `a`, `b` or `c` (none
    /// is `a`), `major`/`minor` (none or -1 is every number), `access`
    /// letters from `rwm` (none is `rwm`).
    public struct DeviceCgroupRule: Codable, Equatable, Sendable {
        public var allow: Bool
        public var type: String?
        public var major: JSONWholeNumber<Int64>?
        public var minor: JSONWholeNumber<Int64>?
        public var access: String?
        public init(allow: Bool, type: String? = nil, major: Int64? = nil, minor: Int64? = nil, access: String? = nil) {
            self.allow = allow
            self.type = type
            self.major = major.map(JSONWholeNumber.init)
            self.minor = minor.map(JSONWholeNumber.init)
            self.access = access
        }
    }
}
