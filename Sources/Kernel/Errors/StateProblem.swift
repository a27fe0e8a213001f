import Glibc

/// Why ctrsh cannot keep its state where it would, as facts. ctrsh's
/// Commands words each case, with what to do.
public enum StateProblem: Equatable, Sendable {
    /// The session lock `lock` is held by a live session of the same PID
    /// in another pid namespace.
    case sessionInAnotherPidNamespace(lock: String)
    /// The state (or layer) root `path` is not a private directory of the
    /// user's; `variable` is the environment variable that moves it.
    case notPrivate(String, StateDirectoryFlaw, variable: String)
}

/// How a state root fails to be a private directory of the user's.
public enum StateDirectoryFlaw: Equatable, Sendable {
    /// Not a directory at all.
    case notADirectory
    /// It belongs to `uid`, not to the user `user`.
    case ownedBy(uid: uid_t, user: uid_t)
    /// Other users may use it (its `mode`).
    case openToOthers(mode: mode_t)
}
