/// What a network namespace holds, as `net show` prints it: its
/// interfaces with their IPv4 addresses, and the IPv4 routes of its main
/// routing table.
public struct NetworkSnapshot: Equatable, Sendable {
    public var interfaces: [NetworkInterface]
    public var routes: [NetworkRoute]

    /// The network of the namespace at `namespace` (`/proc/PID/ns/net`),
    /// or of ctrsh's own.
    package static func read(namespace: String?) throws(RuntimeError) -> NetworkSnapshot {
        let socket = try NetlinkSocket(namespace: namespace)
        do {
            return try socket.snapshot()
        } catch {
            throw .network(.snapshotUnreadable(path: namespace, error))
        }
    }

    /// The interface called `name`, if there is one.
    public func interface(named name: String) -> NetworkInterface? {
        interfaces.first { $0.name == name }
    }
}

/// One network interface of a snapshot.
public struct NetworkInterface: Equatable, Sendable {
    /// The kernel's index, unique within the namespace.
    public var index: Int32
    public var name: String
    /// The link kind (`veth`, `loopback`), when the kernel names one.
    public var kind: String?
    /// Administratively up (IFF_UP).
    public var isUp: Bool
    /// The link has carrier (IFF_LOWER_UP): a veth end has it only while
    /// both ends are up.
    public var hasCarrier: Bool
    /// Its IPv4 addresses with their prefix lengths.
    public var addresses: [IPv4Interface]
}

/// One IPv4 route of a main routing table.
public struct NetworkRoute: Equatable, Sendable {
    /// The network it leads to; nil for the default route.
    public var destination: IPv4Interface?
    /// The next hop, for a route through a gateway.
    public var gateway: IPv4Address?
    /// The interface packets leave by.
    public var interface: String?

    package init(destination: IPv4Interface?, gateway: IPv4Address?, interface: String?) {
        self.destination = destination
        self.gateway = gateway
        self.interface = interface
    }

    /// `default` or the destination network (`10.200.1.0/24`).
    public var destinationText: String { destination.map(\.description) ?? "default" }
}
