import Glibc

/// Facts about a live process read from `/proc/PID/status`.
public enum ProcessStatus {
    /// A hexadecimal mask field (`SigCgt`, `CapEff`, …) of `pid`, or nil.
    public static func mask(_ field: String, pid: pid_t) -> UInt64? {
        guard let text = FileText.readIfPresent("/proc/\(pid)/status"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return nil }
        return UInt64(line.dropFirst(field.count + 1).trimmed, radix: 16)
    }

    /// True when `pid` has its own handler for `signal` (the `SigCgt` mask).
    static func catches(_ signal: Int32, pid: pid_t) -> Bool {
        guard let mask = mask("SigCgt", pid: pid) else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }
}
