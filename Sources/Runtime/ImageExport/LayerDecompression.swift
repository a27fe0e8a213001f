import CArchive
import Glibc

/// A compressed layer blob (gzip, zstd, …: whatever libarchive
/// recognises) written out as the plain tar it holds, for a
/// docker-archive, whose layers are plain tars named by their digest.
/// The tar's digest must be the layer's diff ID, or nothing is kept.
enum LayerDecompression {
    /// Writes `blob` uncompressed to the new file `destination`; returns
    /// its size. Throws when its digest is not `diffID`.
    static func decompress(_ blob: String, to destination: String, diffID: String) throws(RuntimeError) -> Int64 {
        guard let reader = archive_read_new() else { throw .system(operation: "libarchive", errno: ENOMEM) }
        defer { archive_read_free(reader) }
        archive_read_support_filter_all(reader)
        archive_read_support_format_raw(reader)
        var entry: OpaquePointer?
        guard archive_read_open_filename(reader, blob, 1 << 16) == ARCHIVE_OK, archive_read_next_header(reader, &entry) == ARCHIVE_OK else {
            throw failure(reader, blob)
        }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw .lastError("create `\(destination)`") }
        defer { close(output) }
        var hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw failure(reader, blob) }
            if count == 0 { break }
            let chunk = buffer[0..<count]
            hasher.update(chunk)
            try write(chunk, to: output, shownAs: destination)
            size += Int64(count)
        }
        guard "sha256:" + hasher.hexDigest() == diffID else {
            throw .invalidSpec("`\(blob)` uncompressed has the digest sha256:\(hasher.hexDigest()), not the diff ID \(diffID) its image's config lists \(OCIImageLayout.damaged)")
        }
        return size
    }

    /// Every byte of `bytes`, or an error naming the file.
    private static func write(_ bytes: ArraySlice<UInt8>, to fd: Int32, shownAs file: String) throws(RuntimeError) {
        var rest = bytes
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .lastError("write `\(file)`") }
            rest = rest.dropFirst(n)
        }
    }

    private static func failure(_ reader: OpaquePointer, _ blob: String) -> RuntimeError {
        let reason = archive_error_string(reader).map { String(cString: $0) } ?? "libarchive failed"
        return .invalidSpec("uncompress `\(blob)`: \(reason)")
    }
}
