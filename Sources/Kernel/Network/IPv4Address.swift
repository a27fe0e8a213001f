/// An IPv4 address. `value` holds it as a number (10.200.1.2 is
/// 0x0AC8_0102); on the wire netlink carries it as four bytes, most
/// significant first.
public struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) {
        self.value = value
    }

    /// Parses a dotted quad strictly: four decimal numbers from 0 to 255,
    /// without signs, blanks or leading zeros (`010` could mean octal).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  part.count == 1 || part.first != "0", let byte = UInt8(part)
            else { return nil }
            value = value << 8 | UInt32(byte)
        }
        self.value = value
    }

    /// The four bytes netlink carries, most significant first; nil unless
    /// there are exactly four.
    init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// The address as netlink carries it.
    var bytes: [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    public var description: String {
        bytes.map(String.init).joined(separator: ".")
    }

    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool {
        lhs.value < rhs.value
    }
}
