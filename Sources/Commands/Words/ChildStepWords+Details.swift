import CLinux
import CtrRuntime
import Glibc

/// The words of `CTR_STEP_EXEC`, which depend on what was missing where.
enum ExecWords {
    @Sendable static func failure(_ failure: ChildFailure) -> Phrase {
        let path = failure.path
        let reason = ErrnoWords.phrase(failure.errno)
        switch failure.errno {
        case ENOENT where failure.programExists:
            return "exec: `\(path)` exists, but its interpreter (#!) or dynamic loader is missing from the container's root"
        case ENOENT, ENOTDIR:
            guard path.contains("/") else { return "exec: `\(path)` not found in the container's PATH" }
            guard let found = failure.foundOnPath else { return "exec: `\(path)` not found in the container's root" }
            return "exec: `\(path)` not found in the container's root; the root has `\(found)` (a name without `/` is looked up in PATH)"
        case EACCES: return "exec: `\(path)` is not executable: \(reason)"
        case ENOEXEC: return "exec: `\(path)`: \(reason) (a script without `#!`, or a program for another architecture)"
        default: return "exec: `\(path)`: \(reason)"
        }
    }

    @Sendable static func explain(_ report: ChildStepReport) -> Phrase {
        let launch = report.launch
        if report.number < 0 { return "execve \(launch.initProgram) (from ctrsh's directory, with every signal blocked)" }
        return Phrase(verbatim: "execve " + (report.number < launch.candidates.count ? launch.candidates[report.number] : launch.program))
    }
}

/// The words of `CTR_STEP_TERMINAL`, whose number is an `enum ctr_terminal_failure`.
enum TerminalWords {
    /// What the child was doing when its terminal step failed.
    static func what(_ number: Int) -> Phrase {
        switch UInt32(truncatingIfNeeded: number) {
        case CTR_TERMINAL_OPEN.rawValue: "open `/dev/ptmx`"
        case CTR_TERMINAL_SLAVE.rawValue: "unlock and open the slave of a new pseudo-terminal"
        case CTR_TERMINAL_NOT_PTY.rawValue: "a devpts terminal as the slave"
        case CTR_TERMINAL_SETTINGS.rawValue: "set the terminal's settings, window size and owner"
        case CTR_TERMINAL_CONTROLLING.rawValue: "make the terminal the controlling one, on standard input"
        default: "send the terminal to ctrsh"
        }
    }

    @Sendable static func failure(_ failure: ChildFailure) -> Phrase {
        guard UInt32(truncatingIfNeeded: failure.number) == CTR_TERMINAL_NOT_PTMX.rawValue else {
            return "terminal: \(what(failure.number)) in the container: \(ErrnoWords.phrase(failure.errno))"
        }
        return "terminal: the container's `\(failure.path)` is not the pseudo-terminal multiplexer (a character device 5:2): refused, nothing relayed; restore it inside (`ln -sf pts/ptmx /dev/ptmx`), or use `exec -d`"
    }

    @Sendable static func explain(_ report: ChildStepReport) -> Phrase {
        report.launch.ownRoot
            ? "open /dev/ptmx (the container's own devpts), ioctl(TIOCGPTPEER) → /dev/pts/\(report.number); ioctl(TIOCSCTTY) on it as standard input; the master to ctrsh (sendmsg SCM_RIGHTS), which relays it"
            : "open /dev/ptmx (the host's devpts: no root of its own), ioctl(TIOCGPTPEER) → /dev/pts/\(report.number); ioctl(TIOCSCTTY) on it as standard input; the master to ctrsh (sendmsg SCM_RIGHTS), which relays it"
    }
}
