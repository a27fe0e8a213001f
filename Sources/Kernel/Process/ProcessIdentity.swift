import Glibc

/// A process as a PID plus its start time (field 22 of `/proc/PID/stat`,
/// in clock ticks since boot), so that a reused PID is never mistaken for
/// the process ctrsh started.
public struct ProcessIdentity: Equatable, Sendable {
    public var pid: pid_t
    public var startTime: UInt64

    /// The identity of the live process `pid`, or nil when there is none.
    public init?(pid: pid_t) {
        guard let stat = FileText.readIfPresent("/proc/\(pid)/stat"),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name, which may hold spaces: state is field 3.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let start = UInt64(fields[19]) else { return nil }
        self.pid = pid
        self.startTime = start
    }

    public init(pid: pid_t, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// True while this very process still exists (a zombie counts).
    public var isAlive: Bool { ProcessIdentity(pid: pid) == self }
}
