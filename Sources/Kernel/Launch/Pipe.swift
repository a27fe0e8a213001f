import CLinux
import Glibc

/// A close-on-exec pipe whose ends are closed once, by whoever is done first.
struct Pipe: ~Copyable {
    private(set) var readEnd: Int32
    private(set) var writeEnd: Int32

    init() throws(RuntimeError) {
        try self.init(if: true)
    }

    /// A pipe only when `needed`; otherwise both ends are -1, which the
    /// child takes for a channel it does not use.
    init(if needed: Bool) throws(RuntimeError) {
        var fds: [Int32] = [-1, -1]
        if needed, ctr_pipe_cloexec(&fds) != 0 { throw .lastError(SystemCall("pipe2")) }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    mutating func closeRead() {
        if readEnd >= 0 { close(readEnd) }
        readEnd = -1
    }

    mutating func closeWrite() {
        if writeEnd >= 0 { close(writeEnd) }
        writeEnd = -1
    }

    deinit {
        if readEnd >= 0 { close(readEnd) }
        if writeEnd >= 0 { close(writeEnd) }
    }
}
