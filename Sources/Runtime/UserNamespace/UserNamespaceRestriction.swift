import Glibc

/// The kernel settings that keep an ordinary user from creating user
/// namespaces, read from `/proc/sys`, and what to change: Debian's switch,
/// the per-user limit, and Ubuntu's AppArmor restriction (where the clone
/// succeeds but writing the ID maps or mounting is then refused).
public struct UserNamespaceRestriction {
    /// Where the sysctl files are (a test's copy of the tree elsewhere).
    public let procSys: String
    /// Whether the settings that concern only ordinary users apply.
    public let ordinaryUser: Bool

    public init(procSys: String = "/proc/sys", ordinaryUser: Bool = geteuid() != 0) {
        self.procSys = procSys
        self.ordinaryUser = ordinaryUser
    }

    /// The setting that is in the way; nil when none of them is set. The
    /// first and last concern ordinary users only.
    public var blocking: UserNamespaceSetting? {
        if ordinaryUser && value("kernel/unprivileged_userns_clone") == "0" { return .unprivilegedCloneOff }
        if value("user/max_user_namespaces") == "0" { return .noUserNamespacesAllowed }
        if ordinaryUser && value("kernel/apparmor_restrict_unprivileged_userns") == "1" { return .appArmorRestricts }
        return nil
    }

    /// `blocking` in one English sentence, for the launch's errors that
    /// still carry prose (transitional: they are becoming kinds that carry
    /// `blocking`, worded by Commands).
    public var advice: String? {
        blocking.map { setting in
            switch setting {
            case .unprivilegedCloneOff:
                "kernel.unprivileged_userns_clone is 0, which keeps ordinary users from creating user namespaces: as root, `sysctl -w kernel.unprivileged_userns_clone=1`"
            case .noUserNamespacesAllowed:
                "user.max_user_namespaces is 0, which turns user namespaces off: as root, `sysctl -w user.max_user_namespaces=15000`"
            case .appArmorRestricts:
                "kernel.apparmor_restrict_unprivileged_userns is 1, so AppArmor denies ordinary users' programs the use of user namespaces: as root, `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`, or give ctrsh an AppArmor profile that allows `userns,`"
            }
        }
    }

    private func value(_ name: String) -> Substring? {
        FileText.readIfPresent(procSys + "/" + name).map { $0.prefix { !$0.isWhitespace } }
    }
}

/// A kernel setting that keeps user namespaces from being created.
public enum UserNamespaceSetting: Equatable, Sendable {
    /// Debian's `kernel.unprivileged_userns_clone` is 0.
    case unprivilegedCloneOff
    /// `user.max_user_namespaces` is 0.
    case noUserNamespacesAllowed
    /// Ubuntu's `kernel.apparmor_restrict_unprivileged_userns` is 1.
    case appArmorRestricts
}
