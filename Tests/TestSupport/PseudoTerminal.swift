import CtrRuntime
import Glibc

/// A pseudo-terminal pair: the test keeps the master side; a program
/// started on the slave side (by path) sees a real terminal.
public final class PseudoTerminal {
    /// The master side's descriptor (close-on-exec, non-blocking).
    public let master: Int32
    /// The slave side's path, `/dev/pts/N`.
    public let slavePath: String
    /// The test's own descriptor of the slave side (close-on-exec): held
    /// open so the master never reads EIO before the program opens it.
    private let slave: Int32

    /// Opens a new pair and sets its window size.
    public init(rows: UInt16 = 24, columns: UInt16 = 100) throws {
        let fd = LibcExtras.posixOpenpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw RuntimeError.kernel(SystemCall("posix_openpt"), errno: errno) }
        guard LibcExtras.grantpt(fd) == 0, LibcExtras.unlockpt(fd) == 0, let path = LibcExtras.ptsname(fd) else {
            let code = errno
            close(fd)
            throw RuntimeError.kernel(SystemCall("grantpt/unlockpt/ptsname"), errno: code)
        }
        let slave = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard slave >= 0 else {
            let code = errno
            close(fd)
            throw RuntimeError.kernel(SystemCall("open", path), errno: code)
        }
        master = fd
        slavePath = path
        self.slave = slave
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(fd, UInt(TIOCSWINSZ), &size) == 0 else {
            let code = errno
            close(fd)
            close(slave)
            throw RuntimeError.kernel(SystemCall("ioctl(TIOCSWINSZ)"), errno: code)
        }
    }

    deinit {
        close(slave)
        close(master)
    }

    /// Changes the window size, as a terminal emulator does when its window
    /// is resized: the kernel sends SIGWINCH to the foreground process group.
    public func resize(rows: UInt16, columns: UInt16) {
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    }

    /// How many bytes of complete lines wait in the terminal's input queue,
    /// unread by any program on it (`TIOCINQ`): keys typed, or pushed in
    /// with TIOCSTI, that the user's shell would read next.
    public var unreadInput: Int32 {
        var count: Int32 = 0
        return ioctl(slave, UInt(FIONREAD), &count) == 0 ? count : -1
    }

    /// Writes `text` as if typed (all of it, waiting while the buffer is full).
    public func type(_ text: String) {
        type(bytes: Array(text.utf8))
    }

    /// Types raw bytes, which need not be UTF-8.
    public func type(bytes typed: [UInt8]) {
        var bytes = typed[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if n > 0 {
                bytes = bytes.dropFirst(n)
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                var entry = pollfd(fd: master, events: Int16(POLLOUT), revents: 0)
                _ = poll(&entry, 1, 100)
            } else {
                return
            }
        }
    }

    /// What the terminal shows within `milliseconds`: the bytes that are
    /// ready, or nil once the slave side is closed by every process (EIO).
    public func read(milliseconds: Int32) -> [UInt8]? {
        var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, milliseconds) > 0 else { return [] }
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
        if n > 0 { return Array(chunk[0..<n]) }
        if n < 0 && (errno == EAGAIN || errno == EINTR) { return [] }
        return nil
    }
}
