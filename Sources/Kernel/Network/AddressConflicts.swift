/// Whether a veth's network would clash with what a namespace (the host's)
/// already routes: an address on one of its interfaces, or a route to a
/// network, that shares addresses with it. The default route is no clash:
/// a more specific route always wins over it.
enum AddressConflicts {
    /// What in `snapshot` already uses part of `network`; nil when nothing does.
    static func conflict(with network: IPv4Interface, in snapshot: NetworkSnapshot) -> AddressConflict? {
        for interface in snapshot.interfaces {
            if let address = interface.addresses.first(where: network.overlaps) {
                return .address(address, interface: interface.name, isVeth: isVeth(interface.name))
            }
        }
        for route in snapshot.routes {
            guard let destination = route.destination, destination.overlaps(network) else { continue }
            return .route(destination, interface: route.interface, isVeth: isVeth(route.interface ?? ""))
        }
        return nil
    }

    private static func isVeth(_ interface: String) -> Bool {
        interface.hasPrefix(VethAttachment.hostPrefix)
    }
}
