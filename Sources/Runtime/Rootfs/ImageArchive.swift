import CArchive
import CtrKernel
import Glibc

/// A tarball that holds a whole image rather than a root: an oci-archive
/// (an OCI layout: `oci-layout` and `index.json` at the top) or a
/// docker-archive (`docker save`, `podman save`, `skopeo copy …
/// docker-archive:`: `manifest.json` and `repositories` at the top).
enum ImageArchive {
    enum Kind: Equatable {
        case oci, docker
    }

    /// What `file` holds, read from its entries' names; nil for an
    /// archive of a plain root (or one libarchive cannot read: unpacking
    /// it as a root then says why).
    static func kind(of file: String) -> Kind? {
        let names = topLevelNames(of: file)
        if names.contains("oci-layout"), names.contains("index.json") { return .oci }
        if names.contains("manifest.json"), names.contains("repositories") { return .docker }
        return nil
    }

    /// The names at the top of the archive (a `./` prefix dropped), from
    /// the headers alone; empty as soon as an entry shows a plain root
    /// (`bin/sh`: something below a directory that is neither `blobs` nor
    /// a 64-hex layer directory), so a root's tarball is not read through.
    private static func topLevelNames(of file: String) -> Set<String> {
        guard let reader = archive_read_new() else { return [] }
        defer { archive_read_free(reader) }
        archive_read_support_filter_all(reader)
        archive_read_support_format_tar(reader)
        guard archive_read_open_filename(reader, file, 1 << 16) == ARCHIVE_OK else { return [] }
        var names: Set<String> = []
        var entry: OpaquePointer?
        while archive_read_next_header(reader, &entry) >= ARCHIVE_WARN, let current = entry {
            guard let name = archive_entry_pathname(current).map({ String(cString: $0) }) else { continue }
            let components = name.split(separator: "/").filter { $0 != "." }
            guard let first = components.first else { continue }
            if components.count == 1 {
                names.insert(String(first))
            } else if first != "blobs", !isHexDigest(first) {
                return []
            }
        }
        return names
    }

    private static func isHexDigest(_ name: Substring) -> Bool {
        name.utf8.count == 64 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Unpacks `file` into the empty directory `destination`, refusing
    /// any entry that would land outside it.
    static func unpack(_ file: String, into destination: String) throws(RuntimeError) {
        _ = try TarballExtractor(archive: file, destination: destination, asRoot: false).extract()
    }
}
