/// The kernel refused a netlink request, or the socket failed: the errno
/// and, when the kernel explained itself (extended acknowledgement, e.g.
/// "Nexthop has invalid gateway"), its own words.
public struct NetlinkError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Why, as the kernel's errno.
    public var errno: Int32
    /// The kernel's own words, when it gave any (they stay as it said them).
    public var kernelMessage: String?

    public init(errno: Int32, kernelMessage: String? = nil) {
        self.errno = errno
        self.kernelMessage = kernelMessage
    }

    /// `File exists`, or `Invalid argument (the kernel says: …)` (English;
    /// Commands words it in the session's language).
    public var description: String {
        errnoText(errno) + (kernelMessage.map { " (the kernel says: \($0))" } ?? "")
    }
}
