import Glibc

/// A container's copy-on-write layer over a base it never writes
/// (`rootfs use DIR --overlay`): `upper` holds what the container changed,
/// `work` is overlayfs's scratch space, and `merged` is where the child
/// mounts the overlay inside its own mount namespace, so the host's mount
/// table never shows it. The layer lives in the session's layer directory
/// on disk (`StateDirectory.overlayPath`) until the container is removed
/// or the session ends, so `rootfs diff` still works after the container
/// exited.
public struct OverlayLayer: Equatable, Sendable {
    /// The layer's directory, holding `upper`, `work`, `merged` and `lower`.
    public let directory: String
    /// The base: the read-only lower layer.
    public let lower: String

    public var upper: String { directory + "/upper" }
    public var work: String { directory + "/work" }
    public var merged: String { directory + "/merged" }
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

    /// overlayfs's mount options. Renamed directories are copied up whole
    /// (`redirect_dir=off`) and no file is copied up as metadata only
    /// (`metacopy=off`), so the upper layer alone says what changed. In a
    /// user namespace overlayfs keeps its marks in `user.` xattrs.
    func mountOptions(userNamespace: Bool) throws(RuntimeError) -> String {
        var options = "lowerdir=\(lower),upperdir=\(upper),workdir=\(work)"
        options += userNamespace ? ",userxattr" : ",redirect_dir=off,metacopy=off"
        guard options.utf8.count < 4000 else {
            throw .image(.overlayOptionsTooLong(lower: lower, directory: directory))
        }
        return options
    }

    /// overlayfs separates its options with `,` and layers with `:`.
    private static func checkOptionCharacters(_ path: String) throws(RuntimeError) {
        if let bad = path.first(where: { $0 == "," || $0 == ":" || $0 == "\\" }) {
            throw .image(.overlayBadCharacter(path: path, character: bad))
        }
    }
}
