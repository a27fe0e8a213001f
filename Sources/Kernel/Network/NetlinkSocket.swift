import CLinux
import CNetlink
import Glibc

/// A NETLINK_ROUTE socket: the kernel's interface for links, addresses and
/// routes (what `ip` uses). It lives in the network namespace it was
/// created in: ctrsh's own, or another one entered only to create it (see
/// `ctr_socket_in_netns`). Requests ask for an acknowledgement and come
/// back as the kernel's errno and, where it gives one, its message.
final class NetlinkSocket {
    private let fd: Int32
    private var sequence: UInt32 = 0

    /// A socket in ctrsh's own network namespace, or in the one at
    /// `namespace` (`/proc/PID/ns/net`).
    init(namespace: String? = nil) throws(RuntimeError) {
        let type = Int32(SOCK_RAW.rawValue | SOCK_CLOEXEC.rawValue)
        if let namespace {
            let nsFD = open(namespace, O_RDONLY | O_CLOEXEC)
            guard nsFD >= 0 else { throw .lastError(SystemCall("open", namespace)) }
            defer { close(nsFD) }
            fd = ctr_socket_in_netns(nsFD, AF_NETLINK, type, NETLINK_ROUTE)
            guard fd >= 0 else { throw .lastError(SystemCall("socket(AF_NETLINK)", namespace)) }
        } else {
            fd = socket(AF_NETLINK, type, NETLINK_ROUTE)
            guard fd >= 0 else { throw .lastError(SystemCall("socket(AF_NETLINK)")) }
        }
        var on: Int32 = 1
        // The kernel's own error text, and acknowledgements without a copy of the request.
        _ = setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
        // The kernel always answers; a bound on the wait keeps ctrsh from hanging if it does not.
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends a request that changes something, and waits for the kernel's
    /// acknowledgement: success, or its errno and message.
    func perform(_ message: NetlinkMessage) throws(NetlinkError) {
        let sequence = try send(message, flags: Int32(NLM_F_ACK))
        while true {
            for reply in try receive() where reply.sequence == sequence && reply.type == NLMSG_ERROR {
                try Self.check(reply)
                return
            }
        }
    }

    /// Sends a dump request and returns every message of the answer.
    func dump(_ message: NetlinkMessage) throws(NetlinkError) -> [NetlinkReply] {
        let sequence = try send(message, flags: Int32(NLM_F_DUMP))
        var replies: [NetlinkReply] = []
        while true {
            for reply in try receive() where reply.sequence == sequence {
                switch reply.type {
                case Int(NLMSG_DONE): return replies
                case Int(NLMSG_ERROR): try Self.check(reply)
                case Int(NLMSG_NOOP): continue
                default: replies.append(reply)
                }
            }
        }
    }

    /// Sends a request that the kernel answers with one message (a
    /// `RTM_GETLINK` by name), and returns that message.
    func fetch(_ message: NetlinkMessage) throws(NetlinkError) -> NetlinkReply {
        let sequence = try send(message, flags: 0)
        while true {
            for reply in try receive() where reply.sequence == sequence {
                if reply.type == NLMSG_ERROR { try Self.check(reply) } else { return reply }
            }
        }
    }

    // MARK: - Steps

    private func send(_ message: NetlinkMessage, flags: Int32) throws(NetlinkError) -> UInt32 {
        sequence &+= 1
        let bytes = message.finished(sequence: sequence, extraFlags: flags)
        var kernel = sockaddr_nl()
        kernel.nl_family = sa_family_t(AF_NETLINK)
        let sent = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &kernel) { address in
                address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, buffer.baseAddress, buffer.count, 0, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
                }
            }
        }
        guard sent == bytes.count else { throw NetlinkError(errno: sent < 0 ? errno : EMSGSIZE) }
        return sequence
    }

    /// One datagram from the kernel, split into its messages.
    private func receive() throws(NetlinkError) -> [NetlinkReply] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw NetlinkError(errno: n < 0 ? (errno == EAGAIN ? ETIMEDOUT : errno) : EPIPE) }
            return NetlinkReply.split(buffer[0..<n])
        }
    }

    /// An `NLMSG_ERROR` message: error 0 is the acknowledgement of
    /// success; otherwise the negative errno, then (with the
    /// `NLM_F_ACK_TLVS` flag) attributes after the echoed request header,
    /// among them the kernel's message.
    static func check(_ reply: NetlinkReply) throws(NetlinkError) {
        guard let error = reply.header(nlmsgerr.self) else { throw NetlinkError(errno: EPROTO) }
        guard error.error != 0 else { return }
        var message: String?
        if reply.flags & Int(CTR_NLM_F_ACK_TLVS) != 0 {
            // The request's header is echoed, and its payload too unless the reply is capped.
            let echoed = reply.flags & Int(CTR_NLM_F_CAPPED) != 0
                ? MemoryLayout<nlmsgerr>.size
                : MemoryLayout<Int32>.size + (Int(error.msg.nlmsg_len) + 3) & ~3
            if echoed <= reply.payload.count {
                message = NetlinkAttributes(reply.payload.dropFirst(echoed)).string(Int(NLMSGERR_ATTR_MSG.rawValue))
            }
        }
        throw NetlinkError(errno: -error.error, kernelMessage: message?.isEmpty == false ? message : nil)
    }
}
