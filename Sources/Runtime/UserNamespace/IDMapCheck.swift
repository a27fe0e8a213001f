import Glibc

/// The rules a user namespace's ID maps must keep, checked before anything
/// is created: the kernel's (no empty range, none past the last ID, no
/// overlaps, at most 340 lines), and without root `newuidmap`'s: every
/// host ID is the caller's own or in its `/etc/subuid` (`/etc/subgid`) ranges.
public enum IDMapCheck {
    /// The most lines the kernel takes in one map (Linux 4.15 and later).
    public static let maximumLines = 340
    /// The last ID a map may reach: `(uid_t)-1` means "no ID".
    public static let lastID: UInt64 = 4_294_967_294

    /// Checks both maps of a spec that creates a user namespace.
    public static func check(_ spec: ContainerSpec) throws(RuntimeError) {
        for kind in IDMapKind.allCases {
            let mappings = kind.effectiveMappings(in: spec)
            try checkForm(mappings, kind: kind)
            try checkOwnership(mappings, kind: kind)
        }
    }

    /// Throws unless the kernel would accept `mappings` as a map.
    public static func checkForm(_ mappings: [IDMapping], kind: IDMapKind) throws(RuntimeError) {
        guard mappings.count <= maximumLines else {
            throw .invalidSpec("user map: \(mappings.count) \(kind) ranges; the kernel takes at most \(maximumLines) (`user show`; `user root` starts over)")
        }
        for (index, mapping) in mappings.enumerated() {
            guard mapping.count > 0 else { throw .invalidSpec("user map: COUNT must be at least 1") }
            for (side, range) in [("inside", mapping.containerRange), ("on the host", mapping.hostRange)] where range.upperBound > lastID {
                throw .invalidSpec("user map: \(kind.plural) \(IDMapping.span(range)) \(side) run past the last ID, \(lastID)")
            }
            for earlier in mappings[..<index] {
                if earlier.containerRange.overlaps(mapping.containerRange) {
                    throw overlap(mapping.containerRange, earlier, kind: kind, side: "inside")
                }
                if earlier.hostRange.overlaps(mapping.hostRange) {
                    throw overlap(mapping.hostRange, earlier, kind: kind, side: "on the host")
                }
            }
        }
    }

    /// Without root, throws unless the caller may map every host ID of
    /// `mappings`, and `newuidmap` (`newgidmap`) is there when the map
    /// needs it; root may map any ID.
    public static func checkOwnership(_ mappings: [IDMapping], kind: IDMapKind) throws(RuntimeError) {
        guard !kind.isWritableByCaller(mappings) else { return }
        let owned = SubordinateIDs(kind)
        for mapping in mappings {
            let own = mapping.count == 1 && mapping.hostID == kind.callerID
            guard own || owned.covers(mapping.hostRange) else {
                let user = getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? String(getuid())
                throw .invalidSpec(
                    "user map: host \(kind.plural) \(IDMapping.span(mapping.hostRange)) are not yours to map: \(kind.subordinateFile) gives `\(user)` \(owned.summary), and your own \(kind) is \(kind.callerID); map inside those, or ask root for these (`usermod --add-sub\(kind.plural) \(mapping.hostRange.lowerBound)-\(mapping.hostRange.upperBound) \(user)`)")
            }
        }
        guard IDMapWriter.helperPath(kind) != nil else {
            throw .invalidSpec(
                "user map: without root, a \(kind) map of more than your own \(kind) is written by `\(kind.helper)`, which is not installed (Debian package `uidmap`: `apt-get install uidmap`)")
        }
    }

    private static func overlap(_ range: ClosedRange<UInt64>, _ earlier: IDMapping, kind: IDMapKind, side: String) -> RuntimeError {
        .invalidSpec(
            "user map: \(kind.plural) \(IDMapping.span(range)) \(side) overlap the earlier range \(earlier.arrow); each ID may be mapped once (`user show`; `user root` starts over)")
    }
}
