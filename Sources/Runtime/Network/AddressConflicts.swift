/// Whether a veth's network would clash with what a namespace (the host's)
/// already routes: an address on one of its interfaces, or a route to a
/// network, that shares addresses with it. The default route is no clash:
/// a more specific route always wins over it.
enum AddressConflicts {
    /// What in `snapshot` already uses part of `network`, described for an
    /// error message; nil when nothing does.
    static func conflict(with network: IPv4Interface, in snapshot: NetworkSnapshot) -> String? {
        for interface in snapshot.interfaces {
            if let address = interface.addresses.first(where: network.overlaps) {
                return "\(address), an address of the host's `\(interface.name)`" + note(interface.name)
            }
        }
        for route in snapshot.routes {
            guard let destination = route.destination, destination.overlaps(network) else { continue }
            let through = route.interface.map { " via `\($0)`" } ?? ""
            return "the host's route to \(destination)\(through)" + note(route.interface ?? "")
        }
        return nil
    }

    private static func note(_ interface: String) -> String {
        interface.hasPrefix(VethAttachment.hostPrefix) ? " (another container's veth)" : ""
    }
}
