import CLinux
import Glibc

/// Waiting for a container's first process in the foreground, with the
/// signals ctrsh receives meanwhile handled on its behalf.
///
/// The process shares ctrsh's process group, so the terminal's Ctrl-C
/// reaches both. A process that is PID 1 of its own pid namespace ignores
/// every signal it has no handler for (the kernel protects namespace
/// inits), so when it does not catch SIGINT or SIGQUIT, ctrsh ends it with
/// SIGKILL on its behalf, as the default action would have.
enum ForegroundWait {
    /// The result of one wait.
    struct Outcome {
        /// The process's `waitpid` status word.
        var waitStatus: Int32
        /// True when ctrsh killed it for an ignored Ctrl-C.
        var interrupted: Bool
        /// SIGTERM or SIGHUP that ctrsh itself received meanwhile: the
        /// session should end once the container is gone.
        var terminationSignal: Int32?
    }

    static func wait(for pid: pid_t, isNamespaceInit: Bool) -> Outcome {
        var outcome = Outcome(waitStatus: 0, interrupted: false, terminationSignal: nil)
        while true {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WUNTRACED)
            if result == pid {
                if status & 0xff == 0x7f {
                    // Stopped by Ctrl-Z: ctrsh has no job control, so let it go on.
                    kill(pid, SIGCONT)
                    continue
                }
                outcome.waitStatus = status
                return outcome
            }
            if result < 0 && errno != EINTR { return outcome }
            handle(ctr_signals_take(), pid: pid, isNamespaceInit: isNamespaceInit, outcome: &outcome)
        }
    }

    private static func handle(_ pending: UInt64, pid: pid_t, isNamespaceInit: Bool, outcome: inout Outcome) {
        func arrived(_ signal: Int32) -> Bool { pending & (1 << UInt64(signal)) != 0 }
        for signal in [SIGINT, SIGQUIT] where arrived(signal) {
            if isNamespaceInit && !ProcessStatus.catches(signal, pid: pid) {
                kill(pid, SIGKILL)
                outcome.interrupted = true
            }
        }
        for signal in [SIGTERM, SIGHUP] where arrived(signal) {
            outcome.terminationSignal = signal
            kill(pid, isNamespaceInit && !ProcessStatus.catches(signal, pid: pid) ? SIGKILL : signal)
        }
    }
}
