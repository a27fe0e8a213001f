import CtrKernel

/// What `export image` left out of a layer, or could not reuse: facts
/// only; ctrsh's Commands module words them.
public enum ImageExportNote: Equatable, Sendable {
    /// The base image's layers could not be reused (`error` says why):
    /// the root is one layer.
    case baseLayersNotReused(RuntimeError)
    /// A file whose name starts `.wh.` (they mark deletions in layers).
    case whiteoutName(String)
    /// A directory deeper than a path can name (`limit` bytes): `start`
    /// is the beginning of its path.
    case tooDeep(start: String, limit: Int)
    /// A mount point: stored empty.
    case otherFilesystem(String)
    /// A sparse file of `size` bytes with only `onDisk` on disk.
    case sparseFile(String, size: Int64, onDisk: Int64)
}
