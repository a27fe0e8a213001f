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

    /// One sentence naming the setting that is in the way and the command
    /// that changes it; nil when none of them is set. The first and last
    /// concern ordinary users only.
    public var advice: String? {
        if ordinaryUser && value("kernel/unprivileged_userns_clone") == "0" {
            return "kernel.unprivileged_userns_clone is 0, which keeps ordinary users from creating user namespaces: as root, `sysctl -w kernel.unprivileged_userns_clone=1`"
        }
        if value("user/max_user_namespaces") == "0" {
            return "user.max_user_namespaces is 0, which turns user namespaces off: as root, `sysctl -w user.max_user_namespaces=15000`"
        }
        if ordinaryUser && value("kernel/apparmor_restrict_unprivileged_userns") == "1" {
            return "kernel.apparmor_restrict_unprivileged_userns is 1, so AppArmor denies ordinary users' programs the use of user namespaces: as root, `sysctl -w kernel.apparmor_restrict_unprivileged_userns=0`, or give ctrsh an AppArmor profile that allows `userns,`"
        }
        return nil
    }

    private func value(_ name: String) -> Substring? {
        FileText.readIfPresent(procSys + "/" + name).map { $0.prefix { !$0.isWhitespace } }
    }
}
