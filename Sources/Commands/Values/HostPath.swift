import CtrRuntime
import Glibc

/// Paths on the host as commands store them: absolute and resolved, so a
/// spec means the same after a `cd` or from another script.
enum HostPath {
    /// `realpath(path)`, or an error for `command` naming the path.
    static func absolute(_ path: String, for command: String) throws(RuntimeError) -> String {
        guard let resolved = realpath(path, nil) else { throw .lastError("\(command): resolve `\(path)`") }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
