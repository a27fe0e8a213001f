import CNetlink
import Glibc

/// The rtnetlink requests that change a namespace's network, one function
/// per request, each the message `ip` would send for the same change.
extension NetlinkSocket {
    private static let create = Int32(NLM_F_CREATE | NLM_F_EXCL)

    /// `RTM_NEWLINK` of kind veth: `name` here, and its peer `peer` created
    /// directly in the namespace `peerNamespace` refers to
    /// (`VETH_INFO_PEER` holding the peer's own `ifinfomsg`, name and
    /// `IFLA_NET_NS_FD`). Fails as a whole: no pair, or both ends.
    func createVethPair(name: String, peer: String, peerNamespace: Int32) throws(NetlinkError) {
        var message = NetlinkMessage(type: Int(RTM_NEWLINK), flags: Self.create, header: ifinfomsg())
        message.append(Int(IFLA_IFNAME), string: name)
        message.nest(Int(IFLA_LINKINFO)) { info in
            info.append(Int(IFLA_INFO_KIND), string: "veth")
            info.nest(Int(IFLA_INFO_DATA)) { data in
                data.nest(Int(VETH_INFO_PEER)) { peerInfo in
                    peerInfo.appendRaw(ifinfomsg())
                    peerInfo.append(Int(IFLA_IFNAME), string: peer)
                    peerInfo.append(Int(IFLA_NET_NS_FD), uint32: UInt32(bitPattern: peerNamespace))
                }
            }
        }
        try perform(message)
    }

    /// `RTM_GETLINK` by name: the interface's index.
    func linkIndex(named name: String) throws(NetlinkError) -> Int32 {
        var message = NetlinkMessage(type: Int(RTM_GETLINK), header: ifinfomsg())
        message.append(Int(IFLA_IFNAME), string: name)
        guard let link = try fetch(message).header(ifinfomsg.self) else { throw NetlinkError(errno: EPROTO) }
        return link.ifi_index
    }

    /// `RTM_NEWLINK` on an existing interface, changing only IFF_UP.
    func setLinkUp(index: Int32) throws(NetlinkError) {
        var link = ifinfomsg()
        link.ifi_index = index
        link.ifi_flags = UInt32(IFF_UP)
        link.ifi_change = UInt32(IFF_UP)
        try perform(NetlinkMessage(type: Int(RTM_NEWLINK), header: link))
    }

    /// `RTM_DELLINK` by index. Deleting one end of a veth pair deletes both.
    func deleteLink(index: Int32) throws(NetlinkError) {
        var link = ifinfomsg()
        link.ifi_index = index
        try perform(NetlinkMessage(type: Int(RTM_DELLINK), header: link))
    }

    /// `RTM_NEWADDR`: `address` with its prefix on interface `index` (the
    /// kernel adds the route to its network with it).
    func addAddress(_ address: IPv4Interface, index: Int32) throws(NetlinkError) {
        var header = ifaddrmsg()
        header.ifa_family = UInt8(AF_INET)
        header.ifa_prefixlen = UInt8(address.prefixLength)
        header.ifa_scope = UInt8(RT_SCOPE_UNIVERSE.rawValue)
        header.ifa_index = UInt32(index)
        var message = NetlinkMessage(type: Int(RTM_NEWADDR), flags: Self.create, header: header)
        message.append(Int(IFA_LOCAL), address: address.address)
        message.append(Int(IFA_ADDRESS), address: address.address)
        try perform(message)
    }

    /// `RTM_NEWROUTE`: the default route of the main table, through
    /// `gateway` on interface `index`.
    func addDefaultRoute(via gateway: IPv4Address, index: Int32) throws(NetlinkError) {
        var route = rtmsg()
        route.rtm_family = UInt8(AF_INET)
        route.rtm_dst_len = 0
        route.rtm_table = UInt8(RT_TABLE_MAIN.rawValue)
        route.rtm_protocol = UInt8(RTPROT_BOOT)
        route.rtm_scope = UInt8(RT_SCOPE_UNIVERSE.rawValue)
        route.rtm_type = UInt8(RTN_UNICAST)
        var message = NetlinkMessage(type: Int(RTM_NEWROUTE), flags: Self.create, header: route)
        message.append(Int(RTA_GATEWAY.rawValue), address: gateway)
        message.append(Int(RTA_OIF.rawValue), uint32: UInt32(index))
        try perform(message)
    }
}
