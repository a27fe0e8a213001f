import CtrKernel
import FoundationEssentials
import Glibc

/// An OCI image layout being written (image-spec `image-layout.md`):
/// each blob stored under its SHA-256 (written beside, hashed, renamed
/// into place), and a manifest tagged in `index.json`, which keeps every
/// entry it had but one with the same tag. A directory that is neither
/// missing, empty, nor a layout is refused: nothing of the user's is
/// written over.
struct ImageLayoutWriter {
    /// The layout's path.
    let directory: String
    /// True when the writer made the directory (the caller removes it if
    /// the export fails).
    let created: Bool

    var blobs: String { directory + "/blobs/sha256" }
    private var indexFile: String { directory + "/index.json" }

    init(directory: String) throws(RuntimeError) {
        self.directory = directory
        var info = stat()
        if lstat(directory, &info) != 0 {
            guard errno == ENOENT else { throw .lastError(SystemCall("stat", directory)) }
            guard mkdir(directory, 0o755) == 0 else { throw .lastError(SystemCall("mkdir", directory)) }
            created = true
        } else {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw .image(.exportLayoutNotDirectory(directory))
            }
            let names = FileTree.names(in: directory)
            guard names.isEmpty || names.contains("oci-layout") else {
                throw .image(.exportDirectoryNotLayout(directory))
            }
            created = false
        }
        for path in [directory + "/blobs", blobs] where !FileTree.isDirectory(path) { try FileTree.makeDirectory(path) }
        if access(directory + "/oci-layout", F_OK) != 0 {
            try FileText.create(directory + "/oci-layout", text: #"{"imageLayoutVersion":"1.0.0"}"#)
        }
    }

    /// A layer that `fill` writes into a new tar; returns its descriptor
    /// (its digest is also its diff ID: it is not compressed) and what
    /// `fill` says it left out.
    func addLayer(_ fill: (TarWriter) throws(RuntimeError) -> [ImageExportNote]) throws(RuntimeError) -> (OCIDescriptorDocument, notes: [ImageExportNote]) {
        let temporary = blobs + "/.layer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do throws(RuntimeError) {
            let tar = try TarWriter(creating: temporary)
            let notes = try fill(tar)
            try tar.finish()
            let digest = "sha256:" + (try SHA256.hexDigest(ofFile: temporary))
            var info = stat()
            guard stat(temporary, &info) == 0 else { throw .lastError(SystemCall("stat", temporary)) }
            try place(temporary, digest: digest)
            return (OCIDescriptorDocument(mediaType: OCIDescriptorDocument.layerType, digest: digest, size: Int64(info.st_size)), notes)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// A blob of another layout, linked in (copied when it is on another
    /// filesystem), under the descriptor it has there.
    func addBlob(_ file: String, as descriptor: OCIDescriptorDocument) throws(RuntimeError) -> OCIDescriptorDocument {
        let final = path(of: descriptor.digest)
        guard access(final, F_OK) != 0 else { return descriptor }
        if link(file, final) != 0 {
            guard errno == EXDEV || errno == EPERM else { throw .lastError(SystemCall("link", final)) }
            let temporary = blobs + "/.blob-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            do throws(RuntimeError) {
                try FileTree.copyFile(file, to: temporary, mode: 0o644)
                try place(temporary, digest: descriptor.digest)
            } catch {
                unlink(temporary)
                throw error
            }
        }
        return descriptor
    }

    /// A compressed layer blob of another layout as the plain tar it holds
    /// (its digest checked to be `diffID`).
    func addDecompressed(_ file: String, diffID: String) throws(RuntimeError) -> OCIDescriptorDocument {
        let temporary = blobs + "/.layer-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do throws(RuntimeError) {
            let size = try LayerDecompression.decompress(file, to: temporary, diffID: diffID)
            try place(temporary, digest: diffID)
            return OCIDescriptorDocument(mediaType: OCIDescriptorDocument.layerType, digest: diffID, size: size)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// A JSON document (config, manifest) as a blob.
    func addDocument<Document: Encodable>(_ document: Document, mediaType: String) throws(RuntimeError) -> OCIDescriptorDocument {
        let bytes = try Self.encode(document)
        var hasher = SHA256()
        hasher.update(bytes)
        let digest = "sha256:" + hasher.hexDigest()
        let temporary = blobs + "/.document-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileText.create(temporary, text: String(decoding: bytes, as: UTF8.self))
        do throws(RuntimeError) {
            try place(temporary, digest: digest)
        } catch {
            unlink(temporary)
            throw error
        }
        return OCIDescriptorDocument(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
    }

    /// Tags `manifest` as `tag` in `index.json`, replacing the entry that
    /// had that tag; every other entry stays as it was.
    func tag(_ manifest: OCIDescriptorDocument, as tag: String) throws(RuntimeError) {
        let refName = OCIDescriptor.refNameAnnotation
        var index: [String: JSONValue] = ["schemaVersion": .integer(2)]
        if access(indexFile, F_OK) == 0 {
            let bytes = try OCIImageLayout.read(indexFile, limit: OCIImageLayout.largestDocument)
            guard case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: Data(bytes)) else {
                throw .image(.exportIndexNotObject(indexFile))
            }
            index = members
        }
        var manifests: [JSONValue] = []
        if case .array(let entries)? = index["manifests"] { manifests = entries }
        manifests.removeAll { $0["annotations"]?[refName] == .string(tag) }
        manifests.append(.object([
            "mediaType": .string(manifest.mediaType), "digest": .string(manifest.digest), "size": .integer(manifest.size),
            "annotations": .object([refName: .string(tag)]),
        ]))
        index["manifests"] = .array(manifests)
        let bytes = try Self.encode(JSONValue.object(index))
        let temporary = directory + "/.index.json-\(getpid())"
        unlink(temporary)
        try FileText.create(temporary, text: String(decoding: bytes, as: UTF8.self))
        guard rename(temporary, indexFile) == 0 else {
            let code = errno
            unlink(temporary)
            throw .kernel(SystemCall("rename", temporary), errno: code)
        }
    }

    /// The blob file of `digest`.
    func path(of digest: String) -> String { blobs + "/" + digest.dropFirst("sha256:".count) }

    /// Renames a finished blob to its digest's name (a blob already there
    /// has the same bytes: the new one is dropped).
    private func place(_ temporary: String, digest: String) throws(RuntimeError) {
        let final = path(of: digest)
        if access(final, F_OK) == 0 {
            unlink(temporary)
            return
        }
        guard rename(temporary, final) == 0 else { throw .lastError(SystemCall("rename", temporary)) }
    }

    /// A document as JSON with sorted keys: the bytes its digest is of.
    static func encode<Document: Encodable>(_ document: Document) throws(RuntimeError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(document))
        } catch {
            throw .image(.encoding(.imageDocument, reason: "\(error)"))
        }
    }
}
