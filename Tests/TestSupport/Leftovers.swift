import CtrRuntime
import Glibc

/// What a ctrsh run may leave behind on the machine, looked up the way a
/// person would check by hand (`find /sys/fs/cgroup -name '*ctrsh*'`,
/// `grep … /proc/self/mountinfo`).
public enum Leftovers {
    /// The cgroup filesystem root.
    public static let cgroupRoot = "/sys/fs/cgroup"

    /// Every directory under the cgroup tree whose name contains `ctrsh`,
    /// with everything below it.
    public static func ctrshCgroupDirectories() -> [String] {
        var found: [String] = []
        func walk(_ path: String, inside: Bool) {
            for name in Directory.names(path) where Directory.isDirectory(path + "/" + name) {
                let child = path + "/" + name
                let isCtrsh = inside || name.contains("ctrsh")
                if isCtrsh { found.append(child) }
                walk(child, inside: isCtrsh)
            }
        }
        walk(cgroupRoot, inside: false)
        return found
    }

    /// Cgroup directories of the ctrsh session that ran as `pid`
    /// (`…/ctrsh/<pid>` and below), in every hierarchy.
    public static func cgroupDirectories(ofSession pid: pid_t) -> [String] {
        ctrshCgroupDirectories().filter { $0.hasSuffix("/ctrsh/\(pid)") || $0.contains("/ctrsh/\(pid)/") }
    }

    /// `ctrsh` parent directories that no other live session uses: every
    /// session directory below them is named after a process that is gone.
    /// Waits up to `seconds` for a concurrent session's to go away.
    public static func abandonedCtrshParents(seconds: Double = 2) -> [String] {
        let deadline = Clock.now + seconds
        while true {
            let abandoned = ctrshCgroupDirectories().filter { path in
                guard path.hasSuffix("/ctrsh") else { return false }
                return Directory.names(path).filter { Directory.isDirectory(path + "/" + $0) }
                    .allSatisfy { session in pid_t(session).map { kill($0, 0) != 0 && errno == ESRCH } ?? false }
            }
            if abandoned.isEmpty || Clock.now > deadline { return abandoned }
            usleep(50_000)
        }
    }

    /// Removes what a ctrsh that ran as `pid` left in the cgroup tree (a
    /// failed test, a killed ctrsh): kills the processes in its groups,
    /// removes them deepest first, then its `ctrsh` parent where empty.
    /// Only `…/ctrsh/<pid>` and an empty `…/ctrsh` are ever touched.
    public static func removeCgroups(ofSession pid: pid_t) {
        let directories = cgroupDirectories(ofSession: pid).sorted { $0.count > $1.count }
        guard !directories.isEmpty else { return }
        for directory in directories {
            for process in (FileText.readIfPresent(directory + "/cgroup.procs") ?? "").split(separator: "\n") {
                if let process = pid_t(process) { kill(process, SIGKILL) }
            }
        }
        for directory in directories {
            let deadline = Clock.monotonicSeconds + 2
            while rmdir(directory) != 0 && errno == EBUSY && Clock.monotonicSeconds < deadline { usleep(10_000) }
        }
        let parents = Set(directories.compactMap { path in path.range(of: "/ctrsh/").map { String(path[..<$0.lowerBound]) + "/ctrsh" } })
        for parent in parents { rmdir(parent) }
    }

    /// What root's session `session` has under `/run/ctrsh`: its
    /// directory, its lock, a lock it was making; empty once it is gone.
    public static func state(ofSession session: String) -> [String] {
        ["", ".lock", ".lock.new"].map { "/run/ctrsh/\(session)" + $0 }.filter(Directory.exists)
    }

    /// Removes what `state(ofSession:)` finds (a failed test, a killed ctrsh).
    public static func removeState(ofSession session: String) {
        for path in state(ofSession: session) { _ = try? HostProgram.run(["rm", "-rf", "--one-file-system", path]) }
    }

    /// Lines of this process's mount table that mention `text`.
    public static func mounts(mentioning text: String) -> [String] {
        (FileText.readIfPresent("/proc/self/mountinfo") ?? "").split(separator: "\n")
            .filter { $0.contains(text) }.map(String.init)
    }

    /// PIDs of live processes whose command line mentions `text`.
    public static func processes(mentioning text: String) -> [pid_t] {
        Directory.names("/proc").compactMap { pid_t($0) }.filter { pid in
            guard let raw = FileText.readIfPresent("/proc/\(pid)/cmdline") else { return false }
            return raw.replacing("\u{0}", with: " ").contains(text)
        }
    }

    /// True while `pid` is a live process: not gone, not a zombie.
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = FileText.readIfPresent("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }
}
