import Glibc

/// The kernel settings that keep an ordinary user from creating user
/// namespaces, read from `/proc/sys`, and what to change: Debian's switch,
/// the per-user limit, and Ubuntu's AppArmor restriction (where the clone
/// succeeds but writing the ID maps or mounting is then refused).
package struct UserNamespaceRestriction {
    /// Where the sysctl files are (a test's copy of the tree elsewhere).
    package let procSys: String
    /// Whether the settings that concern only ordinary users apply.
    package let ordinaryUser: Bool

    package init(procSys: String = "/proc/sys", ordinaryUser: Bool = geteuid() != 0) {
        self.procSys = procSys
        self.ordinaryUser = ordinaryUser
    }

    /// The setting that is in the way; nil when none of them is set. The
    /// first and last concern ordinary users only.
    package var blocking: UserNamespaceSetting? {
        if ordinaryUser && value("kernel/unprivileged_userns_clone") == "0" { return .unprivilegedCloneOff }
        if value("user/max_user_namespaces") == "0" { return .noUserNamespacesAllowed }
        if ordinaryUser && value("kernel/apparmor_restrict_unprivileged_userns") == "1" { return .appArmorRestricts }
        return nil
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
