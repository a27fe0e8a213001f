/// What a container's spec asks that cannot work, found before anything is
/// made: the facts of each problem. ctrsh's Commands word them, with what to
/// do (`Diagnostics+Spec.swift`); an embedder gets the kind.
public enum SpecProblem: Equatable, Sendable {
    /// No program to run was given.
    case noProgram
    /// A hostname without a uts namespace of its own would rename the host.
    case hostnameWithoutUTSNamespace
    /// A new container cannot join a namespace of this kind (user; mnt
    /// when it has a root filesystem of its own).
    case cannotJoin(NamespaceKind)
    /// Without root, the kernel makes new namespaces only inside a new user
    /// namespace, and the spec has none.
    case needsUserNamespace
    /// A veth pair needs a net namespace of the container's own.
    case vethWithoutNetNamespace
    /// Extra mounts need a root filesystem to mount into.
    case mountsWithoutRootfs
    /// A root filesystem needs a mount namespace to pivot in.
    case rootfsWithoutMountNamespace
    /// The root filesystem's directory cannot be looked at (`stat` failed).
    case rootfsUnreachable(path: String, errno: Int32)
    /// The root filesystem is not a directory.
    case rootfsNotDirectory(path: String)
    /// The root filesystem given is the host's own `/`.
    case rootfsIsHostRoot(path: String)
    /// A mount destination that is not a clean absolute path inside the
    /// container; `field` names where it was read when not the spec's own
    /// mounts (an OCI config's `mounts`).
    case mountDestination(path: String, fault: MountDestinationFault, field: String?)
    /// The address given for a veth pair's container end cannot serve.
    case vethAddress(VethAddressProblem)
    /// The seccomp filter is built for x86_64 and aarch64 only.
    case seccompArchitectureUnknown
    /// A seccomp rule names a system call ctrsh has no number for.
    case seccompUnknownCall(String)
    /// The seccomp profile needs a jump longer than classic BPF allows.
    case seccompProfileTooLong(jump: Int)
}

/// What is wrong with a mount destination.
public enum MountDestinationFault: Equatable, Sendable {
    /// It does not start with `/`.
    case relative
    /// It has a `..` component.
    case parentComponent
    /// It is `/`: the container's root itself.
    case root
}

/// What is wrong with a veth pair's address (`net veth CIDR`).
public enum VethAddressProblem: Equatable, Sendable {
    /// An IPv4 address without `/LENGTH`.
    case noPrefixLength(String)
    /// Text that is not `ADDRESS/LENGTH`.
    case notCIDR(String)
    /// The part before `/` is not an IPv4 address.
    case notAnAddress(String)
    /// The part after `/` is not a prefix length 0–32.
    case notAPrefixLength(String)
    /// A network too small for the pair's two addresses.
    case networkTooSmall(IPv4Interface)
    /// A network so large the host would route much of the world inside.
    case networkTooLarge(IPv4Interface)
    /// An address in a range no interface can take.
    case reservedRange(IPv4Interface, ReservedIPv4Range)
    /// The network's own address or its broadcast address.
    case networkEdge(IPv4Interface, broadcast: Bool)
}

/// IPv4 ranges that no interface can take.
public enum ReservedIPv4Range: Equatable, Sendable {
    /// 0.0.0.0/8, "this network".
    case thisNetwork
    /// 127.0.0.0/8.
    case loopback
    /// 224.0.0.0/4.
    case multicast
    /// 240.0.0.0/4.
    case reserved
}
