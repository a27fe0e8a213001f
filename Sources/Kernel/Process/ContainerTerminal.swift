import CLinux
import Glibc

/// The pseudo-terminal of a foreground container, when ctrsh's standard
/// input is a terminal, as runc and crun give one for `terminal: true`.
///
/// The container never gets ctrsh's own terminal: a process that shares a
/// terminal and its session can push keystrokes into its input with
/// `ioctl(TIOCSTI)`, and they would reach ctrsh's prompt (and run on the
/// host) or the user's shell. Instead the child opens a pseudo-terminal
/// from the container's own `/dev/ptmx` (its devpts instance, so the slave
/// is `/dev/pts/N` inside and `tty` finds it), makes the slave the
/// controlling terminal of the container's new session, and sends the
/// master here over a socket (SCM_RIGHTS, as runc's `--console-socket`).
/// ctrsh checks that what arrived is a pty master, then relays bytes
/// between its own terminal (in raw mode meanwhile) and it. What the
/// container types into its terminal stays there. Ctrl-C and Ctrl-Z reach
/// the container from its own line discipline; resizes of ctrsh's terminal
/// are copied to it.
package final class ContainerTerminal {
    /// The master side once the child has sent it (`receiveMaster`), -1
    /// before: close-on-exec, non-blocking, ctrsh's only.
    private(set) var master: Int32 = -1
    /// ctrsh's end of the socket the master comes over.
    private let receivingEnd: Int32
    /// The child's end (close-on-exec), until the child has it.
    private(set) var childSocket: Int32
    /// The slave's initial settings: ctrsh's terminal's, restored on it
    /// after relaying.
    let settings: termios
    /// The slave's initial window size: ctrsh's terminal's.
    let windowSize: winsize
    /// Whether the container's output comes here; false when a tee takes
    /// its standard output and error (`expect output`).
    let carriesOutput: Bool
    /// Keeps a copy of the output relayed (for `expect output`).
    private var transcript: OutputTee?
    private var pendingInput: [UInt8] = []
    private var inputOpen = true
    private var masterOpen = false

    /// A terminal to come when standard input is a terminal and ctrsh is
    /// in its foreground, nil otherwise (a script or a pipe: the container
    /// then gets a session of its own and no terminal at all; ctrsh in the
    /// background could not switch the terminal to raw mode without being
    /// stopped).
    private static func forStandardInput(carriesOutput: Bool) throws(RuntimeError) -> ContainerTerminal? {
        var settings = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetpgrp(STDIN_FILENO) == getpgrp(), tcgetattr(STDIN_FILENO, &settings) == 0
        else { return nil }
        var size = winsize()
        _ = ioctl(STDIN_FILENO, UInt(TIOCGWINSZ), &size)
        var ends: [Int32] = [-1, -1]
        guard ctr_socketpair_cloexec(&ends) == 0 else { throw .lastError(SystemCall("socketpair")) }
        return ContainerTerminal(socket: ends[0], childSocket: ends[1], settings: settings, size: size, carriesOutput: carriesOutput)
    }

    /// The terminal for a foreground container, and the tee whose pipes
    /// take its output instead (nil when the terminal carries it, keeping
    /// a copy in the tee when it `keepsTerminal`).
    package static func forStandardInput(tee: OutputTee?) throws(RuntimeError) -> (terminal: ContainerTerminal?, pipes: OutputTee?) {
        let carriesOutput = tee?.keepsTerminal ?? true
        guard let terminal = try forStandardInput(carriesOutput: carriesOutput) else { return (nil, tee) }
        guard carriesOutput else { return (terminal, tee) }
        terminal.transcript = tee
        return (terminal, nil)
    }

    private init(socket: Int32, childSocket: Int32, settings: termios, size: winsize, carriesOutput: Bool) {
        receivingEnd = socket
        self.childSocket = childSocket
        self.settings = settings
        windowSize = size
        self.carriesOutput = carriesOutput
    }

    deinit {
        restore()
        closeChildSocket()
        Glibc.close(receivingEnd)
        if master >= 0 { Glibc.close(master) }
    }

    /// Closes ctrsh's copy of the child's end once the child has its own.
    func closeChildSocket() {
        if childSocket >= 0 { Glibc.close(childSocket) }
        childSocket = -1
    }

    /// Takes the master the child sent once its setup is done, and keeps
    /// it only if it is one: the child opened it from the container's
    /// `/dev/ptmx`, which a running container's root can replace, so it
    /// must be the multiplexer's character device (5:2) and answer
    /// TIOCGPTN, as only a pty master does. Anything else is refused, never
    /// relayed.
    func receiveMaster() throws(RuntimeError) {
        let fd = ctr_receive_descriptor(receivingEnd)
        guard fd >= 0 else { throw .lastError(SystemCall("recvmsg(SCM_RIGHTS)")) }
        guard ctr_pty_master_number(fd) >= 0 else {
            Glibc.close(fd)
            throw .launch(.terminalNotMaster)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        master = fd
        masterOpen = true
    }

    // MARK: - ctrsh's terminal

    /// Raw mode on ctrsh's terminal while relaying: every key, Ctrl-C
    /// included, goes to the container's terminal, whose line discipline
    /// acts on it. Output processing stays on when a tee prints the
    /// container's output through ctrsh's terminal instead of the pty.
    func enterRawMode() {
        takeTypedAhead()
        var raw = settings
        cfmakeraw(&raw)
        if !carriesOutput { raw.c_oflag = settings.c_oflag }
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }

    /// Lines and end-of-file marks already typed while ctrsh's terminal was
    /// in canonical mode, passed on as what they meant. Once raw, the line
    /// discipline would hand an end-of-file mark (Ctrl-D typed ahead, or a
    /// `--cast` recorder's end of input) over as a NUL byte; read now, it
    /// is an empty read, and reaches the container as its own end-of-file
    /// character. A partial line stays queued and goes on byte by byte.
    private func takeTypedAhead() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<64 {
            var entry = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 0) > 0, entry.revents & Int16(POLLIN) != 0 else { return }
            let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
            if n > 0 {
                pendingInput += buffer[0..<n]
            } else if n == 0 {
                pendingInput.append(containerEndOfFile)
            } else {
                return
            }
        }
    }

    /// The container's terminal's end-of-file character (Ctrl-D unless
    /// changed).
    private var containerEndOfFile: UInt8 {
        var modes = termios()
        guard tcgetattr(master, &modes) == 0 else { return 0x04 }
        let character = withUnsafeBytes(of: modes.c_cc) { $0[Int(VEOF)] }
        return character == 0 ? 0x04 : character
    }

    /// Puts ctrsh's terminal back as it was before the container started.
    func restore() {
        var settings = self.settings
        tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    /// Copies the size of ctrsh's terminal to the container's; the kernel
    /// then sends SIGWINCH to the container's foreground process group.
    func copyWindowSize() {
        var size = winsize()
        guard master >= 0, ioctl(STDIN_FILENO, UInt(TIOCGWINSZ), &size) == 0 else { return }
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    // MARK: - Relaying

    /// What to poll: the master for output (and for room, with input
    /// pending), and ctrsh's standard input while the container's terminal
    /// has room for more (once no process holds that terminal, keys are
    /// left for ctrsh's prompt).
    var pollEntries: [pollfd] {
        guard masterOpen else { return [] }
        var entries = [pollfd(fd: master, events: Int16(POLLIN) | (pendingInput.isEmpty ? 0 : Int16(POLLOUT)), revents: 0)]
        if inputOpen && pendingInput.isEmpty { entries.append(pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)) }
        return entries
    }

    /// Moves what `entries` (polled from `pollEntries`) found ready, and
    /// returns the signals the keys typed meanwhile raise in the container's
    /// terminal (its interrupt and quit characters, while it acts on them).
    /// Without `takingInput`, keys are left for ctrsh.
    func relay(_ entries: ArraySlice<pollfd>, takingInput: Bool) -> Set<Int32> {
        var typed: Set<Int32> = []
        for entry in entries where entry.revents != 0 {
            if entry.fd == master {
                copyOutput()
                if entry.revents & Int16(POLLOUT) != 0 { flushInput() }
            } else if takingInput {
                typed.formUnion(readInput())
            }
        }
        return typed
    }

    /// Copies the container's last output once it has exited: until every
    /// process on the terminal has closed it, nothing more comes for a
    /// moment, or a second has passed (a process left behind in a running
    /// container may hold the terminal and write on forever; closing the
    /// master hangs it up).
    func drain() {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(1)
        while masterOpen && clock.now < deadline {
            var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 100) > 0 else { return }
            copyOutput()
        }
    }

    /// The container's output, to ctrsh's standard output.
    private func copyOutput() {
        var buffer = [UInt8](repeating: 0, count: 16384)
        for _ in 0..<16 {
            let n = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if n > 0 {
                writeAll(buffer[0..<n], to: STDOUT_FILENO)
                transcript?.keep(buffer[0..<n])
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EINTR) { return }
            masterOpen = false  // EIO: no process has the slave open any more
            pendingInput = []
            return
        }
    }

    /// Keys from ctrsh's terminal, on to the container's.
    private func readInput() -> Set<Int32> {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return [] }
        guard n > 0 else {
            inputOpen = false  // ctrsh's terminal is gone
            return []
        }
        let keys = Array(buffer[0..<n])
        pendingInput += keys
        flushInput()
        return signals(typedIn: keys)
    }

    private func flushInput() {
        while !pendingInput.isEmpty && masterOpen {
            let n = pendingInput.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n > 0 {
                pendingInput.removeFirst(n)
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return  // full (EAGAIN): the rest waits for POLLOUT
            }
        }
    }

    /// SIGINT and SIGQUIT when `keys` hold the container's terminal's
    /// interrupt or quit character and it turns them into signals (ISIG).
    private func signals(typedIn keys: [UInt8]) -> Set<Int32> {
        var modes = termios()
        guard tcgetattr(master, &modes) == 0, modes.c_lflag & tcflag_t(ISIG) != 0 else { return [] }
        let characters = withUnsafeBytes(of: modes.c_cc) { Array($0) }
        var found: Set<Int32> = []
        for (index, signal) in [(Int(VINTR), SIGINT), (Int(VQUIT), SIGQUIT)] {
            let character = characters[index]
            if character != 0 && keys.contains(character) { found.insert(signal) }  // 0: _POSIX_VDISABLE
        }
        return found
    }
}
