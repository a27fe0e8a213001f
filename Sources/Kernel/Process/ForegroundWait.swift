import CLinux
import Glibc

/// Waiting for a container's first process in the foreground, with the
/// signals ctrsh receives meanwhile handled on its behalf.
///
/// The process runs in a session of its own: with ctrsh at a terminal, on
/// its own pseudo-terminal (`ContainerTerminal`), whose line discipline
/// turns a typed Ctrl-C into its SIGINT; without one, ctrsh passes on the
/// SIGINT or SIGQUIT it receives to the process's group. A process that is
/// PID 1 of its own pid namespace ignores every signal it has no handler
/// for (the kernel protects namespace inits), so when it does not catch
/// SIGINT or SIGQUIT, ctrsh ends it with SIGKILL on its behalf, as the
/// default action would have.
package enum ForegroundWait {
    /// The result of one wait.
    package struct Outcome {
        /// The process's `waitpid` status word.
        package var waitStatus: Int32
        /// True when ctrsh killed it for an ignored Ctrl-C.
        package var interrupted: Bool
        /// SIGTERM or SIGHUP that ctrsh itself received meanwhile: the
        /// session should end once the container is gone.
        package var terminationSignal: Int32?
    }

    /// Waits until `pid` exits. With a `tee`, copies its output meanwhile;
    /// with a `terminal`, relays it (ctrsh's own terminal in raw mode until
    /// the wait ends).
    ///
    /// ctrsh's signals stay blocked except inside the poll, so one that
    /// arrives between a check and the wait is not lost: it interrupts the
    /// poll at once. The poll also wakes when the child exits (its pidfd),
    /// when the tee or the terminal has something to move, and every 100 ms
    /// to notice Ctrl-Z stops.
    package static func wait(for pid: pid_t, isNamespaceInit: Bool, tee: OutputTee?, terminal: ContainerTerminal? = nil) -> Outcome {
        var outcome = Outcome(waitStatus: 0, interrupted: false, terminationSignal: nil)
        ctr_signals_block(1)
        defer { ctr_signals_block(0) }
        terminal?.enterRawMode()
        defer { terminal?.restore() }
        let pidfd = ctr_pidfd_open(pid)
        defer { if pidfd >= 0 { close(pidfd) } }
        var typed: Set<Int32> = []
        while true {
            let received = SignalInbox.take()
            if received.contains(SIGWINCH) { terminal?.copyWindowSize() }
            handle(received: received, typed: typed, pid: pid, isNamespaceInit: isNamespaceInit, outcome: &outcome)
            var status: Int32 = 0
            let result = waitpid(pid, &status, WUNTRACED | WNOHANG)
            if result == pid {
                if status & 0xff == 0x7f {
                    // Stopped by Ctrl-Z: ctrsh has no job control, so let it go on.
                    kill(pid, SIGCONT)
                    continue
                }
                finish(tee: tee, terminal: terminal)
                outcome.waitStatus = status
                return outcome
            }
            if result < 0 && errno != EINTR {
                finish(tee: tee, terminal: terminal)
                return outcome
            }
            let teeFDs = (tee?.openReadDescriptors ?? []).filter { $0 >= 0 }
            var fds = ([pidfd] + teeFDs).filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let relayed = fds.count
            fds += terminal?.pollEntries ?? []
            _ = ctr_poll_unblocked(&fds, UInt32(fds.count), 100)
            if let tee { _ = tee.pump(timeout: 0) }
            // Once it has exited, keys typed ahead are for ctrsh's prompt.
            let exited = pidfd >= 0 && fds[0].revents != 0
            typed = terminal?.relay(fds[relayed...], takingInput: !exited) ?? []
        }
    }

    /// Copies the container's last output, then discards the answers the
    /// terminal still owes to queries in it (`TerminalAnswers`), so that
    /// none reaches ctrsh's prompt.
    private static func finish(tee: OutputTee?, terminal: ContainerTerminal?) {
        tee?.drain()
        guard let terminal else { return }
        terminal.drain()
        TerminalAnswers.discardPending()
    }

    /// `received`: the signals ctrsh itself got; `typed`: the ones the keys
    /// just relayed raise in the container's own terminal.
    private static func handle(
        received: Set<Int32>, typed: Set<Int32>, pid: pid_t, isNamespaceInit: Bool, outcome: inout Outcome
    ) {
        for signal in [SIGINT, SIGQUIT] where received.contains(signal) || typed.contains(signal) {
            if isNamespaceInit && !ProcessStatus.catches(signal, pid: pid) {
                kill(pid, SIGKILL)
                outcome.interrupted = true
            } else if received.contains(signal) {
                // Its own session's group: the terminal's signal did not reach it.
                if kill(-pid, signal) < 0 { kill(pid, signal) }
            }
        }
        for signal in [SIGTERM, SIGHUP] where received.contains(signal) {
            outcome.terminationSignal = signal
            kill(pid, isNamespaceInit && !ProcessStatus.catches(signal, pid: pid) ? SIGKILL : signal)
        }
    }
}
