@testable import CtrKernel
import CtrRuntime
import CNetlink
import Glibc
import TestSupport
import XCTest

/// The netlink encoding ctrsh writes and reads, byte for byte: headers,
/// padding, nested attributes, the kernel's error reports, and garbage that
/// must be read without a crash. No kernel.
final class NetlinkMessageTests: XCTestCase {
    /// A little-endian machine writes netlink's numbers low byte first.
    private func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xff), UInt8(value >> 8)] }
    private func le32(_ value: Int) -> [UInt8] { le16(value & 0xffff) + le16(value >> 16) }

    func testAnAddressRequestIsEncodedAsTheKernelDefinesIt() throws {
        var header = ifaddrmsg()
        header.ifa_family = UInt8(AF_INET)
        header.ifa_prefixlen = 24
        header.ifa_index = 7
        var message = NetlinkMessage(type: Int(RTM_NEWADDR), flags: Int32(NLM_F_CREATE | NLM_F_EXCL), header: header)
        message.append(Int(IFA_LOCAL), address: try XCTUnwrap(IPv4Address("10.200.1.2")))
        let bytes = message.finished(sequence: 5, extraFlags: Int32(NLM_F_ACK))
        let flags = Int(NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL)
        let expected: [UInt8] =
            le32(16 + 8 + 8) + le16(Int(RTM_NEWADDR)) + le16(flags) + le32(5) + le32(0)  // nlmsghdr
            + [UInt8(AF_INET), 24, 0, 0] + le32(7)  // ifaddrmsg: family, prefix, flags, scope, index
            + le16(8) + le16(Int(IFA_LOCAL)) + [10, 200, 1, 2]  // the address, most significant byte first
        XCTAssertEqual(bytes, expected)
    }

    func testNestedAttributesCarryTheirWholeLengthAndPadding() {
        var message = NetlinkMessage(type: Int(RTM_NEWLINK), header: ifinfomsg())
        message.nest(Int(IFLA_LINKINFO)) { info in
            info.append(Int(IFLA_INFO_KIND), string: "veth")  // 4 + 5 bytes, padded to 12
            info.nest(Int(IFLA_INFO_DATA)) { data in
                data.nest(Int(VETH_INFO_PEER)) { peer in
                    peer.appendRaw(ifinfomsg())
                    peer.append(Int(IFLA_IFNAME), string: "eth0")
                }
            }
        }
        let bytes = message.finished(sequence: 1)
        XCTAssertEqual(bytes.count % 4, 0)
        let reply = NetlinkReply.split(bytes[...])
        XCTAssertEqual(reply.count, 1)
        let top = reply[0].attributes(after: ifinfomsg.self)
        let info = try? XCTUnwrap(top.nested(Int(IFLA_LINKINFO)))
        XCTAssertEqual(info?.string(Int(IFLA_INFO_KIND)), "veth")
        let peer = info?.nested(Int(IFLA_INFO_DATA))?[Int(VETH_INFO_PEER)]
        XCTAssertEqual(peer?.count, MemoryLayout<ifinfomsg>.size + 12)
        let peerAttributes = peer.map { NetlinkAttributes($0.dropFirst(MemoryLayout<ifinfomsg>.size)) }
        XCTAssertEqual(peerAttributes?.string(Int(IFLA_IFNAME)), "eth0")
        // IFLA_LINKINFO: its header, the kind (12), IFLA_INFO_DATA's header and the peer (4 + 16 + 12).
        XCTAssertEqual(Array(bytes[32..<34]), le16(4 + 12 + 4 + 4 + 16 + 12))
    }

    func testAnErrorAcknowledgementCarriesTheKernelsMessage() {
        let text = Array("Nexthop has invalid gateway".utf8) + [0]  // 28 bytes
        let extack = le16(4 + text.count) + le16(Int(NLMSGERR_ATTR_MSG.rawValue)) + text
        let payload = le32(Int(UInt32(bitPattern: -ENETUNREACH))) + le32(16 + 12) + le16(Int(RTM_NEWROUTE)) + le16(5) + le32(9) + le32(0)
        let datagram = le32(16 + payload.count + extack.count) + le16(Int(NLMSG_ERROR))
            + le16(Int(CTR_NLM_F_CAPPED | CTR_NLM_F_ACK_TLVS)) + le32(9) + le32(0) + payload + extack
        let replies = NetlinkReply.split(datagram[...])
        XCTAssertEqual(replies.count, 1)
        XCTAssertThrowsError(try NetlinkSocket.check(replies[0])) { error in
            XCTAssertEqual(error as? NetlinkError, NetlinkError(errno: ENETUNREACH, kernelMessage: "Nexthop has invalid gateway"))
            XCTAssertEqual("\(error)", "Network is unreachable (the kernel says: Nexthop has invalid gateway)")
        }
        // Error 0 is the acknowledgement of success.
        let ack = le32(36) + le16(Int(NLMSG_ERROR)) + le16(Int(CTR_NLM_F_CAPPED)) + le32(9) + le32(0) + le32(0) + le32(16) + [UInt8](repeating: 0, count: 12)
        XCTAssertNoThrow(try NetlinkSocket.check(NetlinkReply.split(ack[...])[0]))
    }

    func testGarbageIsReadWithoutCrashingOrReadingPastTheEnd() {
        var generator = SplitMix(seed: 0x6e65_746c)
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 96)
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            if count >= 4 && generator.next() % 2 == 0 {
                bytes[0] = UInt8(min(count, 255))  // a plausible length, to reach the payloads
                bytes[1] = 0
                bytes[2] = 0
                bytes[3] = 0
            }
            for reply in NetlinkReply.split(bytes[...]) {
                XCTAssertLessThanOrEqual(reply.payload.endIndex, bytes.count)
                _ = reply.header(ifinfomsg.self)
                _ = try? NetlinkSocket.check(reply)
                let attributes = reply.attributes(after: ifinfomsg.self)
                _ = attributes.string(Int(IFLA_IFNAME))
                _ = attributes.uint32(Int(IFLA_MTU))
                _ = attributes.nested(Int(IFLA_LINKINFO))?.string(Int(IFLA_INFO_KIND))
            }
            let attributes = NetlinkAttributes(bytes[...])
            for type in 0..<8 { _ = attributes.address(type) }
        }
    }
}
