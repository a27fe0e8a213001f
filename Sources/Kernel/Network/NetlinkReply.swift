import CNetlink

/// One message the kernel sent: its header fields and its payload (the
/// bytes after the 16-byte header).
struct NetlinkReply {
    var type: Int
    var flags: Int
    var sequence: UInt32
    var payload: ArraySlice<UInt8>

    /// The messages in one datagram, read defensively as attributes are.
    static func split(_ bytes: ArraySlice<UInt8>) -> [NetlinkReply] {
        var replies: [NetlinkReply] = []
        var offset = bytes.startIndex
        let headerSize = MemoryLayout<nlmsghdr>.size
        while offset + headerSize <= bytes.endIndex {
            let header = bytes[offset..<(offset + headerSize)].withUnsafeBytes { $0.loadUnaligned(as: nlmsghdr.self) }
            let length = Int(header.nlmsg_len)
            guard length >= headerSize, offset + length <= bytes.endIndex else { break }
            replies.append(NetlinkReply(
                type: Int(header.nlmsg_type), flags: Int(header.nlmsg_flags), sequence: header.nlmsg_seq,
                payload: bytes[(offset + headerSize)..<(offset + length)]))
            offset += (length + 3) & ~3
        }
        return replies
    }

    /// The payload's fixed family header (`ifinfomsg`…), if it is whole.
    func header<Header: BitwiseCopyable>(_: Header.Type) -> Header? {
        guard payload.count >= MemoryLayout<Header>.size else { return nil }
        return payload.withUnsafeBytes { $0.loadUnaligned(as: Header.self) }
    }

    /// The attributes after the fixed family header `Header`.
    func attributes<Header>(after _: Header.Type) -> NetlinkAttributes {
        let start = payload.startIndex + ((MemoryLayout<Header>.size + 3) & ~3)
        return NetlinkAttributes(start <= payload.endIndex ? payload[start...] : [])
    }
}
