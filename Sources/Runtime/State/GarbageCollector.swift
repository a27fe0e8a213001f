import CtrKernel
import Glibc

/// Finds and removes what ctrsh sessions that ended without cleaning up
/// (SIGKILL, a power cut) left behind: their containers' processes, cgroups,
/// veth pairs, state entries and overlay layers. A session is stale when nobody holds the
/// lock in its state directory (`SessionLock`): a PID says nothing about a
/// session in another pid namespace. Sessions are named by their PID;
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

    /// The names of stale sessions, from the state and layer directories
    /// (what every start asks). A session takes its lock before it makes a
    /// cgroup, so one that was killed left a lock file there; only a
    /// session of a ctrsh older than the lock can have left a cgroup alone,
    /// and `collect` finds that too.
    public func staleSessions() -> [String] {
        candidates(inCgroups: false).filter { staleness(of: $0) != nil }
    }

    /// Removes everything the stale sessions left; returns each thing
    /// removed, and the problems met (which a later run can retry).
    /// Each dead session's lock is held while its leftovers go.
    public func collect() -> (removed: [GarbageItem], problems: [RuntimeError]) {
        var removed: [GarbageItem] = []
        var problems: [RuntimeError] = []
        for session in candidates() {
            guard let stale = staleness(of: session) else { continue }
            withExtendedLifetime(stale) { collect(session, removed: &removed, problems: &problems) }
        }
        return (removed, problems)
    }

    /// Kills and removes what one dead session left.
    private func collect(_ session: String, removed: inout [GarbageItem], problems: inout [RuntimeError]) {
        let directory = state.sessionDirectory(session)
        for name in FileTree.names(in: directory) where name.hasSuffix(".state") {
            let path = directory + "/" + name
            // A PID of another pid namespace names some other process
            // here: its container dies with its cgroup below instead.
            if let process = state.identity(in: path), state.isInOurPidNamespace(path), process.isAlive {
                kill(process.pid, SIGKILL)
                removed.append(.process(process.pid, container: String(name.dropLast(".state".count))))
            }
        }
        for (name, index) in state.vethHostEnds(session: session) {
            do {
                if try VethAttachment.removeHostEnd(named: name, index: index) { removed.append(.veth(name)) }
            } catch {
                problems.append(error)
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
                    removed.append(.group(sessionGroup + "/" + group))
                }
            }
            if rmdir(sessionGroup) != 0 && errno != ENOENT {
                problems.append(.lastError(SystemCall("rmdir", sessionGroup)))
            }
            rmdir(parent)  // only when no other session uses it
        }
        let present = state.sessionPaths(session).filter { access($0, F_OK) == 0 }
        if !present.isEmpty {
            problems += state.removeSession(session)
            removed += present.map { $0 == state.layerDirectory(session) ? .layers($0) : .state($0) }
        }
    }

    /// Session names, from the state and layer directories and, unless
    /// `inCgroups` is false, the cgroup tree. (Sorted and made unique by
    /// hand: a first `Set<String>` costs every start a scan of the binary's
    /// conformance records.)
    private func candidates(inCgroups: Bool = true) -> [String] {
        var names = state.sessions()
        for parent in inCgroups ? cgroups?.parentDirectories ?? [] : [] { names += FileTree.names(in: parent) }
        var unique: [String] = []
        for name in names.sorted() where unique.last != name { unique.append(name) }
        return unique
    }

    /// Why a session counts as dead, or nil while it lives.
    private enum Staleness {
        /// Its lock was free; this holds it now.
        case unlocked(SessionLock)
        /// Left by a ctrsh older than the lock, judged as that version did.
        case legacyProcessGone
    }

    /// Named by a PID (a real session), not this one, and nobody holds its
    /// lock. Without a lock file: a directory being made this moment is
    /// live; a session of an older ctrsh (its `session` record, or only a
    /// cgroup, without a lock) is judged as that version judged it, by PID
    /// and start time: refusing would keep what every killed old session
    /// left for ever, and only an old session still running in another pid
    /// namespace can be misjudged (update it, or stop it, first).
    private func staleness(of session: String) -> Staleness? {
        guard session != currentSession, let pid = pid_t(session), pid > 0 else { return nil }
        let directory = state.sessionDirectory(session)
        switch lockProbe(of: session) {
        case .held: return nil
        case .free(let lock): return .unlocked(lock)
        case .missing: break
        }
        let gone: Bool
        if let owner = state.identity(in: directory + "/session") {
            gone = !owner.isAlive
        } else {
            gone = access(directory, F_OK) != 0 && ProcessIdentity(pid: pid) == nil
        }
        // A new session links its lock in before it makes anything else:
        // one that did so since the first look is live, whatever its PID.
        guard gone, case .missing = lockProbe(of: session) else { return nil }
        return .legacyProcessGone
    }

    /// The session's lock, where this ctrsh makes it or, for a session of
    /// an earlier one, in its directory.
    private func lockProbe(of session: String) -> SessionLock.Probe {
        let probe = SessionLock.probe(path: state.lockPath(session))
        guard case .missing = probe else { return probe }
        return SessionLock.probe(path: state.lockPathInDirectory(session))
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
    private func removeGroup(_ path: String) -> RuntimeError? {
        thaw(path)
        for _ in 0..<200 {
            let pids = (FileText.readIfPresent(path + "/cgroup.procs") ?? "").split(separator: "\n").compactMap { pid_t($0) }
            for pid in pids { kill(pid, SIGKILL) }
            if rmdir(path) == 0 || errno == ENOENT { return nil }
            usleep(10_000)
        }
        return .lastError(SystemCall("rmdir", path))
    }
}

/// One thing `gc` removed.
public enum GarbageItem: Hashable, Sendable {
    /// A container's process (PID, container name) that outlived its session.
    case process(Int32, container: String)
    /// The host end of a veth pair.
    case veth(String)
    /// A container's cgroup directory.
    case group(String)
    /// A session's state directory.
    case state(String)
    /// A session's overlay layer directory.
    case layers(String)
}
