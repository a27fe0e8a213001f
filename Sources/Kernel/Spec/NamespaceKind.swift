import CLinux

/// The eight kinds of Linux namespace, named once: the word users type, the
/// file under `/proc/PID/ns/`, and the `CLONE_NEW*` flag that creates one.
public enum NamespaceKind: String, CaseIterable, Codable, Sendable, Comparable {
    case pid, uts, ipc, net, mnt, user, cgroup, time

    /// The file name under `/proc/PID/ns/`.
    public var procName: String { rawValue }

    /// The `CLONE_NEW*` flag for `clone3(2)` and `setns(2)`.
    public var cloneFlag: UInt64 {
        switch self {
        case .pid: UInt64(CTR_CLONE_NEWPID)
        case .uts: UInt64(CTR_CLONE_NEWUTS)
        case .ipc: UInt64(CTR_CLONE_NEWIPC)
        case .net: UInt64(CTR_CLONE_NEWNET)
        case .mnt: UInt64(CTR_CLONE_NEWNS)
        case .user: UInt64(CTR_CLONE_NEWUSER)
        case .cgroup: UInt64(CTR_CLONE_NEWCGROUP)
        case .time: UInt64(CTR_CLONE_NEWTIME)
        }
    }

    /// Looks a kind up by the word users type, including the alias `mount`.
    public init?(word: String) {
        if word == "mount" { self = .mnt; return }
        self.init(rawValue: word)
    }

    /// Every word `init(word:)` accepts, for completion and error messages.
    public static let words: [String] = allCases.map(\.rawValue) + ["mount"]

    /// Kinds sort in the order of `allCases`, the order `setns` wants them
    /// joined in is a separate concern of the launcher.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
