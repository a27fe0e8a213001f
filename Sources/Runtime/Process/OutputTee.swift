import Glibc

/// Copies what a container prints to ctrsh's own standard output and error
/// as it arrives, and keeps a copy of both streams together (for `expect
/// output`). The container writes into two pipes instead of the terminal.
public final class OutputTee {
    /// Everything the container printed so far, both streams in arrival order.
    public private(set) var text = ""
    private var output: Pipe
    private var error: Pipe

    /// Two fresh pipes.
    public init() throws(RuntimeError) {
        output = try Pipe()
        error = try Pipe()
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
        text += String(decoding: buffer[0..<n], as: UTF8.self)
        return true
    }
}
