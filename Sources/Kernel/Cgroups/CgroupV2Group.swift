import Glibc

/// One container's group on cgroup v2: a single directory in the unified tree.
final class CgroupV2Group: CgroupGroup {
    let driver: CgroupV2Driver
    let directory: String

    init(driver: CgroupV2Driver, directory: String) {
        self.driver = driver
        self.directory = directory
    }

    var files: CgroupFiles { driver.files }
    var displayPath: String { directory }
    var cloneIntoDirectory: String? { directory }

    var taskFiles: [String] { [] }

    /// The path of one interface file of the group.
    func path(_ file: String) -> String { joinPath(directory, file) }

    /// Enables the controllers `limits` needs (a live `cgroup set` may need
    /// one the group was created without), then writes the limits.
    func apply(_ limits: CgroupLimits, previous: CgroupLimits) throws(RuntimeError) {
        let needed = CgroupV2Controllers.needed(by: limits)
        let enabled = CgroupFiles.words(joinPath(parentPath(directory), V2File.subtreeControl))
        if !needed.isSubset(of: enabled) {
            try driver.controllers.prepareSession(required: needed)
        }
        try write(limits, previous: previous)
    }

    /// Attaches the session's program for the policy to the group, loaded
    /// at its first use (`CgroupV2DevicePrograms`: a loaded program cannot
    /// be changed, so any container may share one).
    func restrictDevices(to policy: DevicePolicy, shareable: Bool) throws(RuntimeError) {
        try driver.devicePrograms.attach(policy, to: directory, files: files)
    }

    func add(pid: pid_t) throws(RuntimeError) {
        try files.write("\(pid)", to: path(CommonFile.procs))
    }

    func processes() -> [pid_t] {
        CgroupFiles.pids(path(CommonFile.procs))
    }

    func usage() -> CgroupUsage {
        var usage = CgroupUsage()
        usage.memoryCurrent = CgroupFiles.number(path(V2File.memoryCurrent))
        usage.memoryPeak = CgroupFiles.number(path(V2File.memoryPeak))
        usage.oomKills = oomKills()
        usage.pidsCurrent = CgroupFiles.number(path(CommonFile.pidsCurrent))
        let stat = path(CommonFile.cpuStat)
        usage.cpuUsageNanoseconds = CgroupFiles.keyed(stat, "usage_usec").map { $0 * 1000 }
        usage.throttledPeriods = CgroupFiles.keyed(stat, "nr_throttled")
        usage.throttledNanoseconds = CgroupFiles.keyed(stat, "throttled_usec").map { $0 * 1000 }
        return usage
    }

    func oomKills() -> UInt64? {
        CgroupFiles.keyed(path(V2File.memoryEvents), "oom_kill")
    }

    /// Writes `cgroup.freeze` and waits until `cgroup.events` reports the
    /// group `frozen 1` (or `frozen 0`).
    func setFrozen(_ frozen: Bool) throws(RuntimeError) {
        let freeze = path(V2File.freeze)
        guard CgroupFiles.exists(freeze) else {
            throw .cgroup(.noFreezeFile(directory: directory))
        }
        try files.write(frozen ? "1" : "0", to: freeze)
        let target: UInt64 = frozen ? 1 : 0
        let events = path(V2File.events)
        if CgroupLayout.wait(seconds: 5, until: { CgroupFiles.keyed(events, "frozen") == target }) { return }
        if frozen { try? files.write("0", to: freeze) }
        throw .cgroup(.freezeEventMissing(path: events, frozen: target))
    }

    /// `cgroup.kill` (Linux 5.14+) kills every process at once; without it,
    /// freeze so nothing forks, SIGKILL each process, thaw.
    func killAll() {
        let kill = path(V2File.kill)
        if CgroupFiles.exists(kill), (try? files.write("1", to: kill)) != nil { return }
        let frozen = (try? setFrozen(true)) != nil
        for _ in 0..<(frozen ? 1 : 10) {
            let pids = processes()
            if pids.isEmpty { break }
            for pid in pids { Glibc.kill(pid, SIGKILL) }
        }
        if frozen { try? setFrozen(false) }
    }

    /// Kills what is left, then removes the directory.
    func remove() throws(RuntimeError) {
        if !processes().isEmpty { killAll() }
        try CgroupLayout.removeGroupDirectory(directory, files)
    }
}
