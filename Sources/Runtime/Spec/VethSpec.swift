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
    /// is wrong with it and gives an example that works.
    public init(parsing text: String) throws(RuntimeError) {
        let example = "e.g. 10.200.1.2/24"
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            if parts.count == 1, IPv4Address(text) != nil {
                throw .invalidSpec("net veth: `\(text)` has no prefix length: give the container's address and its network's size, \(example)")
            }
            throw .invalidSpec("net veth: `\(text)` is not an IPv4 address with a prefix length (\(example))")
        }
        guard let address = IPv4Address(parts[0]) else {
            throw .invalidSpec("net veth: `\(parts[0])` is not an IPv4 address: four numbers from 0 to 255 (\(example))")
        }
        guard let length = IPv4Interface.prefixLength(parts[1]) else {
            throw .invalidSpec("net veth: `/\(parts[1])` is not a prefix length: a number from 0 to 32 (\(example))")
        }
        try self.init(IPv4Interface(address: address, prefixLength: length))
    }

    /// Checks an address and prefix for a veth pair.
    public init(_ container: IPv4Interface) throws(RuntimeError) {
        let length = container.prefixLength
        if length > Self.prefixLengths.upperBound {
            throw .invalidSpec(
                "net veth: a /\(length) network is too small: the pair needs two addresses (the host's and the container's) besides the network and broadcast addresses; use /\(Self.prefixLengths.upperBound) or shorter (e.g. \(container.address)/24)")
        }
        if length < Self.prefixLengths.lowerBound {
            throw .invalidSpec(
                "net veth: a /\(length) network is too large: the host would route all of \(container.network) to the container; use /\(Self.prefixLengths.lowerBound) to /\(Self.prefixLengths.upperBound) (e.g. \(container.address)/24)")
        }
        if let kind = Self.reservedKind(of: container.address) {
            throw .invalidSpec("net veth: \(container.address) is \(kind), not an address for an interface; use a private range (e.g. 10.200.1.2/24)")
        }
        if container.address == container.networkAddress || container.address == container.broadcastAddress {
            let which = container.address == container.networkAddress ? "network" : "broadcast"
            let first = IPv4Address(container.networkAddress.value + 2)
            throw .invalidSpec(
                "net veth: \(container.address) is the \(which) address of \(container.network), which no interface can take; give the container an address inside it (e.g. \(first)/\(length))")
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

    /// Ranges no interface can take, named for the error message.
    private static func reservedKind(of address: IPv4Address) -> String? {
        switch address.value >> 24 {
        case 0: "in 0.0.0.0/8 (\"this network\")"
        case 127: "a loopback address (127.0.0.0/8)"
        case 224...239: "a multicast address (224.0.0.0/4)"
        case 240...255: "a reserved address (240.0.0.0/4)"
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
