import Glibc

/// One of a user namespace's two ID maps, and the names the kernel and
/// the `uidmap` tools give it.
public enum IDMapKind: String, CaseIterable, Sendable {
    case uid, gid

    /// `uid_map` or `gid_map` in `/proc/PID/`.
    public var procFile: String { rawValue + "_map" }
    /// The setuid helper that writes maps of IDs from the caller's
    /// subordinate ranges: `newuidmap` or `newgidmap`.
    public var helper: String { "new" + rawValue + "map" }
    /// Where those ranges are listed: `/etc/subuid` or `/etc/subgid`.
    public var subordinateFile: String { "/etc/sub" + rawValue }
    /// The caller's own ID of this kind, the one it may always map.
    public var callerID: UInt32 { self == .uid ? geteuid() : getegid() }
    /// `uids` or `gids`, for messages.
    public var plural: String { rawValue + "s" }

    /// The spec's map of this kind; empty means the default.
    public func mappings(in spec: ContainerSpec) -> [IDMapping] {
        self == .uid ? spec.uidMappings : spec.gidMappings
    }

    /// True when ctrsh may write `mappings` to `/proc/PID/` itself: root
    /// writes any map, anyone else one line mapping only their own ID;
    /// any other map goes through `helper`.
    public func isWritableByCaller(_ mappings: [IDMapping]) -> Bool {
        geteuid() == 0 || (mappings.count == 1 && mappings[0].count == 1 && mappings[0].hostID == callerID)
    }

    /// The map the namespace gets: the spec's, or the caller's ID as root.
    public func effectiveMappings(in spec: ContainerSpec) -> [IDMapping] {
        let given = mappings(in: spec)
        return given.isEmpty ? [IDMapping(containerID: 0, hostID: callerID, count: 1)] : given
    }
}

extension IDMapping {
    /// The IDs inside, as a closed range (wider than UInt32 so the end of
    /// a range at the last ID cannot overflow).
    var containerRange: ClosedRange<UInt64> { UInt64(containerID)...(UInt64(containerID) + UInt64(count) - 1) }
    /// The IDs on the host, as a closed range.
    var hostRange: ClosedRange<UInt64> { UInt64(hostID)...(UInt64(hostID) + UInt64(count) - 1) }

    /// `0 100000 65536`: one line of a map file, without the newline.
    public var line: String { "\(containerID) \(hostID) \(count)" }

    /// `0–65535 → 100000–165535`, or `0 → 1000` for one ID.
    public var arrow: String {
        count == 1 ? "\(containerID) → \(hostID)" : "\(Self.span(containerRange)) → \(Self.span(hostRange))"
    }

    /// `100000–165535`, or `1000` for one ID.
    public static func span(_ range: ClosedRange<UInt64>) -> String {
        range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound)–\(range.upperBound)"
    }
}
