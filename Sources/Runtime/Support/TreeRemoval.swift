import CtrKernel
import Glibc

extension FileTree {
    /// `rm -rf --one-file-system PATH`, done with descriptors: symlinks are
    /// removed, never followed, and nothing on another filesystem (a mount
    /// point below `path`) is entered. Returns the first problem, or nil
    /// when `path` is gone (or never was).
    @discardableResult
    package static func removeTree(_ path: String) -> RuntimeError? {
        var trimmed = Substring(path)
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { $0 == trimmed.startIndex ? "/" : String(trimmed[..<$0]) } ?? "."
        let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? String(trimmed)
        let fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? nil : RuntimeError.lastError(SystemCall("open", parent)) }
        defer { close(fd) }
        return removeTree(named: name, in: fd, path: path)
    }

    /// Removes the entry `name` of the directory open as `parent`, and
    /// everything below it, as `removeTree(_:)`; `path` names it in
    /// messages. `name` must be one name in that directory: `..`, `.`, an
    /// empty name or one with a `/` is refused, so nothing outside
    /// `parent` is reached.
    package static func removeTree(named name: String, in parent: Int32, path: String) -> RuntimeError? {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else {
            return .host(.notAName(name, in: path))
        }
        var info = stat()
        guard fstatat(parent, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            return errno == ENOENT ? nil : RuntimeError.lastError(SystemCall("lstat", path))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else {
            return unlinkat(parent, name, 0) == 0 || errno == ENOENT ? nil : RuntimeError.lastError(SystemCall("unlink", path))
        }
        let fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return RuntimeError.lastError(SystemCall("open", path)) }
        let problem = emptyDirectory(fd, path: path, device: info.st_dev)
        close(fd)
        if let problem { return problem }
        return unlinkat(parent, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? nil : RuntimeError.lastError(SystemCall("rmdir", path))
    }

    /// Removes everything inside the directory open as `fd`, depth first
    /// without recursion: a tree's depth costs heap, not stack, and only a
    /// bounded number of descriptors (see `DirectoryStack`).
    private static func emptyDirectory(_ fd: Int32, path: String, device: dev_t) -> RuntimeError? {
        do throws(RuntimeError) {
            var stack = try DirectoryStack(root: fd, shownAs: path)
            defer { stack.closeAll() }
            var pending = [names(ofDirectory: fd)]
            while !pending.isEmpty {
                guard let name = pending[pending.count - 1].popLast() else {
                    pending.removeLast()
                    guard stack.depth > 0 else { break }
                    let left = try stack.leave()
                    guard unlinkat(stack.current, left, AT_REMOVEDIR) == 0 || errno == ENOENT else {
                        return RuntimeError.lastError(SystemCall("rmdir", stack.shown(left)))
                    }
                    continue
                }
                var info = stat()
                guard fstatat(stack.current, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                guard info.st_mode & S_IFMT == S_IFDIR else {
                    guard unlinkat(stack.current, name, 0) == 0 || errno == ENOENT else {
                        return RuntimeError.lastError(SystemCall("unlink", stack.shown(name)))
                    }
                    continue
                }
                guard info.st_dev == device else { return .host(.otherFilesystem(path: stack.shown(name))) }
                var childFD = openat(stack.current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                // overlayfs leaves its `work/work` with mode 000; without
                // root, only making it readable lets its owner empty it.
                if childFD < 0 && errno == EACCES && info.st_uid == geteuid() && fchmodat(stack.current, name, 0o700, AT_SYMLINK_NOFOLLOW) == 0 {
                    childFD = openat(stack.current, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                }
                guard childFD >= 0 else { return RuntimeError.lastError(SystemCall("open", stack.shown(name))) }
                let opened = try stack.push(childFD, name: name)
                guard opened.st_dev == device else { return .host(.otherFilesystem(path: stack.shown())) }
                pending.append(names(ofDirectory: childFD))
            }
            return nil
        } catch {
            return error
        }
    }

    /// The names in the directory open as `fd`, without `.` and `..`, as
    /// NUL-terminated bytes (a name need not be UTF-8).
    static func names(ofDirectory fd: Int32) -> [[CChar]] {
        let copy = dup(fd)
        guard copy >= 0, let directory = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            return []
        }
        defer { closedir(directory) }
        var names: [[CChar]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw.prefix(while: { $0 != 0 }).map { CChar(bitPattern: $0) } + [0]
            }
            if name != [46, 0] && name != [46, 46, 0] { names.append(name) }
        }
        return names
    }
}
