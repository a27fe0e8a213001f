import CLinux
import Glibc

/// Directory, copy and symlink operations for building root filesystems.
package enum FileTree {
    /// `mkdir`, succeeding when the directory already exists.
    package static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws(RuntimeError) {
        if mkdir(path, mode) == 0 {
            chmod(path, mode)  // not narrowed by the umask
            return
        }
        var info = stat()
        guard errno == EEXIST, stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
            throw .lastError(SystemCall("mkdir", path))
        }
    }

    /// Copies a regular file's bytes to `destination` with `mode`.
    package static func copyFile(_ source: String, to destination: String, mode: mode_t) throws(RuntimeError) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .lastError(SystemCall("open", source)) }
        defer { close(input) }
        unlink(destination)
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard output >= 0 else { throw .lastError(SystemCall("create", destination)) }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw .lastError(SystemCall("read", source)) }
            if n == 0 { break }
            let written = buffer.withUnsafeBytes { write(output, $0.baseAddress, n) }
            guard written == n else { throw .lastError(SystemCall("write", destination)) }
        }
        fchmod(output, mode)
    }

    /// Creates a symlink, replacing whatever was at `path`.
    package static func replaceSymlink(at path: String, target: String) throws(RuntimeError) {
        unlink(path)
        guard symlink(target, path) == 0 else { throw .lastError(SystemCall("symlink", path)) }
    }

    /// The first `count` bytes of a file (fewer if it is shorter).
    package static func readPrefix(_ path: String, count: Int) throws(RuntimeError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", path)) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n >= 0 else { throw .lastError(SystemCall("read", path)) }
        return Array(buffer[0..<n])
    }

    /// The bytes of the regular file at `relative` (no symlinks) beneath
    /// `root`, when it has at most `largest`; nil otherwise. It is opened
    /// without blocking and without leaving `root` or following a symlink,
    /// and the descriptor is checked: in a tree a container can change, a
    /// FIFO or device node may be swapped in after any earlier look.
    package static func readRegularFile(_ relative: String, beneath root: String, largest: Int) -> [UInt8]? {
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { return nil }
        defer { close(rootFD) }
        let fd = ctr_open_beneath(rootFD, relative, O_RDONLY | O_NONBLOCK | O_NOCTTY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= largest else { return nil }
        var bytes = [UInt8](repeating: 0, count: largest + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { read(fd, $0 + count, buffer.count - count) } ?? -1
            }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { return nil }
            if n == 0 { break }
            count += n
        }
        return count <= largest ? Array(bytes[0..<count]) : nil
    }

    /// The names in a directory, without `.` and `..`, sorted; empty when it cannot be read.
    package static func names(in path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    /// True when `path` is a directory (a symlink is not followed).
    package static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }
}
