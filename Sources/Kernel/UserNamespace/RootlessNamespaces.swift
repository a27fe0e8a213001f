import Glibc

/// What a user namespace changes about how a container starts. Without
/// root, the kernel lets a process create the other namespaces only
/// together with a user namespace of its own, so ctrsh adds one; and a
/// child whose maps give ID 0 to someone other than the caller becomes
/// that root first, as runc starts a container's process as uid 0.
public enum RootlessNamespaces {
    /// True when ctrsh runs without root and `spec` asks for new
    /// namespaces but not for the user namespace they need.
    public static func needsUserNamespace(_ spec: ContainerSpec) -> Bool {
        geteuid() != 0 && !spec.namespaces.isEmpty && !spec.namespaces.contains(.user)
    }

    /// False for an ordinary user's process outside any new or joined user
    /// namespace: it has no capabilities to drop, and no right to narrow
    /// its bounding set (no_new_privs still keeps setuid programs from
    /// gaining any).
    static func dropsCapabilities(_ spec: ContainerSpec, joins: [NamespaceJoin]) -> Bool {
        geteuid() == 0 || entersUserNamespace(spec, joins: joins)
    }

    static func entersUserNamespace(_ spec: ContainerSpec, joins: [NamespaceJoin]) -> Bool {
        spec.namespaces.contains(.user) || joins.contains { $0.kind == .user }
    }

    /// True when the child must become root of the user namespace it
    /// creates or joins before its setup: the maps give ID 0 (uid and gid)
    /// to other IDs than the caller's, who would otherwise be unmapped there.
    static func becomesNamespaceRoot(_ spec: ContainerSpec, joins: [NamespaceJoin]) -> Bool {
        guard entersUserNamespace(spec, joins: joins) else { return false }
        let maps = IDMapKind.allCases.map { ($0, $0.effectiveMappings(in: spec)) }
        guard maps.allSatisfy({ _, mappings in mappings.contains { $0.containerRange.contains(0) } }) else { return false }
        return !maps.allSatisfy { kind, mappings in mappings.contains { $0.containerID == 0 && $0.hostID == kind.callerID } }
    }
}
