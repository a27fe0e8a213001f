import Glibc

/// One row of `ps`: a process of a container, seen from both sides.
public struct ProcessEntry: Equatable, Sendable {
    /// Its PID on the host.
    public var hostPID: pid_t
    /// Its PID in its own (innermost) pid namespace, from `NSpid`.
    public var containerPID: pid_t
    /// Its real user ID.
    public var uid: UInt32
    /// Its command line, or `[name]` when it has none.
    public var command: String
}

/// Reads `/proc` for `ps`.
public enum ProcessTable {
    /// The entries of `pids` that still exist, by PID inside.
    public static func entries(for pids: [pid_t]) -> [ProcessEntry] {
        pids.compactMap(entry).sorted { ($0.containerPID, $0.hostPID) < ($1.containerPID, $1.hostPID) }
    }

    static func entry(_ pid: pid_t) -> ProcessEntry? {
        guard let status = FileText.readIfPresent("/proc/\(pid)/status") else { return nil }
        var nsPID = pid
        var uid: UInt32 = 0
        var name = ""
        for line in status.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            guard let key = parts.first, parts.count > 1 else { continue }
            switch key {
            case "Name:": name = String(parts[1])
            case "Uid:": uid = UInt32(parts[1]) ?? 0
            case "NSpid:": nsPID = pid_t(parts[parts.count - 1]) ?? pid
            default: break
            }
        }
        let cmdline = FileText.readIfPresent("/proc/\(pid)/cmdline") ?? ""
        let command = cmdline.split(separator: "\0").joined(separator: " ")
        return ProcessEntry(hostPID: pid, containerPID: nsPID, uid: uid, command: command.isEmpty ? "[\(name)]" : command)
    }

    /// The name of `uid` in a root filesystem's `/etc/passwd`, or the number.
    public static func userName(_ uid: UInt32, root: String?) -> String {
        let passwd = FileText.readIfPresent((root ?? "") + "/etc/passwd") ?? ""
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count > 2, UInt32(fields[2]) == uid { return String(fields[0]) }
        }
        return String(uid)
    }
}
