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
            throw .idMap(.tooManyRanges(mappings.count, kind: kind, maximum: maximumLines))
        }
        for (index, mapping) in mappings.enumerated() {
            guard mapping.count > 0 else { throw .idMap(.emptyRange) }
            for (side, range) in [(IDMapSide.inside, mapping.containerRange), (.host, mapping.hostRange)] where range.upperBound > lastID {
                throw .idMap(.pastLastID(range, kind: kind, side: side, last: lastID))
            }
            for earlier in mappings[..<index] {
                if earlier.containerRange.overlaps(mapping.containerRange) {
                    throw .idMap(.overlap(mapping.containerRange, kind: kind, side: .inside, earlier: earlier))
                }
                if earlier.hostRange.overlaps(mapping.hostRange) {
                    throw .idMap(.overlap(mapping.hostRange, kind: kind, side: .host, earlier: earlier))
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
                throw .idMap(.notYours(mapping.hostRange, kind: kind, user: user, owned: owned.ranges, callerID: kind.callerID))
            }
        }
        guard IDMapWriter.helperPath(kind) != nil else {
            throw .idMap(.helperMissing(kind))
        }
    }
}
