import Glibc

/// Asks systemd for a transient scope of ctrsh's own with `Delegate=yes`
/// and moves ctrsh into it: how a program that is not a unit of its own
/// gets a cgroup subtree it may manage on a systemd machine (podman and
/// crun's systemd driver do the same for their processes).
///
/// The request is the D-Bus method `StartTransientUnit` of
/// `org.freedesktop.systemd1.Manager`, sent with `busctl` (part of systemd
/// itself, so present wherever systemd is). systemd is not a kernel tool:
/// the architecture's rule against shelling out covers kernel steps, which
/// ctrsh takes itself; the unit is systemd's to make, through its API.
/// `busctl` speaks that API without a D-Bus library in the static build.
enum CgroupSystemdScope {
    /// The program that sends the request.
    static let client = "busctl"
    /// How long systemd may take to move ctrsh into the scope.
    static let patienceSeconds: UInt32 = 5

    /// The `busctl` command that asks for `unit` holding `pid`, delegated.
    static func request(unit: String, pid: pid_t) -> [String] {
        [
            client, "call", "--quiet", "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
            "org.freedesktop.systemd1.Manager", "StartTransientUnit", "ssa(sv)a(sa(sv))",
            unit, "fail", "3",
            "Description", "s", "ctrsh session \(pid) and its containers",
            "PIDs", "au", "1", "\(pid)",
            "Delegate", "b", "true",
            "0",
        ]
    }

    /// Starts `unit` with ctrsh in it and returns ctrsh's new cgroup path
    /// (relative to the cgroup2 root), once `/proc/self/cgroup` shows it.
    static func enter(unit: String, files: CgroupFiles) throws(RuntimeError) -> String {
        let argv = request(unit: unit, pid: getpid())
        files.observer?(.hostProgram(argv))
        do {
            _ = try HostProgram.output(argv)
        } catch {
            throw .cgroup(.scopeRequestFailed(error))
        }
        var path: String?
        let moved = CgroupLayout.wait(seconds: patienceSeconds) {
            path = ownUnifiedPath()
            return path?.hasSuffix("/" + unit) == true
        }
        guard moved, let path else {
            throw .cgroup(.scopeNotJoined(unit: unit, seconds: patienceSeconds, current: path))
        }
        return path
    }

    /// ctrsh's cgroup v2 path from `/proc/self/cgroup` (`0::/system.slice/…`).
    static func ownUnifiedPath() -> String? {
        guard let text = FileText.readIfPresent(CgroupSystem.procSelfCgroupPath) else { return nil }
        return text.split(separator: "\n").first { $0.hasPrefix("0::") }.map { String($0.dropFirst(3)) }
    }
}
