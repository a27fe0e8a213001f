import CtrRuntime
import Glibc

/// Paths on the host as commands store them: absolute and resolved, so a
/// spec means the same after a `cd` or from another script.
enum HostPath {
    /// `realpath(path)`, or an error for `command` naming the path.
    static func absolute(_ path: String, for command: String) throws(CommandError) -> String {
        guard let resolved = realpath(path, nil) else {
            throw CommandError("\(command): resolve `\(path)`: \(ErrnoWords.phrase(errno))")
        }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
