import Glibc
import SystemPackage

/// Small whole-file reads and writes, the way `/proc` and cgroup files are
/// used: one `read` or one `write` of a short text, errors as
/// `RuntimeError`. Built on swift-system's `FileDescriptor`, which retries
/// on EINTR.
public enum FileText {
    /// Reads a whole (small or pseudo) file as text.
    public static func read(_ path: String) throws(RuntimeError) -> String {
        let fd = try open(path, .readOnly, options: [.closeOnExec], call: SystemCall("open", path))
        defer { try? fd.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count: Int
            do {
                count = try chunk.withUnsafeMutableBytes { try fd.read(into: $0, retryOnInterrupt: true) }
            } catch {
                throw .kernel(SystemCall("read", path), errno: code(of: error))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
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
        let fd = try open(path, .writeOnly, options: [.closeOnExec, .truncate], call: .openForWriting(path))
        defer { try? fd.close() }
        let bytes = text.isEmpty ? [0x0A] : Array(text.utf8)
        try writeOnce(bytes, to: fd, call: .write(text, to: path))
    }

    /// Creates or replaces a regular file with `text` (mode 0644).
    public static func create(_ path: String, text: String, mode: mode_t = 0o644) throws(RuntimeError) {
        let fd = try open(
            path, .writeOnly, options: [.closeOnExec, .create, .truncate],
            permissions: FilePermissions(rawValue: mode), call: SystemCall("create", path))
        defer { try? fd.close() }
        try writeOnce(Array(text.utf8), to: fd, call: SystemCall("write", path))
    }

    private static func open(
        _ path: String, _ mode: FileDescriptor.AccessMode, options: FileDescriptor.OpenOptions,
        permissions: FilePermissions? = nil, call: SystemCall
    ) throws(RuntimeError) -> FileDescriptor {
        do {
            // The C string as it is: a FilePath would parse the path into components first.
            return try path.withCString { try FileDescriptor.open($0, mode, options: options, permissions: permissions) }
        } catch {
            throw .kernel(call, errno: code(of: error))
        }
    }

    /// The errno swift-system threw (its errors are `Errno`).
    private static func code(of error: any Error) -> Int32 {
        (error as? Errno)?.rawValue ?? EIO
    }

    /// One `write` of all of `bytes`: a short write is an error here.
    private static func writeOnce(_ bytes: [UInt8], to fd: FileDescriptor, call: SystemCall) throws(RuntimeError) {
        let written: Int
        do {
            written = try bytes.withUnsafeBytes { try fd.write($0, retryOnInterrupt: true) }
        } catch {
            throw .kernel(call, errno: code(of: error))
        }
        guard written == bytes.count else { throw .kernel(call, errno: EIO) }
    }
}
