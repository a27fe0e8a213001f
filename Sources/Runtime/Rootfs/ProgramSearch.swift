import CLinux
import Glibc

/// The programs a container's `$PATH` offers, listed for TAB completion
/// (`exec hostn<TAB>`). The root may be a running container's, and so
/// hostile: each PATH directory is resolved inside the root (its symlinks,
/// such as a merged `/bin -> usr/bin`, followed there and never out of
/// it), then opened beneath the root without following any symlink; the
/// names are listed, not followed.
public enum ProgramSearch {
    /// The most entries read from one directory: a crafted root may hold
    /// millions, and TAB must answer at once.
    static let mostEntries = 10_000

    /// The names in `searchPath`'s directories inside `root` that start
    /// with `prefix` and are programs (executable files, or symlinks).
    public static func programs(startingWith prefix: String, searchPath: String, root: String) -> [String] {
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { return [] }
        defer { close(rootFD) }
        var found: Set<String> = []
        for directory in searchPath.split(separator: ":") where directory.hasPrefix("/") {
            guard let relative = try? RootedPath.resolve(String(directory), in: root) else { continue }
            let fd = relative.isEmpty ? dup(rootFD) : ctr_open_beneath(rootFD, relative, O_RDONLY | O_DIRECTORY)
            guard fd >= 0 else { continue }
            found.formUnion(programs(in: fd, startingWith: prefix))
        }
        return found.sorted()
    }

    /// The programs in the directory open as `fd` (closed here).
    private static func programs(in fd: Int32, startingWith prefix: String) -> [String] {
        guard let directory = fdopendir(fd) else {
            close(fd)
            return []
        }
        defer { closedir(directory) }
        var names: [String] = []
        var read = 0
        while read < mostEntries, let entry = readdir(directory) {
            read += 1
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix), name != ".", name != ".." else { continue }
            var info = stat()
            guard fstatat(dirfd(directory), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            if type == S_IFLNK || (type == S_IFREG && info.st_mode & 0o111 != 0) { names.append(name) }
        }
        return names
    }
}
