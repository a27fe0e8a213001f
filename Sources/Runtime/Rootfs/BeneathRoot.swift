import CLinux
import CtrKernel
import Glibc

/// A directory open as a descriptor, and the lookups below it that cannot
/// leave it: each name is opened with openat2's `RESOLVE_BENEATH |
/// RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS` relative to the descriptor
/// of the directory above, so neither a `..`, an absolute name nor a
/// symlink (one an earlier layer made, say) leads anywhere else.
/// `OCILayerApplier` deletes through it.
final class BeneathRoot {
    /// The directory's path, for messages only.
    let path: String
    private let descriptor: Int32

    init(_ path: String) throws(RuntimeError) {
        self.path = path
        descriptor = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw .lastError(SystemCall("open", path)) }
    }

    deinit { close(descriptor) }

    /// What lies on the way to a directory below the root.
    enum Walk {
        /// Every component is a real directory: the last one, open (the
        /// caller closes it).
        case directory(Int32)
        /// A component is missing, or a file: nothing is below it.
        case missing
        /// A component is a symlink: the components up to it.
        case symlink([String])
    }

    /// Opens the directory `components` below the root, one name at a time.
    func walk(_ components: [String]) -> Walk {
        var current = dup(descriptor)
        guard current >= 0 else { return .missing }
        for (index, name) in components.enumerated() {
            let next = openDirectory(name, in: current)
            // With O_NOFOLLOW a symlink fails as ENOTDIR (or ELOOP): ask which.
            if next == nil, isSymlink(name, in: current) {
                close(current)
                return .symlink(Array(components.prefix(index + 1)))
            }
            close(current)
            guard let next else { return .missing }
            current = next
        }
        return .directory(current)
    }

    /// The directory `name` of the directory open as `parent`, opened
    /// beneath it without following a symlink; nil (with `errno`) when it
    /// is missing, not a directory or a symlink (ENOTDIR or ELOOP), or not
    /// one name (EXDEV).
    func openDirectory(_ name: String, in parent: Int32) -> Int32? {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
            errno = EXDEV
            return nil
        }
        let fd = ctr_open_beneath(parent, name, O_RDONLY | O_DIRECTORY)
        return fd >= 0 ? fd : nil
    }

    /// True when `name` in the directory open as `parent` is a directory
    /// itself, not a symlink to one.
    func isDirectory(_ name: String, in parent: Int32) -> Bool {
        var info = stat()
        return fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    private func isSymlink(_ name: String, in parent: Int32) -> Bool {
        var info = stat()
        return fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// Makes the missing directories of `components` (mode 0755), each in
    /// the one above it; returns the call that failed and its errno, if any.
    func makeDirectories(_ components: [String]) -> (SystemCall, errno: Int32)? {
        var current = dup(descriptor)
        for (index, name) in components.enumerated() {
            guard current >= 0 else { return (SystemCall("open", path), errno) }
            let shown = path + "/" + components.prefix(index + 1).joined(separator: "/")
            if mkdirat(current, name, 0o755) != 0 && errno != EEXIST {
                let code = errno
                close(current)
                return (SystemCall("mkdir", shown), code)
            }
            let next = openDirectory(name, in: current)
            close(current)
            guard let next else { return (SystemCall("open", shown), errno) }
            current = next
        }
        close(current)
        return nil
    }

    /// The names in the directory open as `fd`, without `.` and `..`.
    static func names(in fd: Int32) -> [String] {
        FileTree.names(ofDirectory: fd).map { String(decoding: $0.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }
}
