/// The kernel refused a netlink request, or the socket failed: the errno
/// and, when the kernel explained itself (extended acknowledgement, e.g.
/// "Nexthop has invalid gateway"), its own words.
struct NetlinkError: Error, Equatable, CustomStringConvertible {
    var errno: Int32
    var kernelMessage: String?

    /// `File exists`, or `Invalid argument (the kernel says: …)`.
    var description: String {
        errnoText(errno) + (kernelMessage.map { " (the kernel says: \($0))" } ?? "")
    }
}
