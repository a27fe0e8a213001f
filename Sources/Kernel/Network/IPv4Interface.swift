/// An address together with the length of its network's prefix, as an
/// interface holds it and as CIDR writes it: `10.200.1.2/24` is the
/// address 10.200.1.2 on the network 10.200.1.0/24.
public struct IPv4Interface: Hashable, Sendable, CustomStringConvertible {
    public var address: IPv4Address
    /// 0 to 32.
    public var prefixLength: Int

    public init(address: IPv4Address, prefixLength: Int) {
        self.address = address
        self.prefixLength = min(max(prefixLength, 0), 32)
    }

    /// `A.B.C.D/N`, strictly (see `IPv4Address`); nil for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let address = IPv4Address(parts[0]), let length = Self.prefixLength(parts[1]) else { return nil }
        self.init(address: address, prefixLength: length)
    }

    /// A prefix length as written after the `/`: 0 to 32, no sign, no leading zero.
    static func prefixLength(_ text: some StringProtocol) -> Int? {
        guard (1...2).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }),
              text.count == 1 || text.first != "0", let length = Int(text), length <= 32
        else { return nil }
        return length
    }

    /// The netmask as a number: /24 is 0xFFFF_FF00.
    public var mask: UInt32 { prefixLength == 0 ? 0 : UInt32.max << (32 - prefixLength) }

    /// The network's first address (10.200.1.0 for 10.200.1.2/24).
    public var networkAddress: IPv4Address { IPv4Address(address.value & mask) }

    /// The network's last address, its broadcast address (10.200.1.255).
    public var broadcastAddress: IPv4Address { IPv4Address(address.value | ~mask) }

    /// The network itself, written as CIDR: `10.200.1.0/24`.
    public var network: IPv4Interface { IPv4Interface(address: networkAddress, prefixLength: prefixLength) }

    /// True when `candidate` lies in this network.
    public func contains(_ candidate: IPv4Address) -> Bool {
        candidate.value & mask == networkAddress.value
    }

    /// True when the two networks share an address: one contains the other.
    public func overlaps(_ other: IPv4Interface) -> Bool {
        let shorter = IPv4Interface(address: address, prefixLength: min(prefixLength, other.prefixLength))
        return shorter.contains(other.address)
    }

    public var description: String { "\(address)/\(prefixLength)" }
}
