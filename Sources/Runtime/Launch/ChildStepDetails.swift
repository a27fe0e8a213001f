import CLinux
import Glibc

/// The words of `CTR_STEP_EXEC`, which depend on what was missing where.
enum ExecStep {
    /// The program the failure names: the candidate that failed, or the
    /// name typed when a PATH lookup found nothing, with what the root has.
    @Sendable static func subject(_ detail: Int, _ code: Int32, _ context: ChildStepContext) -> ChildFailure.Subject {
        let argv = context.argv
        if detail < 0 { return ChildFailure.Subject(path: InitProgram.name) }
        let candidate = detail < context.candidates.count ? context.candidates[detail] : argv[0]
        let missing = code == ENOENT || code == ENOTDIR
        var subject = ChildFailure.Subject(path: missing && !argv[0].contains("/") ? argv[0] : candidate)
        guard missing && argv[0].contains("/") else { return subject }
        let root = context.root
        subject.programExists = existsInRoot(candidate, root: root)
        let name = String(argv[0].split(separator: "/").last ?? "")
        if !subject.programExists && !name.isEmpty {
            subject.foundOnPath = ExecCandidates.paths(for: name, spec: context.spec).first {
                $0 != candidate && existsInRoot($0, root: root)
            }
        }
        return subject
    }

    @Sendable static func failure(_ failure: ChildFailure) -> String {
        let path = failure.path
        switch failure.errno {
        case ENOENT where failure.programExists:
            return "exec: `\(path)` exists, but its interpreter (#!) or dynamic loader is missing from the container's root"
        case ENOENT, ENOTDIR:
            guard path.contains("/") else { return "exec: `\(path)` not found in the container's PATH" }
            let hint = failure.foundOnPath.map { "; the root has `\($0)` (a name without `/` is looked up in PATH)" } ?? ""
            return "exec: `\(path)` not found in the container's root" + hint
        case EACCES: return "exec: `\(path)` is not executable: \(errnoText(failure.errno))"
        case ENOEXEC:
            return "exec: `\(path)`: \(errnoText(failure.errno)) (a script without `#!`, or a program for another architecture)"
        default: return "exec: `\(path)`: \(errnoText(failure.errno))"
        }
    }

    @Sendable static func explain(_ detail: Int, _ context: ChildStepContext) -> String {
        if detail < 0 { return "execve \(InitProgram.name) (from ctrsh's directory, with every signal blocked)" }
        return "execve \(detail < context.candidates.count ? context.candidates[detail] : context.argv.first ?? "")"
    }

    /// Whether `path` (inside the container) names anything under `root`.
    private static func existsInRoot(_ path: String, root: String) -> Bool {
        var info = stat()
        return lstat(root + (path.hasPrefix("/") ? path : "/" + path), &info) == 0
    }
}

/// The words of `CTR_STEP_TERMINAL`, whose detail is an `enum ctr_terminal_failure`.
enum TerminalStep {
    /// What the child was doing when its terminal step failed.
    static func what(_ detail: Int) -> String {
        switch UInt32(truncatingIfNeeded: detail) {
        case CTR_TERMINAL_OPEN.rawValue: "open `/dev/ptmx`"
        case CTR_TERMINAL_NOT_PTMX.rawValue: notMultiplexer
        case CTR_TERMINAL_SLAVE.rawValue: "unlock and open the slave of a new pseudo-terminal"
        case CTR_TERMINAL_NOT_PTY.rawValue: "a devpts terminal as the slave"
        case CTR_TERMINAL_SETTINGS.rawValue: "set the terminal's settings, window size and owner"
        case CTR_TERMINAL_CONTROLLING.rawValue: "make the terminal the controlling one, on standard input"
        default: "send the terminal to ctrsh"
        }
    }

    private static let notMultiplexer = "a character device 5:2"

    @Sendable static func failure(_ failure: ChildFailure) -> String {
        guard failure.detail == notMultiplexer else { return "terminal: \(failure.detail) in the container: \(errnoText(failure.errno))" }
        return "terminal: the container's `\(failure.path)` is not the pseudo-terminal multiplexer (\(failure.detail)): refused, "
            + "nothing relayed; restore it inside (`ln -sf pts/ptmx /dev/ptmx`), or use `exec -d`"
    }

    @Sendable static func explain(_ detail: Int, _ context: ChildStepContext) -> String {
        let own = (context.spec.rootfs?.path ?? context.request.rootForMessages) != nil
        let devpts = own ? "the container's own devpts" : "the host's devpts: no root of its own"
        return "open /dev/ptmx (\(devpts)), ioctl(TIOCGPTPEER) → /dev/pts/\(detail); ioctl(TIOCSCTTY) on it as "
            + "standard input; the master to ctrsh (sendmsg SCM_RIGHTS), which relays it"
    }
}
