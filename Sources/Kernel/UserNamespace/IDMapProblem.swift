/// Why a user namespace's ID map cannot be written, as facts: the kind of
/// map, the ranges, the rule they break. ctrsh's Commands words each case.
public enum IDMapProblem: Equatable, Sendable {
    /// More lines than the kernel takes in one map.
    case tooManyRanges(Int, kind: IDMapKind, maximum: Int)
    /// A range of no IDs.
    case emptyRange
    /// `range` (on `side`) runs past `last`, the last ID.
    case pastLastID(ClosedRange<UInt64>, kind: IDMapKind, side: IDMapSide, last: UInt64)
    /// `range` (on `side`) overlaps the earlier line `earlier`.
    case overlap(ClosedRange<UInt64>, kind: IDMapKind, side: IDMapSide, earlier: IDMapping)
    /// Without root, the host IDs `range` are neither the caller's own
    /// (`callerID`) nor in `user`'s subordinate ranges `owned`.
    case notYours(ClosedRange<UInt64>, kind: IDMapKind, user: String, owned: [ClosedRange<UInt64>], callerID: UInt32)
    /// Without root, the map needs `newuidmap` (`newgidmap`), which is not installed.
    case helperMissing(IDMapKind)
}

/// Which side of an ID map a range is on.
public enum IDMapSide: Equatable, Sendable {
    /// The IDs inside the namespace.
    case inside
    /// The IDs on the host.
    case host
}
