import Glibc

/// Facts about a live process read from `/proc/PID/status`.
enum ProcessStatus {
    /// True when `pid` has its own handler for `signal` (the `SigCgt` mask).
    static func catches(_ signal: Int32, pid: pid_t) -> Bool {
        guard let text = FileText.readIfPresent("/proc/\(pid)/status"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
              let mask = UInt64(line.dropFirst("SigCgt:".count).trimmed, radix: 16)
        else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }
}
