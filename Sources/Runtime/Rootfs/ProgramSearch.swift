import CLinux
import CtrKernel
import Glibc

/// The programs a container's `$PATH` offers, listed for TAB completion
/// (`exec hostn<TAB>`). The root may be a running container's, and so
/// hostile: each PATH directory is resolved inside the root (its symlinks,
/// such as a merged `/bin -> usr/bin`, followed there and never out of
/// it), then opened beneath the root without following any symlink; the
/// names are listed, not followed.
public enum ProgramSearch {
    /// The most entries read for one TAB, over all of PATH's directories
    /// (each directory counts one too): a crafted root may hold millions,
    /// an image's PATH may name a directory a million times, and TAB must
    /// answer at once.
    static let mostEntries = 10_000

    /// The names in `searchPath`'s directories inside `root` that start
    /// with `prefix` and are programs (executable files, or symlinks).
    public static func programs(startingWith prefix: String, searchPath: String, root: String) -> [String] {
        var found: Set<String> = []
        var budget = mostEntries
        for directory in searchPath.split(separator: ":") where directory.hasPrefix("/") && budget > 0 {
            budget -= 1
            found.formUnion(entries(of: String(directory), startingWith: prefix, root: root, budget: &budget)
                .filter { !$0.isDirectory && $0.isProgram }.map(\.name))
        }
        return found.sorted()
    }

    /// `exec /usr/b<TAB>`: the entries of the directory `directory` (an
    /// absolute path inside the container) that start with `prefix`,
    /// directories with a trailing `/`, found the same safe way.
    public static func paths(in directory: String, startingWith prefix: String, root: String) -> [String] {
        var budget = mostEntries
        return entries(of: directory, startingWith: prefix, root: root, budget: &budget).map { $0.name + ($0.isDirectory ? "/" : "") }
    }

    /// One name in a directory, as `fstatat` without following it saw it.
    private struct Entry {
        var name: String
        var isDirectory: Bool
        var isProgram: Bool
    }

    /// The entries of `directory`, reading at most `budget` (less what is read).
    private static func entries(of directory: String, startingWith prefix: String, root: String, budget: inout Int) -> [Entry] {
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { return [] }
        defer { close(rootFD) }
        guard let relative = try? RootedPath.resolve(directory, in: root) else { return [] }
        let fd = relative.isEmpty ? dup(rootFD) : ctr_open_beneath(rootFD, relative, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { return [] }
        guard let handle = fdopendir(fd) else {
            close(fd)
            return []
        }
        defer { closedir(handle) }
        var entries: [Entry] = []
        while budget > 0, let entry = readdir(handle) {
            budget -= 1
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix), name != ".", name != ".." else { continue }
            if name.hasPrefix(".") && !prefix.hasPrefix(".") { continue }
            var info = stat()
            guard fstatat(dirfd(handle), name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            let type = info.st_mode & S_IFMT
            entries.append(Entry(
                name: name, isDirectory: type == S_IFDIR,
                isProgram: type == S_IFLNK || (type == S_IFREG && info.st_mode & 0o111 != 0)))
        }
        return entries
    }
}
