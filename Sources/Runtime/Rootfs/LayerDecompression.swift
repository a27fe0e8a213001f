import CArchive
import CtrKernel
import Glibc

/// A compressed layer blob (gzip, zstd, …: whatever libarchive
/// recognises) as the plain tar it holds: its digest, which an image's
/// config lists as the layer's diff ID, and the tar itself for a
/// docker-archive, whose layers are plain tars named by their digest.
enum LayerDecompression {
    /// Writes `blob` uncompressed to the new file `destination`; returns
    /// its size. Throws when its digest is not `diffID`.
    static func decompress(_ blob: String, to destination: String, diffID: String) throws(RuntimeError) -> Int64 {
        let (digest, size) = try uncompressed(blob, writingTo: destination)
        guard digest == diffID else {
            throw .image(.diffIDMismatch(blob: blob, digest: digest, diffID: diffID))
        }
        return size
    }

    /// The compression of a layer file, from its first bytes: the OCI
    /// media type suffix (`+gzip`, `+zstd`), or nil for anything else.
    static func compression(of file: String) -> String? {
        guard let magic = try? FileTree.readPrefix(file, count: 4) else { return nil }
        if magic.starts(with: [0x1f, 0x8b]) { return "+gzip" }
        if magic == [0x28, 0xb5, 0x2f, 0xfd] { return "+zstd" }
        return nil
    }

    /// The digest (`sha256:…`) and size of what `blob` holds uncompressed;
    /// with `destination` (a new file), that is written there too.
    static func uncompressed(_ blob: String, writingTo destination: String? = nil) throws(RuntimeError) -> (digest: String, size: Int64) {
        guard let reader = archive_read_new() else { throw .kernel(SystemCall("libarchive"), errno: ENOMEM) }
        defer { archive_read_free(reader) }
        archive_read_support_filter_all(reader)
        archive_read_support_format_raw(reader)
        var entry: OpaquePointer?
        guard archive_read_open_filename(reader, blob, 1 << 16) == ARCHIVE_OK, archive_read_next_header(reader, &entry) == ARCHIVE_OK else {
            throw failure(reader, blob)
        }
        var output: Int32 = -1
        if let destination {
            output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard output >= 0 else { throw .lastError(SystemCall("open", destination)) }
        }
        defer { if output >= 0 { close(output) } }
        var hasher = SHA256()
        var size: Int64 = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw failure(reader, blob) }
            if count == 0 { break }
            let chunk = buffer[0..<count]
            hasher.update(chunk)
            if let destination { try write(chunk, to: output, shownAs: destination) }
            size += Int64(count)
        }
        return ("sha256:" + hasher.hexDigest(), size)
    }

    /// Every byte of `bytes`, or an error naming the file.
    private static func write(_ bytes: ArraySlice<UInt8>, to fd: Int32, shownAs file: String) throws(RuntimeError) {
        var rest = bytes
        while !rest.isEmpty {
            let n = rest.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw .lastError(SystemCall("write", file)) }
            rest = rest.dropFirst(n)
        }
    }

    private static func failure(_ reader: OpaquePointer, _ blob: String) -> RuntimeError {
        let reason = archive_error_string(reader).map { String(cString: $0) }
        return .image(.uncompressFailed(blob: blob, reason: reason))
    }
}
