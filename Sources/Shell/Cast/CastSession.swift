import CtrCommands
import CLinux
import CtrRuntime
import Glibc

/// `ctrsh --cast FILE …`: runs a second ctrsh with the same arguments on a
/// new pseudo-terminal and sits between it and the real terminal, as
/// `script(1)` does: keys go in, everything the session shows (the prompt,
/// ctrsh's output, the containers' output) comes out and is recorded as an
/// asciicast v2 file, with the terminal's resizes.
public struct CastSession {
    let path: String
    /// The recorded ctrsh's command line: ctrsh's arguments without `--cast FILE`.
    let arguments: [String]

    /// A recording into `path` of `ctrsh ARGUMENTS`.
    public init(path: String, arguments: [String]) {
        self.path = path
        self.arguments = arguments
    }

    /// Records until the inner ctrsh exits; returns its exit status.
    public func run() throws(CommandError) -> Int32 {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) != 0 || size.ws_col == 0 {
            size = winsize(ws_row: 24, ws_col: 80, ws_xpixel: 0, ws_ypixel: 0)
        }
        let cast = try AsciicastWriter(path: path, width: Int(size.ws_col), height: Int(size.ws_row))
        // Handlers that record, so that a resize interrupts the relay's poll
        // (SIGWINCH's default is to be ignored, which would not).
        SignalInbox.install()
        var slave = [CChar](repeating: 0, count: 128)
        let master = ctr_open_pty(&slave, UInt(slave.count))
        guard master >= 0 else { throw CommandError("--cast: open a pseudo-terminal: \(ErrnoWords.phrase(errno))") }
        defer { close(master) }
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let arena = CStringArena()
        let executable = try Self.ownExecutable()
        let pid = ctr_spawn_on_terminal(slave, UnsafePointer(arena.array([executable] + arguments)), environ)
        guard pid > 0 else { throw CommandError("--cast: start `\(executable)`: \(ErrnoWords.phrase(errno))") }
        let terminal = RawTerminal()
        defer { terminal.restore() }
        relay(master: master, cast: cast, inner: pid)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return ExitStatus(waitStatus: status).code
    }

    /// Copies keys to the inner terminal and its output to ours and the
    /// cast, until the inner side closes (every process on it is gone).
    /// A resize is passed on and recorded; a signal to end is passed on to
    /// the recorded ctrsh, which cleans up and exits.
    ///
    /// The signals stay blocked but inside the poll, so one that arrives
    /// while output is being copied interrupts the next poll at once,
    /// instead of waiting, recorded but unseen, for the one after.
    private func relay(master: Int32, cast: AsciicastWriter, inner: pid_t) {
        var buffer = [UInt8](repeating: 0, count: 16384)
        var inputOpen = true
        var queries = AttributesQueryFilter()
        // Without a terminal behind standard input nothing would answer the
        // recorded ctrsh's questions: answer as a VT102 does, at once.
        let answersItself = isatty(STDIN_FILENO) == 0
        ctr_signals_block(1)
        defer { ctr_signals_block(0) }
        while true {
            var fds = [pollfd(fd: master, events: Int16(POLLIN), revents: 0)]
            if inputOpen { fds.append(pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)) }
            let ready = ctr_poll_unblocked(&fds, UInt32(fds.count), -1)
            if ready < 0 {
                guard errno == EINTR else { return }
                let signals = SignalInbox.take()
                if signals.contains(SIGWINCH) { resize(master: master, cast: cast) }
                for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] where signals.contains(signal) { kill(inner, signal) }
                continue
            }
            if fds[0].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
                if n <= 0 {  // EIO: the inner terminal has no process left
                    cast.output(queries.flush()[...])
                    return
                }
                writeAll(buffer[0..<n], to: STDOUT_FILENO)
                let recorded = queries.filter(buffer[0..<n])
                cast.output(recorded.kept[...])
                if answersItself {
                    for _ in 0..<recorded.queries { writeAll("\u{1b}[?6c".utf8, to: master) }
                }
            }
            if inputOpen && fds.count > 1 && fds[1].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if n <= 0 {
                    inputOpen = false
                    var eof: UInt8 = 0x04  // end of input reaches the inner side as Ctrl-D
                    _ = write(master, &eof, 1)
                } else {
                    writeAll(buffer[0..<n], to: master)
                }
            }
        }
    }

    private func resize(master: Int32, cast: AsciicastWriter) {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 else { return }
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        cast.resize(width: Int(size.ws_col), height: Int(size.ws_row))
    }


    private static func ownExecutable() throws(CommandError) -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { throw CommandError("--cast: readlink `/proc/self/exe`: \(ErrnoWords.phrase(errno))") }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// ctrsh's own terminal in raw mode while a cast relays it, so that every
/// key reaches the recorded session unchanged.
private struct RawTerminal {
    private var saved = termios()
    private let active: Bool

    init() {
        var settings = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &settings) == 0 else {
            active = false
            return
        }
        saved = settings
        cfmakeraw(&settings)
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
        active = true
    }

    func restore() {
        guard active else { return }
        var settings = saved
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }
}
