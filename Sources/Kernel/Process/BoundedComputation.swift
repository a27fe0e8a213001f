import Glibc

/// Runs a pure computation that might never end (a regular expression that
/// backtracks exponentially: `(a*)*b`) in a forked copy of ctrsh that can
/// be stopped, and waits for its yes-or-no answer with a time limit.
///
/// Swift's `Regex` has no timeout and a thread cannot be killed; a process
/// can. ctrsh is single-threaded, so the copy can run Swift code. (In a
/// multithreaded program that embeds a shell, the copy could block on a
/// lock another thread held at the fork; it is then killed at the time
/// limit like a hopeless match, never left behind.) While it
/// waits, SIGINT, SIGTERM and SIGHUP are acted on at once: the copy is
/// killed and the caller learns which signal came, so a session ends
/// cleanly even in the middle of a hopeless match. Should ctrsh itself be
/// killed meanwhile, the copy still dies at its CPU time limit.
public enum BoundedComputation {
    /// How one run ended.
    public enum Outcome: Equatable, Sendable {
        /// The computation's answer.
        case answered(Bool)
        /// The time limit passed first; the copy was killed.
        case timedOut
        /// ctrsh received this signal first; the copy was killed.
        case interrupted(Int32)
        /// The copy could not be started.
        case failed(RuntimeError)
        /// The copy died without answering.
        case unanswered
    }

    /// Runs `body` in a forked copy, for at most `seconds`.
    public static func run(seconds: Int, _ body: () -> Bool) -> Outcome {
        var answerPipe: Pipe
        do {
            answerPipe = try Pipe()
        } catch {
            return .failed(error)
        }
        let pid = fork()
        if pid == 0 {
            // Whatever happens to ctrsh, the copy dies after its CPU time
            // (SIGXCPU, then SIGKILL), leaving no core file behind.
            var cpu = rlimit(rlim_cur: rlim_t(seconds + 1), rlim_max: rlim_t(seconds + 2))
            var core = rlimit(rlim_cur: 0, rlim_max: 0)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &cpu)
            _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &core)
            var answer: UInt8 = body() ? 1 : 0
            _ = write(answerPipe.writeEnd, &answer, 1)
            _exit(0)
        }
        answerPipe.closeWrite()
        guard pid > 0 else { return .failed(.lastError(SystemCall("fork"))) }
        let outcome = wait(for: answerPipe.readEnd, seconds: seconds)
        if outcome != .answered(true) && outcome != .answered(false) { kill(pid, SIGKILL) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return outcome
    }

    /// The answer byte on `fd`, the time limit, or an ending signal, whichever
    /// comes first.
    private static func wait(for fd: Int32, seconds: Int) -> Outcome {
        let deadline = ContinuousClock.now + .seconds(seconds)
        return SignalAwareWait.run { wait in
            while true {
                if let signal = wait.takeEnding() { return .interrupted(signal) }
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { return .timedOut }
                let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
                guard wait.poll(fd, milliseconds: Int32(min(milliseconds + 1, 1000))) else { continue }
                var answer: UInt8 = 0
                let count = read(fd, &answer, 1)
                if count < 0 && errno == EINTR { continue }
                return count == 1 ? .answered(answer == 1) : .unanswered
            }
        }
    }
}
