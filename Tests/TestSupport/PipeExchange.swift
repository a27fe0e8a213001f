import Glibc

/// The parent's side of a child's three pipes: writes its standard input
/// while reading its standard output and error, with `poll`, until the
/// child exits (or the timeout kills its process group), then collects
/// what is left. Always reaps the child and closes the descriptors.
struct PipeExchange {
    let pid: pid_t
    var input: Int32
    var output: Int32
    var error: Int32
    var bytes: [UInt8]
    private var written = 0
    private var outputBytes: [UInt8] = []
    private var errorBytes: [UInt8] = []

    init(pid: pid_t, input: Int32, output: Int32, error: Int32, bytes: [UInt8]) {
        self.pid = pid
        self.input = input
        self.output = output
        self.error = error
        self.bytes = bytes
        _ = fcntl(input, F_SETFL, fcntl(input, F_GETFL) | O_NONBLOCK)
        if bytes.isEmpty { closeInput() }
    }

    mutating func run(timeout: Double) -> CtrshResult {
        let start = Clock.now
        var status: WaitStatus?
        var exitedAt: Double?
        while true {
            let elapsed = Clock.now - start
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    status = WaitStatus(raw)
                    exitedAt = elapsed
                    closeInput()
                } else if elapsed > timeout {
                    kill(-pid, SIGKILL)
                    kill(pid, SIGKILL)
                    while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
                    exitedAt = elapsed
                    closeInput()
                }
            }
            // Once it is gone, a grandchild may still hold the pipes: give
            // them a moment, not forever.
            if let exitedAt, (output < 0 && error < 0) || Clock.now - start > exitedAt + 2 { break }
            pollOnce(milliseconds: 20)
        }
        for fd in [input, output, error] where fd >= 0 { close(fd) }
        return CtrshResult(
            pid: pid, status: status, stdout: String(decoding: outputBytes, as: UTF8.self),
            stderr: String(decoding: errorBytes, as: UTF8.self), seconds: Clock.now - start)
    }

    private mutating func pollOnce(milliseconds: Int32) {
        var fds: [pollfd] = []
        if input >= 0 { fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
        for fd in [output, error] where fd >= 0 { fds.append(pollfd(fd: fd, events: Int16(POLLIN), revents: 0)) }
        guard !fds.isEmpty, poll(&fds, nfds_t(fds.count), milliseconds) > 0 else { return }
        for entry in fds where entry.revents != 0 {
            if entry.fd == input { writeSome() } else { readSome(entry.fd) }
        }
    }

    private mutating func writeSome() {
        let n = bytes[written...].withUnsafeBytes { write(input, $0.baseAddress, min($0.count, 65536)) }
        if n > 0 { written += n }
        if (n < 0 && errno != EAGAIN && errno != EINTR) || written == bytes.count { closeInput() }
    }

    private mutating func readSome(_ fd: Int32) {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && (errno == EINTR || errno == EAGAIN) { return }
        if n <= 0 {
            close(fd)
            if fd == output { output = -1 } else { error = -1 }
            return
        }
        if fd == output { outputBytes += chunk[0..<n] } else { errorBytes += chunk[0..<n] }
    }

    private mutating func closeInput() {
        if input >= 0 { close(input) }
        input = -1
    }
}

/// Monotonic seconds, for timeouts.
public enum Clock {
    static var now: Double { monotonicSeconds }

    /// Seconds on the monotonic clock.
    public static var monotonicSeconds: Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
