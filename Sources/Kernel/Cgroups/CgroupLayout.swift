import Glibc

/// Where ctrsh's groups live in one hierarchy: `<base>/ctrsh/<session>/<name>`
/// (the base is `ownDirectory`: ctrsh's own cgroup, or on v2 where the
/// delegation rules put it), and the only directories ctrsh ever creates or
/// removes there.
struct CgroupLayout: Sendable {
    /// The name of the parent group shared by every ctrsh session.
    static let parentName = "ctrsh"
    /// How long `rmdir` is retried while the kernel says the group is busy.
    static let removalPatienceMicroseconds: UInt32 = 2_000_000
    /// The pause between two `rmdir` attempts.
    static let retryPauseMicroseconds: UInt32 = 10_000

    /// The base cgroup directory in this hierarchy (ctrsh's own on v1).
    let ownDirectory: String
    /// This ctrsh session's name.
    let session: String

    /// `<own>/ctrsh`, shared by all sessions.
    var parentDirectory: String { joinPath(ownDirectory, Self.parentName) }
    /// `<own>/ctrsh/<session>`, this session's groups.
    var sessionDirectory: String { joinPath(parentDirectory, session) }
    /// `<own>/ctrsh/<session>/<name>`, one container's group.
    func groupDirectory(_ name: String) -> String { joinPath(sessionDirectory, name) }

    /// Throws unless `name` can be one directory name in a cgroup tree that
    /// is not the session's shared devices group (`CgroupV1Session`).
    static func validate(_ name: String, as role: CgroupNameRole) throws(RuntimeError) {
        let reserved = name.isEmpty || name == "." || name == ".." || name == CgroupV1Session.devicesName || name.utf8.count > 200
        if reserved || name.contains("/") || name.utf8.contains(0) || name.contains("\n") {
            throw .cgroup(.invalidName(name, role: role))
        }
    }

    /// Creates `ctrsh/` and `ctrsh/<session>/` where missing and calls
    /// `prepare` on each of them, new or not, top-down (v1 copies cpuset
    /// values into them, v2 enables controllers). Another session may remove
    /// an empty `ctrsh/` at any moment: on ENOENT the whole step starts over.
    func ensureSessionDirectory(
        _ files: CgroupFiles, prepare: (String) throws(RuntimeError) -> Void
    ) throws(RuntimeError) {
        var attempts = 0
        while true {
            do {
                try files.makeDirectory(parentDirectory)
                try prepare(parentDirectory)
                try files.makeDirectory(sessionDirectory)
                try prepare(sessionDirectory)
                return
            } catch {
                attempts += 1
                guard case .kernel(_, let code) = error, code == ENOENT, attempts < 20 else { throw error }
            }
        }
    }

    /// Removes this session's directory, then `ctrsh/` if no other session
    /// uses it. Busy or non-empty directories are left alone.
    func removeSessionDirectories(_ files: CgroupFiles) {
        for directory in [sessionDirectory, parentDirectory] where CgroupFiles.exists(directory) {
            guard files.removeDirectory(directory) == 0 else { return }
        }
    }

    /// Removes a group directory, retrying for a while on EBUSY (its last
    /// processes are still exiting). A directory already gone is fine.
    static func removeGroupDirectory(_ path: String, _ files: CgroupFiles) throws(RuntimeError) {
        var waited: UInt32 = 0
        while true {
            let code = files.removeDirectory(path)
            if code == 0 || code == ENOENT { return }
            guard code == EBUSY, waited < removalPatienceMicroseconds else {
                throw .kernel(SystemCall("rmdir", path), errno: code)
            }
            usleep(retryPauseMicroseconds)
            waited += retryPauseMicroseconds
        }
    }

    /// Polls `done` until it is true or `seconds` pass; true when it became true.
    static func wait(seconds: UInt32, until done: () -> Bool) -> Bool {
        var waited: UInt32 = 0
        while !done() {
            if waited >= seconds * 1_000_000 { return false }
            usleep(retryPauseMicroseconds)
            waited += retryPauseMicroseconds
        }
        return true
    }
}
