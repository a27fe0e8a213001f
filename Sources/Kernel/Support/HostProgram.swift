import CLinux
import Glibc

/// Runs a program on the host, outside every container, with `posix_spawn`.
public enum HostProgram {
    /// Runs `argv` with ctrsh's own standard input, output and error and
    /// returns its exit status. `argv[0]` is looked up in `PATH`.
    public static func run(_ argv: [String]) throws(RuntimeError) -> ExitStatus {
        let pid = try spawn(argv, stdoutFD: nil)
        return wait(pid)
    }

    /// Runs `argv` as `run` does, in the foreground of a session: SIGINT,
    /// SIGTERM or SIGHUP sent to ctrsh alone (not through the terminal,
    /// which reaches both) is passed on to the program, so that `host sleep
    /// 1000` cannot hold off the session's end. SIGTERM or SIGHUP comes
    /// back as the run's `terminationSignal`.
    public static func runInForeground(_ argv: [String]) throws(RuntimeError) -> ForegroundRun {
        let pid = try spawn(argv, stdoutFD: nil)
        let pidfd = ctr_pidfd_open(pid)
        defer { if pidfd >= 0 { close(pidfd) } }
        var ending: Int32?
        var status: Int32 = 0
        SignalAwareWait.run { wait in
            while true {
                if let signal = wait.takeEnding() {
                    kill(pid, signal)
                    if signal != SIGINT { ending = signal }
                }
                let result = waitpid(pid, &status, WNOHANG)
                if result == pid || (result < 0 && errno != EINTR) { return }
                _ = wait.poll(pidfd, milliseconds: pidfd >= 0 ? -1 : 100)
            }
        }
        // It printed on ctrsh's terminal, perhaps a file a container wrote.
        TerminalAnswers.discardPending()
        return ForegroundRun(status: ExitStatus(waitStatus: status), terminationSignal: ending)
    }

    /// Runs `argv` and returns what it wrote to standard output; throws
    /// when it cannot start or exits non-zero.
    public static func output(_ argv: [String]) throws(RuntimeError) -> String {
        let (pid, output) = try spawnPiped(argv, stderrToo: false)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        close(output)
        let status = wait(pid)
        guard status == .exited(0) else {
            throw .host(.programFailed(argv: argv, status: status))
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Runs `argv` with its output and error both handed to `line`, one
    /// line at a time, as they come; returns its exit status.
    public static func run(_ argv: [String], line: (String) -> Void) throws(RuntimeError) -> ExitStatus {
        let (pid, output) = try spawnPiped(argv, stderrToo: true)
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            pending.append(contentsOf: chunk[0..<n])
            while let newline = pending.firstIndex(of: 0x0a) {
                line(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { line(String(decoding: pending, as: UTF8.self)) }
        close(output)
        return wait(pid)
    }

    /// Runs `argv` with `input` on its standard input (a pipe) and ctrsh's
    /// own output, and returns its exit status; a program that stops
    /// reading early (a pager's `q`) ends the input there.
    public static func run(_ argv: [String], input: [UInt8]) throws(RuntimeError) -> ExitStatus {
        var fds: [Int32] = [-1, -1]
        guard ctr_pipe_cloexec(&fds) == 0 else { throw .lastError(SystemCall("pipe2")) }
        let pid: pid_t
        do {
            pid = try spawn(argv, stdoutFD: nil, stdinFD: fds[0])
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[0])
        writeAll(input[...], to: fds[1])  // EPIPE once it quit: SIGPIPE is handled, not fatal
        close(fds[1])
        return wait(pid)
    }

    /// Spawns `argv` with its output (and error, with `stderrToo`) on a
    /// pipe; returns its PID and the pipe's reading end.
    private static func spawnPiped(_ argv: [String], stderrToo: Bool) throws(RuntimeError) -> (pid: pid_t, output: Int32) {
        var fds: [Int32] = [-1, -1]
        guard ctr_pipe_cloexec(&fds) == 0 else { throw .lastError(SystemCall("pipe2")) }
        defer { close(fds[1]) }
        do {
            return (try spawn(argv, stdoutFD: fds[1], stderrToo: stderrToo), fds[0])
        } catch {
            close(fds[0])
            throw error
        }
    }

    private static func spawn(
        _ argv: [String], stdoutFD: Int32?, stderrToo: Bool = false, stdinFD: Int32? = nil
    ) throws(RuntimeError) -> pid_t {
        let arena = CStringArena()
        let cArgv = arena.array(argv)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let stdinFD { posix_spawn_file_actions_adddup2(&actions, stdinFD, STDIN_FILENO) }
        if let stdoutFD { posix_spawn_file_actions_adddup2(&actions, stdoutFD, STDOUT_FILENO) }
        if let stdoutFD, stderrToo { posix_spawn_file_actions_adddup2(&actions, stdoutFD, STDERR_FILENO) }
        ctr_flush_stdio()
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgv, environ)
        guard rc == 0 else {
            throw .kernel(SystemCall("posix_spawn", argv[0]), errno: rc)
        }
        return pid
    }

    private static func wait(_ pid: pid_t) -> ExitStatus {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ExitStatus(waitStatus: status)
    }
}
