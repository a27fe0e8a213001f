/// `net veth CIDR`: a veth pair joins the container's own net namespace to
/// the host's. The container's end is `eth0` with CIDR's address; the
/// host's end, `ctrsh-<PID>` (after the container's first process), gets
/// another address of the same network: the network's first usable one
/// (10.200.1.1 for 10.200.1.2/24), or its second when the container took
/// the first. Inside, the default route goes through the host's end.
public struct VethSpec: Codable, Equatable, Sendable {
    /// The container end's address and prefix, as given: `10.200.1.2/24`.
    public let container: IPv4Interface

    /// The name of the container's end inside its net namespace.
    public static let containerInterface = "eth0"
    /// Prefix lengths accepted: /30 leaves exactly the two addresses a pair
    /// needs; a network larger than /8 would route half the world inside.
    public static let prefixLengths = 8...30

    /// Parses and checks CIDR text (`10.200.1.2/24`); the error says what
    /// is wrong with it.
    public init(parsing text: String) throws(RuntimeError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw .spec(.vethAddress(parts.count == 1 && IPv4Address(text) != nil ? .noPrefixLength(text) : .notCIDR(text)))
        }
        guard let address = IPv4Address(parts[0]) else { throw .spec(.vethAddress(.notAnAddress(String(parts[0])))) }
        guard let length = IPv4Interface.prefixLength(parts[1]) else {
            throw .spec(.vethAddress(.notAPrefixLength(String(parts[1]))))
        }
        try self.init(IPv4Interface(address: address, prefixLength: length))
    }

    /// Checks an address and prefix for a veth pair.
    public init(_ container: IPv4Interface) throws(RuntimeError) {
        let length = container.prefixLength
        if length > Self.prefixLengths.upperBound { throw .spec(.vethAddress(.networkTooSmall(container))) }
        if length < Self.prefixLengths.lowerBound { throw .spec(.vethAddress(.networkTooLarge(container))) }
        if let range = Self.reservedRange(of: container.address) { throw .spec(.vethAddress(.reservedRange(container, range))) }
        if container.address == container.networkAddress || container.address == container.broadcastAddress {
            throw .spec(.vethAddress(.networkEdge(container, broadcast: container.address == container.broadcastAddress)))
        }
        self.container = container
    }

    /// The host end's address: the network's first usable address, unless
    /// that is the container's; then the next one.
    public var host: IPv4Address {
        let first = IPv4Address(container.networkAddress.value + 1)
        return first == container.address ? IPv4Address(first.value + 1) : first
    }

    /// The host end's address with the prefix: `10.200.1.1/24`.
    public var hostInterface: IPv4Interface { IPv4Interface(address: host, prefixLength: container.prefixLength) }

    /// The range no interface can take that `address` is in, if any.
    private static func reservedRange(of address: IPv4Address) -> ReservedIPv4Range? {
        switch address.value >> 24 {
        case 0: .thisNetwork
        case 127: .loopback
        case 224...239: .multicast
        case 240...255: .reserved
        default: nil
        }
    }

    // The spec is stored as its CIDR text, and checked again when read.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var single = encoder.singleValueContainer()
        try single.encode(container.description)
    }
}
