import CLinux
import Glibc

/// The signals ctrsh itself received, recorded by async-signal-safe
/// handlers and read here between blocking calls.
public enum SignalInbox {
    /// Installs the recording handlers (SIGINT, SIGTERM, SIGHUP, SIGQUIT,
    /// SIGWINCH, SIGPIPE, SIGTSTP, SIGTTIN). Handlers rather than SIG_IGN, so that nothing
    /// stays ignored in the containers' programs.
    public static func install() { ctr_signals_install() }

    /// The signals that arrived since the last call; clears them.
    public static func take() -> Set<Int32> {
        let bits = ctr_signals_take()
        return Set((1..<64).filter { bits & (1 << UInt64($0)) != 0 }.map(Int32.init))
    }
}

extension SignalInbox {
    /// Takes SIGINT, SIGTERM or SIGHUP if one arrived: the signals that end
    /// what ctrsh is waiting for (a sleep, a read, a match). Any other
    /// signal that arrived stays recorded for whoever reads it next.
    public static func takeEnding() -> Int32? {
        let signals = take()
        let ending = [SIGTERM, SIGHUP, SIGINT].first(where: signals.contains)
        for other in signals where other != ending { raise(other) }
        return ending
    }

    /// Sleeps for `duration`, resuming after other signals (a window
    /// resize); returns early with SIGINT, SIGTERM or SIGHUP, so that a
    /// pause does not hold off Ctrl-C or the session's end.
    public static func sleep(for duration: Duration) -> Int32? {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) < 0 && errno == EINTR {
            if let ending = takeEnding() { return ending }
            request = remaining
        }
        return nil
    }
}
