import CtrRuntime
import Glibc

/// Everything a demo step prints, ctrsh's lines and its programs' output
/// alike, as the audience would see it: standard output and error point at
/// an unlinked file while the step runs (containers inherit them), and are
/// put back after.
struct StepCapture {
    private let file: Int32
    private let savedOutput: Int32
    private let savedError: Int32

    /// Starts capturing; nil (nothing captured) when no file can be made.
    init?() {
        var template = Array("/tmp/ctrsh-step-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { if let name = $0.baseAddress { _ = unlink(name) } }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        let output = dup(STDOUT_FILENO), error = dup(STDERR_FILENO)
        guard output >= 0, error >= 0 else {
            for descriptor in [fd, output, error] where descriptor >= 0 { close(descriptor) }
            return nil
        }
        _ = fcntl(output, F_SETFD, FD_CLOEXEC)
        _ = fcntl(error, F_SETFD, FD_CLOEXEC)
        dup2(fd, STDOUT_FILENO)
        dup2(fd, STDERR_FILENO)
        file = fd
        savedOutput = output
        savedError = error
    }

    /// Puts standard output and error back and returns what was printed.
    func finish() -> String {
        dup2(savedOutput, STDOUT_FILENO)
        dup2(savedError, STDERR_FILENO)
        close(savedOutput)
        close(savedError)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var offset: off_t = 0
        while true {
            let n = chunk.withUnsafeMutableBytes { pread(file, $0.baseAddress, $0.count, offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += chunk[..<n]
            offset += off_t(n)
        }
        close(file)
        return String(decoding: bytes, as: UTF8.self)
    }
}
