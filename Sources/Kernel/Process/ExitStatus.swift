import Glibc

/// How a container's process ended, as ctrsh reports it and sets `$?`:
/// facts, worded by ctrsh's Commands ("exited with status 2", in the
/// session's language: `ExitStatusWords`).
public enum ExitStatus: Equatable, Sendable, CustomStringConvertible {
    /// It called exit with this code.
    case exited(Int32)
    /// A signal killed it.
    case signaled(Int32)
    /// The kernel's OOM killer ended it under this memory limit.
    case oomKilled(limit: ByteLimit?)
    /// Ctrl-C reached it while it was PID 1 of its namespace and had no
    /// handler, so ctrsh ended it with SIGKILL on its behalf.
    case interrupted

    /// The status as a shell gives it: the code, or 128 + the signal.
    public var code: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        case .oomKilled: 128 + SIGKILL
        case .interrupted: 128 + SIGINT
        }
    }

    /// The English words, only for the one runtime message still built as
    /// text (`HostProgram`'s failure, which its own kind replaces: then this
    /// goes); ctrsh says a status with `ExitStatusWords`.
    public var description: String {
        switch self {
        case .exited(let code): "exited with status \(code)"
        case .signaled(let signal): "killed by \(SignalNames.name(of: signal)) (status \(code))"
        case .oomKilled(let limit): "killed by the OOM killer (memory limit \(limit.map(\.description) ?? "of an ancestor cgroup"))"
        case .interrupted: "interrupted by Ctrl-C (status \(code))"
        }
    }

    /// Decodes a `waitpid` status word (the WIFEXITED/WTERMSIG macros,
    /// which Swift cannot import).
    package init(waitStatus status: Int32) {
        let signal = status & 0x7f
        self = signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}
