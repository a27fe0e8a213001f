import CtrKernel
import Glibc

/// Where a session records its running containers, so that a later ctrsh
/// can find what a killed one left behind: `/run/ctrsh` as root, else
/// `$XDG_RUNTIME_DIR/ctrsh` (or `/tmp/ctrsh-UID`). Layout:
/// `<root>/<session>.lock` (locked by the live session from its first
/// container on, see `SessionLock`) and, once the session records
/// something, `<root>/<session>/`: `<container>.state` (a running
/// container's first process), `<container>.log` for what detached
/// processes print (capped: `ContainerLog`) and `<container>.veth` for the
/// host end of a veth pair (`net veth`). A session that only runs
/// containers in the foreground makes one empty file: where `/run` is on a
/// disk, making and freeing a directory costs a block and its discard. `/run` is a small tmpfs on most hosts, so the copy-on-write
/// layers of `rootfs use --overlay`, which grow as a container writes, live
/// on disk instead, as podman keeps its graphroot: `<layerRoot>/<session>/
/// <container>.overlay/`.
public struct StateDirectory: Sendable {
    /// The directory holding every session's entries.
    public let root: String
    /// The directory holding every session's overlay layers.
    public let layerRoot: String

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

    /// `/var/lib/ctrsh/overlay` for root, else `$XDG_DATA_HOME/ctrsh/overlay`
    /// (or `~/.local/share/ctrsh/overlay`): on disk, where the layers of
    /// podman and Docker live too.
    public static var defaultLayerRoot: String {
        if geteuid() == 0 { return "/var/lib/ctrsh/overlay" }
        if let data = getenv("XDG_DATA_HOME").map({ String(cString: $0) }), data.hasPrefix("/") { return data + "/ctrsh/overlay" }
        let home = getenv("HOME").map { String(cString: $0) }.flatMap { $0.hasPrefix("/") ? $0 : nil }
        return (home ?? "/tmp/ctrsh-\(geteuid())") + "/.local/share/ctrsh/overlay"
    }

    /// State under `root`, layers under `layerRoot`. A `root` named without
    /// a `layerRoot` (tests, a program embedding ctrsh) keeps the layers
    /// beside it in `<root>-layers`, so all it makes stays in its place.
    public init(root: String = StateDirectory.defaultRoot, layerRoot: String? = nil) {
        self.root = root
        self.layerRoot = layerRoot ?? (root == Self.defaultRoot ? Self.defaultLayerRoot : root + "-layers")
    }

    func sessionDirectory(_ session: String) -> String { root + "/" + session }
    /// The lock a live session holds (`SessionLock`).
    func lockPath(_ session: String) -> String { root + "/" + session + ".lock" }
    /// Where an earlier ctrsh kept a session's lock, inside its directory.
    func lockPathInDirectory(_ session: String) -> String { sessionDirectory(session) + "/lock" }
    func entryPath(_ session: String, _ container: String) -> String { sessionDirectory(session) + "/" + container + ".state" }
    /// Where `container`'s detached processes write.
    public func logPath(_ session: String, _ container: String) -> String { sessionDirectory(session) + "/" + container + ".log" }

    /// The directory of the session's overlay layers.
    func layerDirectory(_ session: String) -> String { layerRoot + "/" + session }

    /// Where `container`'s overlay layer (upper, work and merged directories) lives.
    public func overlayPath(_ session: String, _ container: String) -> String {
        layerDirectory(session) + "/" + container + ".overlay"
    }

    /// Takes the session's lock (held until the returned value goes),
    /// making the root when it is missing. The root stays, as the layer root
    /// does: removing it could race another session about to lock in it.
    /// Sessions are named by their PID: one in another pid namespace may
    /// have the same.
    func prepare(session: String) throws(RuntimeError) -> SessionLock {
        try FileTree.makeDirectory(root, mode: 0o700)
        try checkPrivate()
        guard let lock = try SessionLock.acquire(at: lockPath(session)) else {
            throw .state(.sessionInAnotherPidNamespace(lock: lockPath(session)))
        }
        return lock
    }

    /// Makes the session's directory, for its first record; the session
    /// holds its lock already.
    func prepareDirectory(session: String) throws(RuntimeError) {
        try FileTree.makeDirectory(sessionDirectory(session), mode: 0o700)
    }

    /// `pid=`, `start=` and the pid namespace those numbers belong to.
    private func identityText(_ process: ProcessIdentity) -> String {
        "pid=\(process.pid)\nstart=\(process.startTime)\npidns=\(NamespaceInodes.inode(.pid) ?? "?")\n"
    }

    /// Creates the session's layer directory, and the layer root with the
    /// directories above it. The layer root is private (0700): an upper
    /// layer may hold setuid programs the container made.
    func prepareLayers(session: String) throws(RuntimeError) {
        var path = ""
        for component in layerRoot.split(separator: "/").dropLast() {
            path += "/" + component
            if !FileTree.isDirectory(path) { try FileTree.makeDirectory(path, mode: 0o755) }
        }
        try FileTree.makeDirectory(layerRoot, mode: 0o700)
        try checkPrivate(layerRoot)
        try FileTree.makeDirectory(layerDirectory(session), mode: 0o700)
    }

    /// The root must be a real directory of this user's, closed to others:
    /// in a shared place like /tmp anyone could have made it first, and
    /// whoever owns it could swap the entries ctrsh later kills and removes.
    func checkPrivate(_ root: String? = nil) throws(RuntimeError) {
        let root = root ?? self.root
        var info = stat()
        guard lstat(root, &info) == 0 else { throw .lastError(SystemCall("lstat", root)) }
        let flaw: StateDirectoryFlaw? =
            if info.st_mode & S_IFMT != S_IFDIR { .notADirectory }
            else if info.st_uid != geteuid() { .ownedBy(uid: info.st_uid, user: geteuid()) }
            else if info.st_mode & 0o077 != 0 { .openToOthers(mode: info.st_mode & 0o7777) }
            else { nil }
        if let flaw {
            throw .state(.notPrivate(root, flaw, variable: root == self.root ? "XDG_RUNTIME_DIR" : "XDG_DATA_HOME"))
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
        unlink(logPath(session, container) + ".1")
    }

    /// Removes the session's directory and its layer directory with
    /// whatever is left in them (never crossing into another filesystem),
    /// then its lock file, last: while the lock is there, `gc` asks its
    /// holder. The roots stay, as the rootfs cache does: an empty directory
    /// costs nothing, and removing one could race another session that is
    /// about to make its own in it.
    @discardableResult
    func removeSession(_ session: String) -> [RuntimeError] {
        let problems = [FileTree.removeTree(sessionDirectory(session)), FileTree.removeTree(layerDirectory(session))]
        unlink(SessionLock.temporaryPath(for: lockPath(session)))  // a session killed while it made its lock
        unlink(lockPath(session))
        return problems.compactMap { $0 }
    }

    /// What a session may have on disk, its lock last.
    func sessionPaths(_ session: String) -> [String] {
        [sessionDirectory(session), layerDirectory(session), SessionLock.temporaryPath(for: lockPath(session)), lockPath(session)]
    }

    /// Session names found on disk, with a lock, state or layers (unsorted,
    /// a name may repeat).
    func sessions() -> [String] {
        FileTree.names(in: root).map { String($0.prefix { $0 != "." }) } + FileTree.names(in: layerRoot)
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
