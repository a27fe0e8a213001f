/// Why ctrsh's own work on the host's files and programs stopped, as
/// facts. ctrsh's Commands words each case.
public enum HostProblem: Equatable, Sendable {
    /// The directory `path` was moved while ctrsh walked the tree below it.
    case movedDuringWalk(path: String)
    /// The regular file `path` was replaced between being examined and
    /// opened, while ctrsh did `work` on it.
    case replacedWhileExamined(path: String, work: TreeWork)
    /// `name`, to be removed below `path`, is not one name in its directory: left alone.
    case notAName(String, in: String)
    /// `path`, to be removed, is on another filesystem (a mount point?): left alone.
    case otherFilesystem(path: String)
    /// A host program (`argv`) did not exit with 0.
    case programFailed(argv: [String], status: ExitStatus)
}

/// What ctrsh was doing with a tree a container can change.
public enum TreeWork: Equatable, Sendable {
    /// Copying it (`export oci`'s root, an image's layers).
    case copy
    /// Reading it for an export.
    case export
}
