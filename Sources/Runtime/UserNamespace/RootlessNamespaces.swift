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

    /// True when the child must become root of the user namespace it
    /// creates or joins before its setup: the maps give ID 0 (uid and gid)
    /// to other IDs than the caller's, who would otherwise be unmapped there.
    static func becomesNamespaceRoot(_ spec: ContainerSpec, joins: [NamespaceJoin]) -> Bool {
        guard spec.namespaces.contains(.user) || joins.contains(where: { $0.kind == .user }) else { return false }
        let maps = IDMapKind.allCases.map { ($0, $0.effectiveMappings(in: spec)) }
        guard maps.allSatisfy({ _, mappings in mappings.contains { $0.containerRange.contains(0) } }) else { return false }
        return !maps.allSatisfy { kind, mappings in mappings.contains { $0.containerID == 0 && $0.hostID == kind.callerID } }
    }
}
