import Glibc

/// One container's group on cgroup v1: a directory in each hierarchy it has
/// joined, all named `<own>/ctrsh/<session>/<name>`.
final class CgroupV1Group: CgroupGroup {
    /// The group's directory in one hierarchy.
    struct Membership {
        var hierarchy: CgroupHierarchy
        var directory: String
        /// False when the directory was already there (only then is it
        /// left behind if creating the group fails).
        var created: Bool
    }

    let driver: CgroupV1Driver
    let name: String
    /// The hierarchies joined so far, in the order they were joined.
    private(set) var memberships: [Membership] = []
    /// The session's shared devices group (`CgroupV1Session`), when
    /// the group's processes are held there instead of in a devices group
    /// of its own. Only joined: never counted, frozen, killed or removed
    /// as this group's, since other containers' processes are in it too.
    private(set) var sharedDevices: String?

    init(driver: CgroupV1Driver, name: String) {
        self.driver = driver
        self.name = name
    }

    var files: CgroupFiles { driver.files }

    var displayPath: String {
        directory(for: "memory") ?? memberships.first?.directory ?? ""
    }

    var cloneIntoDirectory: String? { nil }

    var taskFiles: [String] { joinedDirectories.map { joinPath($0, V1File.tasks) } }

    /// Every directory a process of the group joins: its own, then the
    /// shared devices group's.
    private var joinedDirectories: [String] {
        var directories = memberships.map { $0.directory }
        if let sharedDevices { directories.append(sharedDevices) }
        return directories
    }

    /// The group's directory in the hierarchy of `controller`, if joined.
    func directory(for controller: String) -> String? {
        memberships.first { $0.hierarchy.controllers.contains(controller) }?.directory
    }

    /// The group's directory in the hierarchy of `controller`, created
    /// (with its parents) if needed. Processes already in the group are
    /// moved into a hierarchy joined late, so every hierarchy holds them all.
    func join(_ controller: String) throws(RuntimeError) -> String {
        if let directory = directory(for: controller) { return directory }
        guard let hierarchy = driver.hierarchy(for: controller) else {
            throw .cgroup(.controllerNotMounted(controller, mounted: driver.controllers))
        }
        let isCpuset = hierarchy.controllers.contains("cpuset")
        try driver.made.ensureSessionDirectory(in: hierarchy, of: driver) { (directory) throws(RuntimeError) in
            if isCpuset { try driver.inheritCpuset(directory) }
        }
        let directory = driver.layout(hierarchy).groupDirectory(name)
        let running = processes()
        let created = try files.makeDirectory(directory)
        memberships.append(Membership(hierarchy: hierarchy, directory: directory, created: created))
        if isCpuset { try driver.inheritCpuset(directory) }
        for pid in running {
            try files.write("\(pid)", to: joinPath(directory, CommonFile.procs))
        }
        return directory
    }

    /// The path of `file` in the hierarchy of its controller (the part of
    /// the name before the first `.`), joining that hierarchy if needed.
    func path(of file: String) throws(RuntimeError) -> String {
        let controller = String(file.prefix(while: { $0 != "." }))
        return joinPath(try join(controller), file)
    }

    /// Uses the session's shared devices group where it may (`shareable`,
    /// the default policy); otherwise joins the devices hierarchy, denies
    /// everything (`a` to `devices.deny`), then writes the policy's rules
    /// in order.
    func restrictDevices(to policy: DevicePolicy, shareable: Bool) throws(RuntimeError) {
        if shareable, let shared = try driver.made.devicesDirectory(for: policy, in: driver) {
            sharedDevices = shared
            return
        }
        let directory = try join("devices")
        for (file, value) in policy.v1Writes {
            try files.write(value, to: joinPath(directory, file))
        }
    }

    func add(pid: pid_t) throws(RuntimeError) {
        for directory in joinedDirectories {
            try files.write("\(pid)", to: joinPath(directory, CommonFile.procs))
        }
    }

    func processes() -> [pid_t] {
        var seen = Set<pid_t>()
        var all: [pid_t] = []
        for membership in memberships {
            for pid in CgroupFiles.pids(joinPath(membership.directory, CommonFile.procs)) where seen.insert(pid).inserted {
                all.append(pid)
            }
        }
        return all
    }

    func usage() -> CgroupUsage {
        var usage = CgroupUsage()
        if let memory = directory(for: "memory") {
            usage.memoryCurrent = CgroupFiles.number(joinPath(memory, V1File.memoryUsage))
            usage.memoryPeak = CgroupFiles.number(joinPath(memory, V1File.memoryMaxUsage))
        }
        usage.oomKills = oomKills()
        if let pids = directory(for: "pids") {
            usage.pidsCurrent = CgroupFiles.number(joinPath(pids, CommonFile.pidsCurrent))
        }
        if let cpuacct = directory(for: "cpuacct") {
            usage.cpuUsageNanoseconds = CgroupFiles.number(joinPath(cpuacct, V1File.cpuacctUsage))
        }
        if let cpu = directory(for: "cpu") {
            let stat = joinPath(cpu, CommonFile.cpuStat)
            usage.throttledPeriods = CgroupFiles.keyed(stat, "nr_throttled")
            usage.throttledNanoseconds = CgroupFiles.keyed(stat, "throttled_time")
        }
        return usage
    }

    func oomKills() -> UInt64? {
        directory(for: "memory").flatMap { CgroupFiles.keyed(joinPath($0, V1File.memoryOOMControl), "oom_kill") }
    }

    /// Writes `FROZEN` or `THAWED` and waits until `freezer.state` says so
    /// (it reads `FREEZING` while tasks are still being stopped).
    func setFrozen(_ frozen: Bool) throws(RuntimeError) {
        guard let freezer = directory(for: "freezer") else {
            throw .cgroup(.noFreezer)
        }
        let path = joinPath(freezer, V1File.freezerState)
        let target = frozen ? V1File.frozen : V1File.thawed
        try files.write(target, to: path)
        if CgroupLayout.wait(seconds: 5, until: { CgroupFiles.read(path) == target }) { return }
        let state = CgroupFiles.read(path) ?? "unreadable"
        if frozen { try? files.write(V1File.thawed, to: path) }
        throw .cgroup(.freezerStuck(path: path, state: state))
    }

    /// Freezes the group so nothing forks, SIGKILLs every process, thaws it
    /// so the signals are delivered. Without a freezer, kills in rounds.
    func killAll() {
        // Most groups are already empty when their container ends: no freeze then.
        if processes().isEmpty { return }
        let frozen = (try? setFrozen(true)) != nil
        for _ in 0..<(frozen ? 1 : 10) {
            let pids = processes()
            if pids.isEmpty { break }
            for pid in pids { kill(pid, SIGKILL) }
        }
        if frozen { try? setFrozen(false) }
    }

    /// Kills what is left, then removes the directory in every hierarchy.
    func remove() throws(RuntimeError) {
        if !processes().isEmpty { killAll() }
        var firstError: RuntimeError?
        var remaining: [Membership] = []
        for membership in memberships.reversed() {
            do {
                try CgroupLayout.removeGroupDirectory(membership.directory, files)
            } catch {
                firstError = firstError ?? error
                remaining.insert(membership, at: 0)
            }
        }
        memberships = remaining
        if let firstError { throw firstError }
    }

    /// Undoes a failed creation: removes the directories this group created.
    func discard() {
        for membership in memberships.reversed() where membership.created {
            try? CgroupLayout.removeGroupDirectory(membership.directory, files)
        }
        memberships.removeAll()
    }
}
