import Glibc

/// Small whole-file reads and writes, the way `/proc` and cgroup files are
/// used: one `read` or one `write` of a short text, errors as `RuntimeError`.
public enum FileText {
    /// Reads a whole (small or pseudo) file as text.
    public static func read(_ path: String) throws(RuntimeError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError("open `\(path)`") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .lastError("read `\(path)`")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a file if it exists and is readable; nil otherwise.
    public static func readIfPresent(_ path: String) -> String? {
        try? read(path)
    }

    /// Writes `text` to an existing file in one `write`, as the kernel wants
    /// for cgroup and `/proc` interface files.
    public static func write(_ text: String, to path: String) throws(RuntimeError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC | O_TRUNC)
        guard fd >= 0 else { throw .lastError("open `\(path)` for writing") }
        defer { close(fd) }
        var bytes = Array(text.utf8)
        if bytes.isEmpty { bytes = [0x0A] }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else {
            throw .lastError("write `\(text)` to `\(path)`")
        }
    }

    /// Creates or replaces a regular file with `text` (mode 0644).
    public static func create(_ path: String, text: String, mode: mode_t = 0o644) throws(RuntimeError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw .lastError("create `\(path)`") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw .lastError("write `\(path)`") }
    }
}
