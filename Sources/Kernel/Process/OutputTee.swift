import Glibc

/// Copies what a container prints to ctrsh's own standard output and error
/// as it arrives, and keeps a copy of both streams together (for `expect
/// output`). The container writes into two pipes instead of the terminal,
/// unless `keepsTerminal` and ctrsh is at one: then the container keeps
/// its own pseudo-terminal (`ContainerTerminal`), and the tee keeps a copy
/// of what that terminal relays.
public final class OutputTee {
    /// The most of one program's output that is kept (the rest is still printed).
    public static let captureLimit = 8 << 20
    /// Whether a container at a terminal keeps it for its output (the copy
    /// then has both streams as the terminal showed them).
    public let keepsTerminal: Bool
    private var kept: [UInt8] = []
    private var output: Pipe
    private var error: Pipe

    /// Two fresh pipes.
    public init(keepingTerminal: Bool = false) throws(RuntimeError) {
        keepsTerminal = keepingTerminal
        output = try Pipe()
        error = try Pipe()
    }

    /// Everything the container printed so far (up to `captureLimit`
    /// bytes), both streams in arrival order, with a terminal's `\r\n` as `\n`.
    public var text: String {
        String(decoding: kept, as: UTF8.self).replacing("\r\n", with: "\n")
    }

    /// Keeps a copy of `bytes`, as far as `captureLimit` allows.
    func keep(_ bytes: ArraySlice<UInt8>) {
        kept.append(contentsOf: bytes.prefix(max(0, Self.captureLimit - kept.count)))
    }

    /// The write ends the child's standard output and error become.
    var childDescriptors: (output: Int32, error: Int32) { (output.writeEnd, error.writeEnd) }

    /// Closes ctrsh's copies of the write ends once the child has them.
    func closeWriteEnds() {
        output.closeWrite()
        error.closeWrite()
    }

    /// The read ends still open, to poll beside the child's pidfd.
    var openReadDescriptors: [Int32] { [output.readEnd, error.readEnd].filter { $0 >= 0 } }

    /// Copies what is ready within `timeout` milliseconds; false once both
    /// pipes are at end-of-file (every writer is gone).
    func pump(timeout: Int32) -> Bool {
        var fds = [output.readEnd, error.readEnd].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        guard !fds.isEmpty else { return false }
        guard poll(&fds, nfds_t(fds.count), timeout) > 0 else { return true }
        for entry in fds where entry.revents != 0 {
            if !copyOnce(from: entry.fd) {
                if entry.fd == output.readEnd { output.closeRead() } else { error.closeRead() }
            }
        }
        return output.readEnd >= 0 || error.readEnd >= 0
    }

    /// Copies whatever is left without waiting, then closes the pipes.
    func drain() {
        while pump(timeout: 0) {
            var fds = [output.readEnd, error.readEnd].filter { $0 >= 0 }.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), 0) <= 0 { break }
        }
        output.closeRead()
        error.closeRead()
    }

    /// One read and its copy; false at end-of-file or on error.
    private func copyOnce(from fd: Int32) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16384)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { return errno == EINTR || errno == EAGAIN }
        if n == 0 { return false }
        writeAll(buffer[0..<n], to: fd == output.readEnd ? STDOUT_FILENO : STDERR_FILENO)
        keep(buffer[0..<n])
        return true
    }
}
