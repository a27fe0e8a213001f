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
    /// Memory in use, in bytes (v1 `memory.usage_in_bytes`, v2 `memory.current`).
    public var memoryCurrent: UInt64?
    /// The most memory ever in use, in bytes (v1 `memory.max_usage_in_bytes`,
    /// v2 `memory.peak`, which older kernels lack).
    public var memoryPeak: UInt64?
    /// Processes the OOM killer killed (`oom_kill` in v1 `memory.oom_control`,
    /// v2 `memory.events`).
    public var oomKills: UInt64?
    /// Tasks in the group now (`pids.current`).
    public var pidsCurrent: UInt64?
    /// CPU time used, in nanoseconds (v1 `cpuacct.usage`, v2 `usage_usec` in `cpu.stat`).
    public var cpuUsageNanoseconds: UInt64?
    /// CFS periods in which the group was throttled (`nr_throttled` in `cpu.stat`).
    public var throttledPeriods: UInt64?
    /// Time spent throttled, in nanoseconds (`cpu.stat` v1 `throttled_time`,
    /// v2 `throttled_usec`).
    public var throttledNanoseconds: UInt64?
    /// Usage with every field unknown.
    public init() {}
}

/// The cgroup tree of one machine, as ctrsh uses it: container groups live
/// at `<base>/ctrsh/<session>/<container>`, the base being ctrsh's own
/// cgroup (v1, the v2 root) or where the v2 delegation rules put it
/// (`CgroupPlacement`), and nothing outside `<base>/ctrsh` (and the v2 leaf
/// ctrsh moves itself into) is ever written.
public protocol CgroupDriver: AnyObject, Sendable {
    /// The version this driver writes.
    var version: CgroupVersion { get }
    /// The controllers in use, for `cgroup show`: v1's mounted ones, sorted;
    /// v2's available to ctrsh's group, in the kernel's order.
    var controllerNames: [String] { get }
    /// Where the groups go and why, for `cgroup show` (nil: below ctrsh's
    /// own cgroup, the one place v1 uses).
    var placementReport: CgroupPlacementReport? { get }
    /// Throws unless `file` is a settable interface file of this version
    /// that a container group would have (checked in the `ctrsh` parent if
    /// it exists, else in ctrsh's own group), with a message that lists what
    /// exists instead. Files ctrsh manages (`cgroup.procs`, `tasks`, …) are
    /// refused.
    func validateRawFile(_ file: String) throws(RuntimeError)
    /// Throws unless `limit`'s controller is here for ctrsh's groups (v1:
    /// a mounted hierarchy; v2: available to ctrsh's cgroup), with a message
    /// that lists what is here: `cgroup set` checks it when typed, not at
    /// the start.
    func validateLimit(_ limit: CgroupLimit) throws(RuntimeError)
    /// Creates the container's group for `use`, writes every limit in
    /// `limits`, and returns it. On failure nothing it created is left behind.
    func createGroup(named name: String, limits: CgroupLimits, use: CgroupGroupUse) throws(RuntimeError) -> any CgroupGroup
    /// Removes this session's directory and the `ctrsh` parent when they are
    /// empty (another session may still use the parent; that is not an error).
    func removeSessionDirectories()
    /// `<base>/ctrsh` in every hierarchy this driver writes: where
    /// `ctrsh gc` looks for what killed sessions left.
    var parentDirectories: [String] { get }
}

extension CgroupDriver {
    /// Below ctrsh's own cgroup: nothing to explain.
    public var placementReport: CgroupPlacementReport? { nil }

    /// A group for a container that stays alive (`.live`).
    public func createGroup(named name: String, limits: CgroupLimits) throws(RuntimeError) -> any CgroupGroup {
        try createGroup(named: name, limits: limits, use: .live)
    }
}

/// What a container's group is for. On cgroup v1 it decides which
/// hierarchies the group joins when it is made (each costs a `mkdir`, a
/// `cgroup.procs` write and a `rmdir`); v2 has one directory either way.
public enum CgroupGroupUse: Sendable {
    /// A foreground `exec` or `run`: one hierarchy (pids), to kill every
    /// process at the end, and what the limits need. Nobody can `pause` it or look
    /// at its usage while ctrsh waits for it.
    case foreground
    /// A started or detached container: also memory, pids, cpu and cpuacct,
    /// for `cgroup show`, `ps` and `pause`.
    case live
}

/// One container's cgroup, in every hierarchy it needs.
public protocol CgroupGroup: AnyObject {
    /// The path shown to users (v1: the memory hierarchy's directory).
    var displayPath: String { get }
    /// v2 only: the directory to open for `clone3(CLONE_INTO_CGROUP)`.
    var cloneIntoDirectory: String? { get }
    /// v1 only: the group's `tasks` file in each hierarchy it has joined.
    /// A new child writes `0` to each before anything else: a thread that
    /// moves itself skips the global lock a write of a PID to
    /// `cgroup.procs` takes, which costs an RCU grace period (~10 ms here)
    /// whenever no cgroup move happened just before.
    var taskFiles: [String] { get }
    /// Writes the limits that are set in `limits`, and resets to "no limit"
    /// each limit that `previous` had and `limits` has not (live `unset`).
    func apply(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError)
    /// Limits which device nodes the group's processes may create and open
    /// (v1: the devices controller, joined here; v2: an eBPF program
    /// attached to the directory). Called before the first process joins.
    /// `shareable`: no process of the container can write a device policy
    /// (`ContainerSpec.mayWriteDevicePolicy` is false), so on v1 it may be
    /// held in a devices group its session prepared once for that policy.
    func restrictDevices(to policy: DevicePolicy, shareable: Bool) throws(RuntimeError)
    /// Moves a process into the group (every hierarchy on v1).
    func add(pid: pid_t) throws(RuntimeError)
    /// Host PIDs of every process in the group.
    func processes() -> [pid_t]
    /// Live usage, read from the interface files.
    func usage() -> CgroupUsage
    /// How many processes the OOM killer ended in the group so far: the
    /// one file of `usage()` a foreground `exec` reads before and after.
    func oomKills() -> UInt64?
    /// Freezes or thaws every process (v1 `freezer.state`, v2 `cgroup.freeze`).
    func setFrozen(_ frozen: Bool) throws(RuntimeError)
    /// SIGKILLs every process in the group (v2 `cgroup.kill` where present).
    func killAll()
    /// Removes the group's directories, retrying while the kernel says busy
    /// (processes still being reaped).
    func remove() throws(RuntimeError)
}

extension CgroupDriver {
    /// Well-known settable interface files of this driver's version, for
    /// TAB completion of `cgroup set`.
    public var knownInterfaceFiles: [String] {
        (CgroupRawFiles.known[version] ?? []).sorted()
    }
}
