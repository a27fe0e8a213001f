/// Why a step on a container cannot be taken, as facts: its name, what was
/// asked of it, what it shares. ctrsh's Commands words each case, with the
/// commands that get it going.
public indirect enum ContainerProblem: Equatable, Sendable {
    /// Started while it runs.
    case runningAlready(String)
    /// `action` needs it running, and it is not.
    case notRunning(String, for: ContainerAction)
    /// `action` would start a process in it, and it is paused (frozen).
    case paused(String, for: ContainerAction)
    /// Paused while it is paused.
    case pausedAlready(String)
    /// Resumed while it is not paused.
    case notPaused(String)
    /// `action` needs its cgroup, and it has none, for `reason`.
    case noCgroup(String, for: ContainerAction, reason: CgroupUnavailability)
    /// `action` needs a namespace of `kind` of its own, and it shares the
    /// one of `owner` (nil: the host's).
    case missingNamespace(NamespaceKind, container: String, for: ContainerAction, owner: String?)
    /// A veth is attached already: `hostEnd` on the host, `inside` in it.
    case vethAttached(String, hostEnd: String, inside: IPv4Interface)
    /// No user `name` in the container's `/etc/passwd` (below `root`, as shown).
    case unknownUser(String, root: String)
    /// No group `name` in the container's `/etc/group` (below `root`, as shown).
    case unknownGroup(String, root: String)
    /// `name` means `id`, beyond the largest ID ctrsh takes (`largest`).
    case idTooLarge(String, id: UInt32, largest: UInt32)
}

/// What was asked of a container when it could not be done: the command
/// a person typed, or the call an embedder made.
public enum ContainerAction: Equatable, Sendable, CaseIterable {
    case start
    case exec
    case execDetached
    case stop
    case kill
    case pause
    case resume
    case wait
    case cgroup
    case hostname
    case netUp
    case netVeth
    case netVethOff
    case netShow
    case processes
}

/// Whether a running container was frozen while ctrsh worked on its root
/// (`whileFrozen`).
public enum FreezeNote: Equatable, Sendable {
    /// Frozen during `work`, then thawed.
    case froze(String, TreeWork)
    /// Not frozen: it has no cgroup; `work` happened while it ran.
    case noCgroup(String, TreeWork)
    /// Freezing failed with the error; `work` happened while it ran.
    case failed(String, TreeWork, RuntimeError)
}
