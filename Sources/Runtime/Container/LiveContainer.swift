import CtrKernel
import Glibc

/// The kernel side of a running container: its first process (ctrsh-init
/// after `start`, or the program of `exec -d`), its cgroup, and the
/// processes ctrsh started in it since.
public final class LiveContainer {
    /// PID 1 of the container, as the host numbers it, with its start time.
    public let first: ProcessIdentity
    /// True when the first process is ctrsh-init (`start`).
    public let runsInit: Bool
    /// The spec it was started from (the current spec may have changed since).
    public let spec: ContainerSpec
    /// Its cgroup, when the machine has cgroups.
    let group: (any CgroupGroup)?
    /// The limits written to its cgroup so far.
    public internal(set) var limits: CgroupLimits
    /// True while `pause` holds it frozen.
    public internal(set) var isFrozen = false
    /// What detached processes print (`logs`).
    public let log: ContainerLog
    /// Processes started by `exec` into it that ctrsh still has to reap.
    var execProcesses: Set<pid_t> = []
    /// Its veth pair (`net veth`), removed when it stops.
    var veth: VethAttachment?

    init(first: ProcessIdentity, runsInit: Bool, spec: ContainerSpec, group: (any CgroupGroup)?, log: ContainerLog) {
        self.first = first
        self.runsInit = runsInit
        self.spec = spec
        self.group = group
        self.limits = spec.cgroup
        self.log = log
    }

    /// The file detached processes' output goes to now.
    public var logPath: String { log.path }

    /// The host end of its veth pair (`ctrsh-4711`), while it has one.
    public var vethHostName: String? { veth?.hostName }

    /// Its veth pair's addresses, while it has one.
    public var vethSpec: VethSpec? { veth?.spec }

    /// The cgroup's path as users see it, if there is one.
    public var cgroupPath: String? { group?.displayPath }

    /// Live usage from its cgroup.
    public func usage() -> CgroupUsage? { group?.usage() }

    /// The OOM killer's kills in its cgroup so far.
    func oomKills() -> UInt64? { group?.oomKills() }

    /// Every process in it: its cgroup's members, or without cgroups the
    /// first process and those started into it.
    public func processes() -> [ProcessEntry] {
        let pids = group?.processes() ?? ([first.pid] + execProcesses.sorted())
        return ProcessTable.entries(for: pids)
    }
}
