import CtrRuntime

/// A listing of a directory tree that changes when anything in it does:
/// every path with its type, mode, owner, size, modification time and
/// symlink target, then the SHA-256 of every regular file. Made with the
/// host's `find` and `sha256sum`, independent of ctrsh's own code.
public enum TreeSnapshot {
    /// The snapshot of the tree at `path`.
    public static func of(_ path: String) throws -> String {
        let script = """
            cd "$1" && find . -printf '%p %y %m %U:%G %s %T@ %l\\n' | LC_ALL=C sort && \
            find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
            """
        return try HostProgram.output(["/bin/sh", "-c", script, "snapshot", path])
    }
}
