import CNetlink
import Glibc

/// The rtnetlink dumps that read a namespace's network: every link
/// (`RTM_GETLINK`), every IPv4 address (`RTM_GETADDR`) and every IPv4
/// route (`RTM_GETROUTE`), put together as a `NetworkSnapshot`.
extension NetlinkSocket {
    /// The namespace's interfaces, addresses and main-table routes.
    func snapshot() throws(NetlinkError) -> NetworkSnapshot {
        var interfaces = try links()
        for (index, address) in try addresses() {
            if let position = interfaces.firstIndex(where: { $0.index == index }) {
                interfaces[position].addresses.append(address)
            }
        }
        let names = Dictionary(interfaces.map { ($0.index, $0.name) }) { first, _ in first }
        let routes = try mainRoutes().map { route in
            NetworkRoute(destination: route.destination, gateway: route.gateway, interface: route.interface.flatMap { names[$0] })
        }
        return NetworkSnapshot(interfaces: interfaces, routes: routes)
    }

    private func links() throws(NetlinkError) -> [NetworkInterface] {
        try dump(NetlinkMessage(type: Int(RTM_GETLINK), header: ifinfomsg())).compactMap { reply in
            guard reply.type == RTM_NEWLINK, let link = reply.header(ifinfomsg.self) else { return nil }
            let attributes = reply.attributes(after: ifinfomsg.self)
            return NetworkInterface(
                index: link.ifi_index, name: attributes.string(Int(IFLA_IFNAME)) ?? "#\(link.ifi_index)",
                kind: attributes.nested(Int(IFLA_LINKINFO))?.string(Int(IFLA_INFO_KIND))
                    ?? (link.ifi_type == CTR_ARPHRD_LOOPBACK ? "loopback" : nil),
                isUp: link.ifi_flags & UInt32(IFF_UP) != 0, hasCarrier: link.ifi_flags & UInt32(CTR_IFF_LOWER_UP) != 0,
                addresses: [])
        }
    }

    /// Each IPv4 address with the index of its interface.
    private func addresses() throws(NetlinkError) -> [(Int32, IPv4Interface)] {
        var request = ifaddrmsg()
        request.ifa_family = UInt8(AF_INET)
        return try dump(NetlinkMessage(type: Int(RTM_GETADDR), header: request)).compactMap { reply in
            guard reply.type == RTM_NEWADDR, let header = reply.header(ifaddrmsg.self), header.ifa_family == AF_INET else { return nil }
            let attributes = reply.attributes(after: ifaddrmsg.self)
            guard let address = attributes.address(Int(IFA_LOCAL)) ?? attributes.address(Int(IFA_ADDRESS)) else { return nil }
            return (Int32(bitPattern: header.ifa_index), IPv4Interface(address: address, prefixLength: Int(header.ifa_prefixlen)))
        }
    }

    /// The IPv4 routes of the main table, with their interface's index.
    private func mainRoutes() throws(NetlinkError) -> [(destination: IPv4Interface?, gateway: IPv4Address?, interface: Int32?)] {
        var request = rtmsg()
        request.rtm_family = UInt8(AF_INET)
        return try dump(NetlinkMessage(type: Int(RTM_GETROUTE), header: request)).compactMap { reply in
            guard reply.type == RTM_NEWROUTE, let route = reply.header(rtmsg.self), route.rtm_family == AF_INET else { return nil }
            let attributes = reply.attributes(after: rtmsg.self)
            let table = attributes.uint32(Int(RTA_TABLE.rawValue)) ?? UInt32(route.rtm_table)
            guard table == RT_TABLE_MAIN.rawValue else { return nil }
            let destination = route.rtm_dst_len == 0 ? nil : attributes.address(Int(RTA_DST.rawValue)).map {
                IPv4Interface(address: $0, prefixLength: Int(route.rtm_dst_len))
            }
            return (destination, attributes.address(Int(RTA_GATEWAY.rawValue)), attributes.uint32(Int(RTA_OIF.rawValue)).map { Int32(bitPattern: $0) })
        }
    }
}
