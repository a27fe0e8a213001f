import CLinux
import Glibc

/// A bind mount's source, a host path, resolved once and then held.
///
/// The attack: a container can write a host directory (an earlier bind, an
/// overlay's upper directory) and plant a symlink there, `config -> /etc`,
/// so that a later bind of `DIR/config` brings the host's `/etc` in. So
/// `mount bind` resolves the directories of its source once (`realpath`)
/// and refuses a source that is itself a symlink; at launch the stored path
/// is opened component by component with `O_PATH|O_NOFOLLOW`, refusing any
/// symlink that appeared since, and the child binds that descriptor
/// (`/proc/self/fd/N`): what was checked is what is mounted.
public enum BindSource {
    /// `path` made absolute, its directories' symlinks resolved; an error
    /// when it is missing or when its last component is a symlink.
    public static func resolve(_ path: String) throws(RuntimeError) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let slash = trimmed.lastIndex(of: "/")
        let name = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        let directory = slash.map { $0 == trimmed.startIndex ? "/" : String(trimmed[..<$0]) } ?? "."
        if name.isEmpty || name == "." || name == ".." { return try realPath(trimmed) }
        let parent = try realPath(directory)
        let full = (parent == "/" ? "" : parent) + "/" + name
        var info = stat()
        guard lstat(full, &info) == 0 else { throw .lastError(SystemCall("resolve", path)) }
        if info.st_mode & S_IFMT == S_IFLNK {
            throw .launch(.bindSourceIsSymlink(path: path, target: linkTarget(full)))
        }
        return full
    }

    /// An `O_PATH` descriptor of `path` (absolute), reached from `/` one
    /// component at a time without following any symlink.
    static func open(_ path: String) throws(RuntimeError) -> Int32 {
        var fd = Glibc.open("/", CTR_O_PATH | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw .lastError(SystemCall("open", "/")) }
        var reached = ""
        for component in path.split(separator: "/") {
            reached += "/" + component
            let next = openat(fd, String(component), CTR_O_PATH | O_NOFOLLOW | O_CLOEXEC)
            let saved = errno
            close(fd)
            guard next >= 0 else { throw .kernel(SystemCall("open", reached), errno: saved) }
            fd = next
            var info = stat()
            guard fstat(fd, &info) == 0 else {
                close(fd)
                throw .lastError(SystemCall("stat", reached))
            }
            if info.st_mode & S_IFMT == S_IFLNK {
                close(fd)
                throw .launch(.bindSourcePassesSymlink(path: reached, target: linkTarget(reached)))
            }
        }
        return fd
    }

    private static func realPath(_ path: String) throws(RuntimeError) -> String {
        guard let resolved = realpath(path, nil) else { throw .lastError(SystemCall("resolve", path)) }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        return count < 0 ? "?" : String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
