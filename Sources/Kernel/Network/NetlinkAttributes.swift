import CNetlink

/// The attributes in a netlink payload, read defensively: a length that
/// runs past the end, or is shorter than a header, ends the list rather
/// than reading beyond it. A type appears once; the last one wins.
struct NetlinkAttributes {
    private var payloads: [Int: ArraySlice<UInt8>] = [:]

    /// Reads the attributes in `bytes` (a message's payload after its
    /// fixed header, or a nested attribute's payload).
    init(_ bytes: ArraySlice<UInt8>) {
        var offset = bytes.startIndex
        while offset + 4 <= bytes.endIndex {
            let length = Int(bytes[offset]) | Int(bytes[offset + 1]) << 8
            let type = (Int(bytes[offset + 2]) | Int(bytes[offset + 3]) << 8) & ~Int(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xFFFF
            guard length >= 4, offset + length <= bytes.endIndex else { break }
            payloads[type] = bytes[(offset + 4)..<(offset + length)]
            offset += (length + 3) & ~3
        }
    }

    /// The raw payload of attribute `type`.
    subscript(_ type: Int) -> ArraySlice<UInt8>? { payloads[type] }

    /// A string attribute, without its terminating NUL.
    func string(_ type: Int) -> String? {
        guard let payload = payloads[type] else { return nil }
        return String(decoding: payload.prefix { $0 != 0 }, as: UTF8.self)
    }

    /// A 32-bit number attribute, in the host's byte order.
    func uint32(_ type: Int) -> UInt32? {
        guard let payload = payloads[type], payload.count >= 4 else { return nil }
        return payload.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
    }

    /// An IPv4 address attribute.
    func address(_ type: Int) -> IPv4Address? {
        payloads[type].flatMap { IPv4Address(bytes: $0) }
    }

    /// The attributes nested in attribute `type`.
    func nested(_ type: Int) -> NetlinkAttributes? {
        payloads[type].map(NetlinkAttributes.init)
    }
}
