import CtrKernel

/// A layer on disk, in the session's layer directory: made, found again,
/// and checked against what overlayfs's options can hold. The launch only
/// mounts it (`OverlayLayer`, in CtrKernel).
extension OverlayLayer {
    /// A file naming the base the upper layer was made over.
    private var lowerRecord: String { directory + "/lower" }

    /// The layer at `directory` over `lower`, created if missing. A layer
    /// left there over another base (the rootfs changed since) is emptied:
    /// its changes mean nothing over a different base.
    static func prepare(at directory: String, lower: String) throws(RuntimeError) -> OverlayLayer {
        try checkOptionCharacters(lower)
        if let existing = existing(at: directory), existing.lower != lower {
            if let problem = FileTree.removeTree(directory) { throw .image(.overlayNotEmptied(problem: problem)) }
        }
        let layer = OverlayLayer(directory: directory, lower: lower)
        try FileTree.makeDirectory(directory, mode: 0o700)
        for path in [layer.upper, layer.work, layer.merged] { try FileTree.makeDirectory(path, mode: 0o755) }
        if existing(at: directory) == nil { try FileText.create(layer.lowerRecord, text: lower, mode: 0o600) }
        return layer
    }

    /// The layer recorded at `directory`, if one is there.
    static func existing(at directory: String) -> OverlayLayer? {
        guard let lower = FileText.readIfPresent(directory + "/lower"), !lower.isEmpty else { return nil }
        return OverlayLayer(directory: directory, lower: lower)
    }

    /// overlayfs separates its options with `,` and layers with `:`.
    private static func checkOptionCharacters(_ path: String) throws(RuntimeError) {
        if let bad = path.first(where: { $0 == "," || $0 == ":" || $0 == "\\" }) {
            throw .image(.overlayBadCharacter(path: path, character: bad))
        }
    }
}
