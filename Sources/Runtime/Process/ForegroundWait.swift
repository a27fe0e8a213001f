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

    /// Waits until `pid` exits. With a `tee`, copies its output meanwhile.
    ///
    /// ctrsh's signals stay blocked except inside the poll, so one that
    /// arrives between a check and the wait is not lost: it interrupts the
    /// poll at once. The poll also wakes when the child exits (its pidfd),
    /// when the tee has output, and every 100 ms to notice Ctrl-Z stops.
    static func wait(for pid: pid_t, isNamespaceInit: Bool, tee: OutputTee?) -> Outcome {
        var outcome = Outcome(waitStatus: 0, interrupted: false, terminationSignal: nil)
        ctr_signals_block(1)
        defer { ctr_signals_block(0) }
        let pidfd = ctr_pidfd_open(pid)
        defer { if pidfd >= 0 { close(pidfd) } }
        while true {
            handle(SignalInbox.take(), pid: pid, isNamespaceInit: isNamespaceInit, outcome: &outcome)
            var status: Int32 = 0
            let result = waitpid(pid, &status, WUNTRACED | WNOHANG)
            if result == pid {
                if status & 0xff == 0x7f {
                    // Stopped by Ctrl-Z: ctrsh has no job control, so let it go on.
                    kill(pid, SIGCONT)
                    continue
                }
                tee?.drain()
                outcome.waitStatus = status
                return outcome
            }
            if result < 0 && errno != EINTR {
                tee?.drain()
                return outcome
            }
            var fds = ([pidfd] + (tee?.openReadDescriptors ?? [])).filter { $0 >= 0 }
                .map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            _ = ctr_poll_unblocked(&fds, UInt32(fds.count), 100)
            if let tee { _ = tee.pump(timeout: 0) }
        }
    }

    private static func handle(_ pending: Set<Int32>, pid: pid_t, isNamespaceInit: Bool, outcome: inout Outcome) {
        for signal in [SIGINT, SIGQUIT] where pending.contains(signal) {
            if isNamespaceInit && !ProcessStatus.catches(signal, pid: pid) {
                kill(pid, SIGKILL)
                outcome.interrupted = true
            }
        }
        for signal in [SIGTERM, SIGHUP] where pending.contains(signal) {
            outcome.terminationSignal = signal
            kill(pid, isNamespaceInit && !ProcessStatus.catches(signal, pid: pid) ? SIGKILL : signal)
        }
    }
}
