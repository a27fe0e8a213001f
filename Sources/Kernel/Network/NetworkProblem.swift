/// Why a network change failed, as facts: the step of `net veth` the
/// kernel refused and its errno, or what on the host a veth's network
/// would clash with. ctrsh's Commands words each case.
public enum NetworkProblem: Equatable, Sendable {
    /// The kernel refused `step` of making a veth pair.
    case vethStep(VethStep, NetlinkError)
    /// The host end `name` could not be deleted.
    case deleteFailed(String, NetlinkError)
    /// The host's addresses and routes could not be read (to check a veth).
    case hostUnreadable(NetlinkError)
    /// `network` shares addresses with `conflict` on the host.
    case overlap(network: IPv4Interface, conflict: AddressConflict)
    /// The interfaces and routes of the namespace at `path` (nil: the
    /// host's) could not be read.
    case snapshotUnreadable(path: String?, NetlinkError)
}

/// One step of making a veth pair, as `explain` names it.
public enum VethStep: Equatable, Sendable {
    /// Create the pair `host` (on the host) and `container` (inside).
    case createPair(host: String, container: String)
    /// Find `name` in one side's namespace.
    case find(String, side: VethSide)
    /// Give `name` `address`.
    case address(String, IPv4Interface)
    /// Bring `name` up.
    case up(String)
    /// Add the default route via `gateway` in the container.
    case defaultRoute(via: IPv4Address)
}

/// Which end of a veth pair.
public enum VethSide: Equatable, Sendable {
    case host
    case container
}

/// What on the host already uses part of a veth's network.
public enum AddressConflict: Equatable, Sendable {
    /// `address`, on the host's interface `interface` (another container's
    /// veth when `isVeth`).
    case address(IPv4Interface, interface: String, isVeth: Bool)
    /// The host's route to `destination`, via `interface` if it names one.
    case route(IPv4Interface, interface: String?, isVeth: Bool)
}
