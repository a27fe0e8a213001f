import Glibc

/// Finds and removes what ctrsh sessions that ended without cleaning up
/// (SIGKILL, a power cut) left behind: their containers' processes, cgroups,
/// veth pairs, state entries and overlay layers. A session is stale when its process is gone, or its
/// PID now belongs to another process. Sessions are named by their PID;
/// nothing else under `ctrsh/` is touched.
public struct GarbageCollector {
    let state: StateDirectory
    let cgroups: (any CgroupDriver)?
    /// The running session, never collected.
    let currentSession: String

    public init(state: StateDirectory, cgroups: (any CgroupDriver)?, currentSession: String) {
        self.state = state
        self.cgroups = cgroups
        self.currentSession = currentSession
    }

    /// The names of stale sessions, from the state directory and the cgroup tree.
    public func staleSessions() -> [String] {
        var names = Set(state.sessions())
        for parent in cgroups?.parentDirectories ?? [] { names.formUnion(FileTree.names(in: parent)) }
        return names.filter(isStale).sorted()
    }

    /// Removes everything the stale sessions left; returns one line per
    /// thing removed, and the problems met (which a later run can retry).
    public func collect() -> (removed: [String], problems: [String]) {
        var removed: [String] = []
        var problems: [String] = []
        for session in staleSessions() {
            let directory = state.sessionDirectory(session)
            for name in FileTree.names(in: directory) where name.hasSuffix(".state") {
                if let process = state.identity(in: directory + "/" + name), process.isAlive {
                    kill(process.pid, SIGKILL)
                    removed.append("process \(process.pid) (\(name.dropLast(".state".count)))")
                }
            }
            for (name, index) in state.vethHostEnds(session: session) {
                do {
                    if try VethAttachment.removeHostEnd(named: name, index: index) { removed.append("veth \(name)") }
                } catch {
                    problems.append(error.description)
                }
            }
            // Thaw in every hierarchy first: a frozen process cannot die, so
            // no hierarchy's group empties while the freezer's is still frozen.
            for group in groupDirectories(of: session) { thaw(group) }
            for parent in cgroups?.parentDirectories ?? [] {
                let sessionGroup = parent + "/" + session
                guard FileTree.names(in: parent).contains(session) else { continue }
                for group in FileTree.names(in: sessionGroup) where FileTree.isDirectory(sessionGroup + "/" + group) {
                    if let problem = removeGroup(sessionGroup + "/" + group) { problems.append(problem) } else {
                        removed.append("cgroup \(sessionGroup)/\(group)")
                    }
                }
                if rmdir(sessionGroup) != 0 && errno != ENOENT {
                    problems.append("rmdir `\(sessionGroup)`: \(errnoText(errno))")
                }
                rmdir(parent)  // only when no other session uses it
            }
            let present: [String] = [directory, state.layerDirectory(session)].filter { (path: String) in access(path, F_OK) == 0 }
            if !present.isEmpty {
                if let problem = state.removeSession(session) { problems.append(problem) }
                removed += present.map { $0 == directory ? "state \($0)" : "layers \($0)" }
            }
        }
        return (removed, problems)
    }

    /// Stale: named by a PID (a real session), not this one, and its
    /// recorded process is gone (or, without a record, no process has that PID).
    private func isStale(_ session: String) -> Bool {
        guard session != currentSession, let pid = pid_t(session), pid > 0 else { return false }
        if let owner = state.identity(in: state.sessionDirectory(session) + "/session") { return !owner.isAlive }
        return ProcessIdentity(pid: pid) == nil
    }

    /// The container groups a session has, in every hierarchy.
    private func groupDirectories(of session: String) -> [String] {
        (cgroups?.parentDirectories ?? []).flatMap { parent -> [String] in
            let sessionGroup = parent + "/" + session
            return FileTree.names(in: sessionGroup).map { sessionGroup + "/" + $0 }.filter(FileTree.isDirectory)
        }
    }

    /// Thaws a group (v1 `freezer.state`, v2 `cgroup.freeze`; the other
    /// hierarchies have neither file).
    private func thaw(_ path: String) {
        _ = try? FileText.write("THAWED", to: path + "/freezer.state")
        _ = try? FileText.write("0", to: path + "/cgroup.freeze")
    }

    /// Thaws, kills and removes one group directory; nil when it is gone.
    private func removeGroup(_ path: String) -> String? {
        thaw(path)
        for _ in 0..<200 {
            let pids = (FileText.readIfPresent(path + "/cgroup.procs") ?? "").split(separator: "\n").compactMap { pid_t($0) }
            for pid in pids { kill(pid, SIGKILL) }
            if rmdir(path) == 0 || errno == ENOENT { return nil }
            usleep(10_000)
        }
        return "rmdir `\(path)`: \(errnoText(errno))"
    }
}
