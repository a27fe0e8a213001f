import CtrRuntime
import Glibc

/// Starts a program for a test with `posix_spawn`, in a session of its
/// own (so it has no controlling terminal unless it is given one, and its
/// whole process group can be killed), with default signal dispositions
/// and an empty signal mask whatever the test process has.
public enum Spawn {
    /// Where the child's standard input, output and error come from.
    public enum Stdio {
        /// Each descriptor is `dup2`ed onto 0, 1 and 2.
        case descriptors(input: Int32, output: Int32, error: Int32)
        /// The terminal at this path is opened as 0, 1 and 2; being the
        /// first terminal the new session leader opens, it becomes its
        /// controlling terminal.
        case terminal(String)
        /// The terminal at this path is opened as 1 and 2 (and becomes the
        /// controlling terminal), `/dev/null` as 0: a script run from a
        /// terminal with its input redirected.
        case terminalOutput(String)
    }

    /// Spawns `path` with `arguments` (argv[0] included) and `environment`,
    /// in `directory` when given; returns its PID.
    public static func start(
        _ path: String, _ arguments: [String], environment: [String: String], directory: String?, stdio: Stdio
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        switch stdio {
        case .descriptors(let input, let output, let error):
            posix_spawn_file_actions_adddup2(&actions, input, STDIN_FILENO)
            posix_spawn_file_actions_adddup2(&actions, output, STDOUT_FILENO)
            posix_spawn_file_actions_adddup2(&actions, error, STDERR_FILENO)
        case .terminal(let terminal):
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, terminal, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDOUT_FILENO)
            posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDERR_FILENO)
        case .terminalOutput(let terminal):
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, terminal, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        }
        if let directory, LibcExtras.addChdir(&actions, directory) != 0 {
            throw SpawnError(path: directory, code: errno)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        sigdelset(&defaults, SIGKILL)
        sigdelset(&defaults, SIGSTOP)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setflags(
            &attributes, Int16(LibcExtras.spawnSetSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = environment.sorted { $0.key < $1.key }
            .map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, path, &actions, &attributes, &argv, &envp)
        guard result == 0 else { throw SpawnError(path: path, code: result) }
        return pid
    }

    /// Ignores SIGPIPE in the test process, once: a test writing to a
    /// program that already exited must get EPIPE, not die. Children get
    /// the default back (see `start`).
    public static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// A pipe whose two ends are closed on exec (the child gets copies
    /// through `dup2`, which clears the flag).
    public static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard Glibc.pipe(&fds) == 0 else { throw RuntimeError.kernel(SystemCall("pipe"), errno: errno) }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }
}

/// A wait status decoded.
public enum WaitStatus: Equatable, Sendable, CustomStringConvertible {
    /// It called exit with this code.
    case exited(Int32)
    /// A signal ended it.
    case signaled(Int32)

    /// Decodes a `waitpid` status word.
    public init(_ raw: Int32) {
        let signal = raw & 0x7f
        self = signal == 0 ? .exited((raw >> 8) & 0xff) : .signaled(signal)
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}
