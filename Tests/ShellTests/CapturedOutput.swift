import CtrCommands
import Glibc

/// A session output whose lines land in a pipe the test reads back.
final class CapturedOutput {
    private var fds: [Int32] = [-1, -1]
    let output: Output

    init() {
        _ = pipe(&fds)
        _ = fcntl(fds[0], F_SETFL, O_NONBLOCK)
        output = Output(standardOutput: fds[1], standardError: fds[1])
    }

    /// Everything written since the last call.
    func printed() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &buffer, buffer.count)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    deinit {
        for fd in fds where fd >= 0 { close(fd) }
    }
}
