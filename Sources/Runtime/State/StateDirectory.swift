import Glibc

/// Where a session records its running containers, so that a later ctrsh
/// can find what a killed one left behind: `/run/ctrsh` as root, else
/// `$XDG_RUNTIME_DIR/ctrsh` (or `/tmp/ctrsh-UID`). Layout: `<root>/<session>/lock` (locked
/// by the live session, see `SessionLock`), `<root>/<session>/session` (the
/// session process's identity) and `<root>/<session>/<container>.state`,
/// plus `<container>.log` for what detached processes print,
/// `<container>.overlay/` for the copy-on-write layer of `rootfs use --overlay`
/// and `<container>.veth` for the host end of a veth pair (`net veth`).
public struct StateDirectory: Sendable {
    /// The directory holding every session's entries.
    public let root: String

    /// `/run/ctrsh` for root. Otherwise `$XDG_RUNTIME_DIR/ctrsh` when that
    /// variable names a directory of the user's own (`su` keeps the caller's,
    /// which is not), else `/tmp/ctrsh-UID`.
    public static var defaultRoot: String {
        if geteuid() == 0 { return "/run/ctrsh" }
        if let runtime = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }), runtime.hasPrefix("/") {
            var info = stat()
            if stat(runtime, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == geteuid() {
                return runtime + "/ctrsh"
            }
        }
        return "/tmp/ctrsh-\(geteuid())"
    }

    public init(root: String = StateDirectory.defaultRoot) {
        self.root = root
    }

    func sessionDirectory(_ session: String) -> String { root + "/" + session }
    func entryPath(_ session: String, _ container: String) -> String { sessionDirectory(session) + "/" + container + ".state" }
    /// Where `container`'s detached processes write.
    public func logPath(_ session: String, _ container: String) -> String { sessionDirectory(session) + "/" + container + ".log" }

    /// Where `container`'s overlay layer (upper, work and merged directories) lives.
    public func overlayPath(_ session: String, _ container: String) -> String {
        sessionDirectory(session) + "/" + container + ".overlay"
    }

    /// Creates the session's directory, takes its lock (held until the
    /// returned value goes) and records who the session is. Sessions are
    /// named by their PID: one in another pid namespace may have the same.
    func prepare(session: String, owner: ProcessIdentity) throws(RuntimeError) -> SessionLock {
        try FileTree.makeDirectory(root, mode: 0o700)
        try checkPrivate()
        let directory = sessionDirectory(session)
        try FileTree.makeDirectory(directory, mode: 0o700)
        guard let lock = try SessionLock.acquire(in: directory) else {
            throw .invalidSpec(
                "state: `\(directory)` belongs to a live ctrsh session with the same PID in another pid namespace; run this ctrsh with another state directory (XDG_RUNTIME_DIR, as a user) or from another PID")
        }
        try FileText.create(directory + "/session", text: identityText(owner), mode: 0o600)
        return lock
    }

    /// `pid=`, `start=` and the pid namespace those numbers belong to.
    private func identityText(_ process: ProcessIdentity) -> String {
        "pid=\(process.pid)\nstart=\(process.startTime)\npidns=\(NamespaceInodes.inode(.pid) ?? "?")\n"
    }

    /// The root must be a real directory of this user's, closed to others:
    /// in a shared place like /tmp anyone could have made it first, and
    /// whoever owns it could swap the entries ctrsh later kills and removes.
    func checkPrivate() throws(RuntimeError) {
        var info = stat()
        guard lstat(root, &info) == 0 else { throw .lastError("state: lstat `\(root)`") }
        let problem: String? =
            if info.st_mode & S_IFMT != S_IFDIR { "is not a directory" }
            else if info.st_uid != geteuid() { "belongs to uid \(info.st_uid), not to uid \(geteuid())" }
            else if info.st_mode & 0o077 != 0 { "is open to other users (mode \(String(info.st_mode & 0o7777, radix: 8)))" }
            else { nil }
        if let problem {
            throw .invalidSpec(
                "state: `\(root)` \(problem); ctrsh keeps its state only in a directory of the user's own (mode 0700): remove it, or set XDG_RUNTIME_DIR to a directory of yours")
        }
    }

    /// Records a running container's first process.
    func record(session: String, container: String, process: ProcessIdentity) throws(RuntimeError) {
        try FileText.create(entryPath(session, container), text: identityText(process), mode: 0o600)
    }

    /// Forgets a container (its entry and log).
    func forget(session: String, container: String) {
        unlink(entryPath(session, container))
        unlink(logPath(session, container))
    }

    /// Removes the session's directory with whatever is left in it
    /// (overlay layers included, never crossing into another filesystem).
    @discardableResult
    func removeSession(_ session: String) -> String? {
        let problem = FileTree.removeTree(sessionDirectory(session))
        rmdir(root)  // only when no other session uses it
        return problem
    }

    /// Session names found on disk.
    func sessions() -> [String] {
        FileTree.names(in: root)
    }

    /// The recorded identity in `<session>/session` or a `.state` entry.
    func identity(in path: String) -> ProcessIdentity? {
        let values = recorded(in: path)
        guard let pid = values["pid"].flatMap({ pid_t($0) }), let start = values["start"].flatMap({ UInt64($0) }) else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }

    /// True when the PID recorded in `path` numbers a process of this
    /// process's pid namespace. Entries of older ctrsh versions say nothing
    /// and count as ours.
    func isInOurPidNamespace(_ path: String) -> Bool {
        guard let recorded = recorded(in: path)["pidns"] else { return true }
        return NamespaceInodes.inode(.pid) == String(recorded)
    }

    private func recorded(in path: String) -> [Substring: Substring] {
        var values: [Substring: Substring] = [:]
        for line in (FileText.readIfPresent(path) ?? "").split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }
}
