import Glibc

/// Facts about a live process read from `/proc/PID/status`.
public enum ProcessStatus {
    /// A field of `pid`'s status as the kernel writes it (`Seccomp` → "2"), or nil.
    public static func value(_ field: String, pid: pid_t) -> String? {
        guard let text = FileText.readIfPresent("/proc/\(pid)/status"),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return nil }
        return String(line.dropFirst(field.count + 1).trimmed)
    }

    /// A hexadecimal mask field (`SigCgt`, `CapEff`, …) of `pid`, or nil.
    public static func mask(_ field: String, pid: pid_t) -> UInt64? {
        value(field, pid: pid).flatMap { UInt64($0, radix: 16) }
    }

    /// True when `pid` has its own handler for `signal` (the `SigCgt` mask).
    static func catches(_ signal: Int32, pid: pid_t) -> Bool {
        guard let mask = mask("SigCgt", pid: pid) else { return false }
        return mask & (1 << UInt64(signal - 1)) != 0
    }
}
