import Glibc

/// Which cgroup hierarchy a driver speaks.
public enum CgroupVersion: String, Sendable, Codable {
    /// One hierarchy per controller (`/sys/fs/cgroup/memory`, `…/pids`, …).
    case v1
    /// The unified hierarchy (`/sys/fs/cgroup` or a cgroup2 mount beside v1).
    case v2
}

/// What a container's cgroup reports about its use of resources. A field is
/// nil when this machine's cgroup setup cannot tell.
public struct CgroupUsage: Equatable, Sendable {
    public var memoryCurrent: UInt64?
    public var memoryPeak: UInt64?
    public var oomKills: UInt64?
    public var pidsCurrent: UInt64?
    public var cpuUsageNanoseconds: UInt64?
    public var throttledPeriods: UInt64?
    public var throttledNanoseconds: UInt64?
    public init() {}
}

/// The cgroup tree of one machine, as ctrsh uses it: container groups live
/// at `<ctrsh's own cgroup>/ctrsh/<session>/<container>`, and nothing
/// outside `<ctrsh's own cgroup>/ctrsh` is ever written.
public protocol CgroupDriver: AnyObject, Sendable {
    /// The version this driver writes.
    var version: CgroupVersion { get }
    /// One line for `cgroup show`, e.g. `v1 (memory, pids, cpu, …)`.
    var summary: String { get }
    /// Throws unless `file` is an interface file of this version that a
    /// container group would have (checked against the parent group), with a
    /// message that lists what exists instead.
    func validateRawFile(_ file: String) throws(RuntimeError)
    /// Creates the container's group, writes every limit in `limits`, and
    /// returns it. On failure nothing it created is left behind.
    func createGroup(named name: String, limits: CgroupLimits) throws(RuntimeError) -> any CgroupGroup
    /// Removes this session's directory and the `ctrsh` parent when they are
    /// empty (another session may still use the parent; that is not an error).
    func removeSessionDirectories()
}

/// One container's cgroup, in every hierarchy it needs.
public protocol CgroupGroup: AnyObject {
    /// The path shown to users (v1: the memory hierarchy's directory).
    var displayPath: String { get }
    /// v2 only: the directory to open for `clone3(CLONE_INTO_CGROUP)`.
    var cloneIntoDirectory: String? { get }
    /// Writes the limits that are set in `limits`, and resets to "no limit"
    /// each limit that `previous` had and `limits` has not (live `unset`).
    func apply(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError)
    /// Moves a process into the group (every hierarchy on v1).
    func add(pid: pid_t) throws(RuntimeError)
    /// Host PIDs of every process in the group.
    func processes() -> [pid_t]
    /// Live usage, read from the interface files.
    func usage() -> CgroupUsage
    /// Freezes or thaws every process (v1 `freezer.state`, v2 `cgroup.freeze`).
    func setFrozen(_ frozen: Bool) throws(RuntimeError)
    /// SIGKILLs every process in the group (v2 `cgroup.kill` where present).
    func killAll()
    /// Removes the group's directories, retrying while the kernel says busy
    /// (processes still being reaped).
    func remove() throws(RuntimeError)
}
