import CLinux
import Glibc

/// The static `ctrsh-init` program that `start` runs as a container's
/// PID 1. It is built beside ctrsh and opened from the host, so it need not
/// exist in the container's root.
enum InitProgram {
    static let name = "ctrsh-init"

    /// Opens `ctrsh-init` from the directory of the running executable.
    static func open() throws(RuntimeError) -> Int32 {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw .lastError("start: readlink `/proc/self/exe`") }
        let executable = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let directory = executable.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let path = directory + "/" + name
        let fd = Glibc.open(path, CTR_O_PATH | O_CLOEXEC)
        guard fd >= 0 else {
            throw .system(operation: "start: open `\(path)` (ctrsh-init is built beside ctrsh: `swift build --product ctrsh-init`)", errno: errno)
        }
        return fd
    }
}
