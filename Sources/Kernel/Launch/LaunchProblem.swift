/// Why a launch failed in the parent, before or around the clone: the
/// facts of each refusal. ctrsh's Commands word them, with what to do
/// (`Diagnostics+Launch.swift`); a step that failed inside the new
/// container is a `ChildFailure` instead.
public indirect enum LaunchProblem: Equatable, Sendable {
    /// `clone3` with these flags (`CLONE_NEWPID`, …) failed with `errno`.
    case cloneRefused(flags: [String], errno: Int32)
    /// The kernel refused a user namespace (its clone, or writing its ID
    /// maps) and a host setting explains why.
    case userNamespacesRestricted(SystemCall, errno: Int32, setting: UserNamespaceSetting)
    /// `newuidmap` (`newgidmap`) refused the ranges: it accepts only those
    /// of `subordinateFile` (`/etc/subuid`).
    case idMapHelperFailed(helper: String, pid: Int32, ranges: [String], status: ExitStatus, subordinateFile: String)
    /// A bind's source is itself a symbolic link.
    case bindSourceIsSymlink(path: String, target: String)
    /// A bind's source passes a symbolic link at launch (one that appeared
    /// since the mount was asked for).
    case bindSourcePassesSymlink(path: String, target: String)
    /// A bind's source could not be opened for the mount to `destination`.
    case bindSource(source: String, destination: String, cause: RuntimeError)
    /// A mount point missing from a read-only root that ctrsh keeps unchanged
    /// (no overlay layer): it may not make it there.
    case mountPointMissing(destination: String, root: String, tmpfs: Bool)
    /// What the container's `/dev/ptmx` gave is not a pseudo-terminal master.
    case terminalNotMaster
    /// `ctrsh-init` is not beside the running executable.
    case initProgramMissing(path: String, errno: Int32)
}
