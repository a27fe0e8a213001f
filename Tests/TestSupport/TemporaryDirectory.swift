import CtrRuntime
import Glibc

/// A fresh directory under /tmp, removed with everything in it by `remove()`
/// (call it in a `defer` or `tearDown`).
public final class TemporaryDirectory {
    /// The directory's absolute path.
    public let path: String

    /// Creates `/tmp/<prefix>XXXXXX`.
    public init(prefix: String = "ctrtest-") throws {
        var template = Array("/tmp/\(prefix)XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkdtemp($0) != nil } ?? false
        }
        guard made else { throw RuntimeError.kernel(SystemCall("mkdtemp"), errno: errno) }
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Creates `relative` and its missing parents.
    public func makeDirectories(_ relative: String) throws {
        var current = path
        for component in relative.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw RuntimeError.kernel(SystemCall("mkdir", current), errno: errno)
            }
        }
    }

    /// Creates or replaces the file `relative` with `text`.
    public func write(_ text: String, to relative: String, mode: mode_t = 0o644) throws {
        unlink(path + "/" + relative)
        try FileText.create(path + "/" + relative, text: text, mode: mode)
    }

    /// The text of the file `relative`.
    public func read(_ relative: String) throws -> String {
        try FileText.read(path + "/" + relative)
    }

    /// True when `relative` exists.
    public func exists(_ relative: String) -> Bool {
        access(path + "/" + relative, F_OK) == 0
    }

    /// Removes the directory and everything below it.
    public func remove() {
        Self.removeTree(path)
    }

    /// Removes `path` recursively without following symlinks.
    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in Directory.names(path) { removeTree(path + "/" + name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
