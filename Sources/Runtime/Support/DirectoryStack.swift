import CtrKernel
import Glibc

/// The directories from a walk's root down to where a depth-first walk is,
/// kept on the heap so that a tree's depth costs memory, not stack, and
/// with at most `openLimit` of them open: a level whose descriptor was
/// closed is reopened through `..` of the level below it, and must be the
/// same directory (device and inode) it was on the way down, or the walk
/// stops (someone moved a directory while it ran). Nothing is followed but
/// directories (`O_NOFOLLOW`), and `..` is only taken from a directory the
/// walk entered, so the walk stays inside the tree it started in.
struct DirectoryStack {
    /// Descriptors the stack keeps open at most, besides the root's.
    static let openLimit = 32

    private struct Level {
        var fd: Int32
        let device: dev_t
        let inode: ino_t
        /// Its name in the level above (empty for the root).
        let name: [CChar]
    }

    private var levels: [Level]
    /// The path of the root as shown in messages.
    private let rootShown: String

    /// A stack on the directory open as `root`, which it does not close.
    init(root: Int32, shownAs shown: String) throws(RuntimeError) {
        var info = stat()
        guard fstat(root, &info) == 0 else { throw .lastError(SystemCall("stat", shown)) }
        levels = [Level(fd: root, device: info.st_dev, inode: info.st_ino, name: [])]
        rootShown = shown
    }

    /// The descriptor of the deepest directory.
    var current: Int32 { levels[levels.count - 1].fd }

    /// How many directories were entered below the root.
    var depth: Int { levels.count - 1 }

    /// The path of the deepest directory, or of its entry `name`, for messages.
    func shown(_ name: [CChar]? = nil) -> String {
        var path = rootShown
        for level in levels.dropFirst() { path += "/" + Self.text(level.name) }
        if let name { path += "/" + Self.text(name) }
        return path
    }

    /// The path of the deepest directory relative to the root, as
    /// NUL-terminated bytes, with `name` appended (for `linkat`).
    func relative(_ name: [CChar]) -> [CChar] {
        var path: [CChar] = []
        for level in levels.dropFirst() { path += level.name.dropLast() + [CChar(47)] }
        return path + name
    }

    /// Opens the directory `name` of the deepest directory (never a
    /// symlink) and makes it the deepest. Returns its `stat`.
    @discardableResult
    mutating func enter(_ name: [CChar]) throws(RuntimeError) -> stat {
        let fd = openat(current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", shown(name))) }
        return try push(fd, name: name)
    }

    /// Makes the directory open as `fd` (now owned by the stack), the
    /// entry `name` of the deepest one, the deepest. Returns its `stat`.
    @discardableResult
    mutating func push(_ fd: Int32, name: [CChar]) throws(RuntimeError) -> stat {
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = RuntimeError.lastError(SystemCall("stat", shown(name)))
            close(fd)
            throw error
        }
        levels.append(Level(fd: fd, device: info.st_dev, inode: info.st_ino, name: name))
        let oldest = levels.count - 1 - Self.openLimit
        if oldest >= 1, levels[oldest].fd >= 0 {
            close(levels[oldest].fd)
            levels[oldest].fd = -1
        }
        return info
    }

    /// Closes the deepest directory and returns to the one above it,
    /// reopening that through `..` when its descriptor was closed. Returns
    /// the name of the directory left. The root is never left.
    @discardableResult
    mutating func leave() throws(RuntimeError) -> [CChar] {
        guard levels.count > 1 else { return [] }
        let left = levels.removeLast()
        defer { close(left.fd) }
        let above = levels.count - 1
        if levels[above].fd < 0 {
            let fd = openat(left.fd, "..", O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw .lastError(SystemCall("open", shown())) }
            var info = stat()
            guard fstat(fd, &info) == 0, info.st_dev == levels[above].device, info.st_ino == levels[above].inode else {
                close(fd)
                throw .host(.movedDuringWalk(path: shown()))
            }
            levels[above].fd = fd
        }
        return left.name
    }

    /// Closes every directory it opened (the root stays open).
    mutating func closeAll() {
        for level in levels.dropFirst() where level.fd >= 0 { close(level.fd) }
        levels.removeSubrange(1...)
    }

    private static func text(_ name: [CChar]) -> String {
        String(decoding: name.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
