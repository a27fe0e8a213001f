import CNetlink

/// A netlink request being built: the 16-byte `nlmsghdr`, the family's
/// fixed header (`ifinfomsg`, `ifaddrmsg`, `rtmsg`), then attributes, each
/// a 4-byte length-and-type header and a payload padded to 4 bytes (what
/// the kernel's NLMSG_ALIGN and RTA_ALIGN do). Numbers are in the host's
/// byte order, as netlink wants them; addresses are raw bytes.
struct NetlinkMessage {
    private(set) var bytes: [UInt8] = []

    /// A message of `type` (`RTM_NEWLINK`) with `flags` (`NLM_F_REQUEST` is
    /// always added) and the family header `header`.
    init(type: Int, flags: Int32 = 0, header: some BitwiseCopyable) {
        var head = nlmsghdr()
        head.nlmsg_type = UInt16(type)
        head.nlmsg_flags = UInt16(truncatingIfNeeded: Int32(NLM_F_REQUEST) | flags)
        appendRaw(head)
        appendRaw(header)
    }

    /// The message with its length and sequence number filled in.
    func finished(sequence: UInt32, extraFlags: Int32 = 0) -> [UInt8] {
        var result = bytes
        Self.store(UInt32(result.count), into: &result, at: 0)
        let flags = (UInt16(result[6]) | UInt16(result[7]) << 8) | UInt16(truncatingIfNeeded: extraFlags)
        result[6] = UInt8(truncatingIfNeeded: flags)
        result[7] = UInt8(truncatingIfNeeded: flags >> 8)
        Self.store(sequence, into: &result, at: 8)
        return result
    }

    // MARK: - Attributes

    /// An attribute with raw bytes as its payload.
    mutating func append(_ type: Int, bytes payload: [UInt8]) {
        let start = beginAttribute(type)
        bytes.append(contentsOf: payload)
        endAttribute(start)
    }

    /// A NUL-terminated string attribute (an interface name, a link kind).
    mutating func append(_ type: Int, string: String) {
        append(type, bytes: Array(string.utf8) + [0])
    }

    /// A 32-bit number attribute (an interface index, a descriptor).
    mutating func append(_ type: Int, uint32 value: UInt32) {
        append(type, bytes: withUnsafeBytes(of: value) { Array($0) })
    }

    /// An IPv4 address attribute.
    mutating func append(_ type: Int, address: IPv4Address) {
        append(type, bytes: address.bytes)
    }

    /// A nested attribute: whatever `body` appends becomes its payload.
    mutating func nest(_ type: Int, _ body: (inout NetlinkMessage) -> Void) {
        let start = beginAttribute(type)
        body(&self)
        endAttribute(start)
    }

    /// A C structure's bytes, padded (a veth peer's `ifinfomsg` sits
    /// inside `VETH_INFO_PEER` before the peer's own attributes).
    mutating func appendRaw(_ value: some BitwiseCopyable) {
        withUnsafeBytes(of: value) { bytes.append(contentsOf: $0) }
        pad()
    }

    private mutating func beginAttribute(_ type: Int) -> Int {
        let start = bytes.count
        bytes += [0, 0]  // length, filled in by endAttribute
        bytes += withUnsafeBytes(of: UInt16(type)) { Array($0) }
        return start
    }

    private mutating func endAttribute(_ start: Int) {
        let length = UInt16(bytes.count - start)
        bytes[start] = UInt8(truncatingIfNeeded: length)
        bytes[start + 1] = UInt8(truncatingIfNeeded: length >> 8)
        pad()
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }

    private static func store(_ value: UInt32, into bytes: inout [UInt8], at offset: Int) {
        withUnsafeBytes(of: value) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }
}
