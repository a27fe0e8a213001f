/// Where ctrsh puts its cgroup v2 groups, decided by the kernel's and
/// systemd's delegation rules ("Control Group APIs and Delegation"): a
/// cgroup that holds processes cannot pass controllers to its children
/// (only the root can), so ctrsh never nests its groups below a cgroup it
/// shares with other processes.
public enum CgroupPlacement: Equatable, Sendable {
    /// ctrsh's own cgroup is the hierarchy's root, which the kernel exempts
    /// from that rule: groups go below it, as they always did.
    case ownGroup
    /// ctrsh is alone in a cgroup delegated to it (systemd's `Delegate=yes`,
    /// or a subtree root handed to the user): groups go below it, and before
    /// it first enables a controller there ctrsh moves itself into the leaf
    /// `<own>/shell` (and back on `quit`).
    case delegated
    /// Root, sharing a cgroup (a login session) on a machine without
    /// systemd: `ctrsh/` directly below the hierarchy's root, as the
    /// cgroupfs drivers of runc and crun do.
    case hierarchyRoot
    /// Root, sharing a cgroup on a systemd machine: ctrsh asks systemd for a
    /// transient scope of its own with `Delegate=yes`, moves into it, and is
    /// then `.delegated` there.
    case systemdScope(unit: String)
    /// No place where limits can work, and the facts of why (Commands
    /// words them with the command that does work on this machine).
    case unavailable(CgroupUnavailability)

    /// The slice systemd puts transient scopes of the system manager in,
    /// where `gc` looks for other sessions' scopes.
    static let systemdSlice = "system.slice"
    /// The name of a session's transient scope: `ctrsh-<pid>.scope`.
    static func scopeName(pid: Int32) -> String { "ctrsh-\(pid).scope" }
    /// The leaf ctrsh moves itself into in a delegated cgroup.
    static let leafName = "shell"

    /// The decision for `facts`; pure, so it is tested with tables.
    public static func decide(_ facts: CgroupPlacementFacts) -> CgroupPlacement {
        if !facts.isRoot && !facts.ownIsWritable {
            return .unavailable(.notWritable(own: facts.ownDirectory, uid: facts.uid, remedy: remedy(facts)))
        }
        if facts.ownIsHierarchyRoot { return .ownGroup }
        let alone = facts.otherProcesses.isEmpty
        if facts.isRoot {
            if alone && (facts.ownIsDelegated || !facts.systemdRuns) { return .delegated }
            if facts.systemdRuns { return .systemdScope(unit: scopeName(pid: facts.pid)) }
            if facts.mountIsHierarchyRoot { return .hierarchyRoot }
            return .unavailable(.sharedNamespaceRoot(own: facts.ownDirectory, pids: facts.otherProcesses))
        }
        if alone { return .delegated }
        return .unavailable(
            .sharedDelegation(own: facts.ownDirectory, uid: facts.uid, pids: facts.otherProcesses, remedy: remedy(facts)))
    }

    /// How an ordinary user gets a delegated cgroup here.
    static func remedy(_ facts: CgroupPlacementFacts) -> CgroupRemedy {
        if facts.userManagerRuns { return .userScope }
        if facts.systemdRuns { return .startUserManager(uid: facts.uid) }
        return .askRoot(directory: joinPath(facts.mountPoint, "ctrsh-\(facts.uid)"), uid: facts.uid)
    }
}

/// What ctrsh sees of its own cgroup v2 group, the inputs of
/// `CgroupPlacement.decide`.
public struct CgroupPlacementFacts: Equatable, Sendable {
    /// ctrsh's own PID.
    public var pid: Int32
    /// The effective user ID.
    public var uid: UInt32
    /// Root may write every cgroup; others only what was delegated to them.
    public var isRoot: Bool { uid == 0 }
    /// ctrsh's own cgroup directory, for messages.
    public var ownDirectory: String
    /// Where the cgroup2 tree is mounted, for advice.
    public var mountPoint: String
    /// Its own cgroup is the real root of the hierarchy (it has no
    /// `cgroup.type`; a cgroup namespace's root has one).
    public var ownIsHierarchyRoot: Bool
    /// The mounted directory is the hierarchy's real root.
    public var mountIsHierarchyRoot: Bool
    /// The other processes in ctrsh's own cgroup.
    public var otherProcesses: [Int32]
    /// ctrsh may create groups in its own cgroup and move processes there.
    public var ownIsWritable: Bool
    /// systemd marked its own cgroup as delegated (`trusted.delegate` or
    /// `user.delegate` extended attribute).
    public var ownIsDelegated: Bool
    /// systemd is the init system (`/run/systemd/system` exists).
    public var systemdRuns: Bool
    /// The user's systemd manager runs (`/run/user/UID/systemd/private`).
    public var userManagerRuns: Bool

    /// Facts given one by one (tests).
    public init(
        pid: Int32, uid: UInt32, ownDirectory: String, mountPoint: String, ownIsHierarchyRoot: Bool, mountIsHierarchyRoot: Bool,
        otherProcesses: [Int32], ownIsWritable: Bool, ownIsDelegated: Bool, systemdRuns: Bool, userManagerRuns: Bool
    ) {
        self.pid = pid
        self.uid = uid
        self.ownDirectory = ownDirectory
        self.mountPoint = mountPoint
        self.ownIsHierarchyRoot = ownIsHierarchyRoot
        self.mountIsHierarchyRoot = mountIsHierarchyRoot
        self.otherProcesses = otherProcesses
        self.ownIsWritable = ownIsWritable
        self.ownIsDelegated = ownIsDelegated
        self.systemdRuns = systemdRuns
        self.userManagerRuns = userManagerRuns
    }
}

/// Where a v2 driver's groups are, for `cgroup show`.
public struct CgroupPlacementReport: Equatable, Sendable {
    /// The rule that placed them.
    public var placement: CgroupPlacement
    /// `<base>/ctrsh`, the directory holding every session's groups.
    public var parent: String
    /// The systemd scope ctrsh moved into, once it did.
    public var systemdUnit: String?
    /// The leaf ctrsh moved itself into in a delegated cgroup, once it did.
    public var leaf: String?
}
