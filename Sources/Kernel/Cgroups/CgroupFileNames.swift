/// Interface files both versions share.
enum CommonFile {
    static let procs = "cgroup.procs"
    static let pidsMax = "pids.max"
    static let pidsCurrent = "pids.current"
    static let cpusetCpus = "cpuset.cpus"
    static let cpusetMems = "cpuset.mems"
    static let cpuStat = "cpu.stat"
}

/// cgroup v1 interface files ctrsh reads and writes, and their special values.
package enum V1File {
    /// The threads of a group; writing `0` moves the writing thread.
    static let tasks = "tasks"
    static let memoryLimit = "memory.limit_in_bytes"
    static let memorySwapLimit = "memory.memsw.limit_in_bytes"
    static let memorySoftLimit = "memory.soft_limit_in_bytes"
    static let memoryUsage = "memory.usage_in_bytes"
    static let memoryMaxUsage = "memory.max_usage_in_bytes"
    static let memoryOOMControl = "memory.oom_control"
    static let cpuPeriod = "cpu.cfs_period_us"
    static let cpuQuota = "cpu.cfs_quota_us"
    static let cpuacctUsage = "cpuacct.usage"
    static let blkioWeight = "blkio.weight"
    static let blkioBFQWeight = "blkio.bfq.weight"
    static let freezerState = "freezer.state"
    static let devicesAllow = "devices.allow"
    static let devicesDeny = "devices.deny"

    /// "No limit" in the memory and cpu quota files.
    static let unlimited = "-1"
    /// "No limit" in `pids.max`.
    static let pidsUnlimited = "max"
    /// The weights blkio starts with: CFQ's `blkio.weight`, BFQ's `blkio.bfq.weight`.
    static let defaultWeight = [blkioWeight: "500", blkioBFQWeight: "100"]
    /// The range `blkio.weight` and `blkio.bfq.weight` accept.
    package static let weightRange: ClosedRange<UInt64> = 10...1000
    /// `freezer.state` values.
    static let frozen = "FROZEN"
    static let thawed = "THAWED"
}

/// cgroup v2 interface files ctrsh reads and writes, and their special values.
package enum V2File {
    static let controllers = "cgroup.controllers"
    static let subtreeControl = "cgroup.subtree_control"
    /// Present in every cgroup but the hierarchy's real root.
    static let type = "cgroup.type"
    static let events = "cgroup.events"
    static let freeze = "cgroup.freeze"
    static let kill = "cgroup.kill"
    static let memoryMax = "memory.max"
    static let memorySwapMax = "memory.swap.max"
    /// Best-effort protection: below it the group's memory is reclaimed last.
    static let memoryLow = "memory.low"
    /// `memory.low`'s "no protection".
    static let noProtection = "0"
    static let memoryCurrent = "memory.current"
    static let memoryPeak = "memory.peak"
    static let memoryEvents = "memory.events"
    /// Writing a size asks the kernel to reclaim that much (Linux 5.19+).
    static let memoryReclaim = "memory.reclaim"
    static let cpusetCpusEffective = "cpuset.cpus.effective"
    static let cpuMax = "cpu.max"
    package static let ioWeight = "io.weight"

    /// "No limit" in `memory.max`, `memory.swap.max`, `pids.max` and `cpu.max`'s quota.
    static let unlimited = "max"
    /// The weight `io.weight` starts with.
    static let defaultWeight: UInt64 = 100
    /// The range `io.weight` accepts.
    static let weightRange: ClosedRange<UInt64> = 1...10000
    /// The controllers ctrsh enables for its groups when it can.
    static let standardControllers = ["cpuset", "cpu", "io", "memory", "pids"]
}
