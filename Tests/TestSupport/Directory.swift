import CtrRuntime
import Glibc

/// Directory listings for tests, without Foundation.
public enum Directory {
    /// The names in `path`, without `.` and `..`, sorted; empty if unreadable.
    public static func names(_ path: String) -> [String] {
        FileTree.names(in: path)
    }

    /// True when `path` is a directory (symlinks not followed).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// True when `path` exists.
    public static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// The directories below `path` (not `path` itself), deepest first.
    public static func subdirectoriesDeepestFirst(_ path: String) -> [String] {
        var result: [String] = []
        for name in names(path) where isDirectory(path + "/" + name) {
            result += subdirectoriesDeepestFirst(path + "/" + name)
            result.append(path + "/" + name)
        }
        return result
    }
}
