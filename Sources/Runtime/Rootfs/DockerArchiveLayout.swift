import CtrKernel
import FoundationEssentials
import Glibc

/// A docker-archive, unpacked, written again as an OCI image layout so
/// that the layout's path (checks, cache, whiteouts, config defaults)
/// builds it. `manifest.json` lists the images: each a config file and
/// its layer tars (plain, or gzip or zstd compressed), bottom first. The
/// archive has no digests of its own but the config's `rootfs.diff_ids`:
/// each layer (uncompressed) is checked against its entry there, and a
/// config named `HEX.json` against its name. Every name `manifest.json`
/// gives is hostile: a `..`, an absolute name, or one whose symlinks lead
/// out of the archive is refused.
struct DockerArchiveLayout {
    /// The unpacked archive.
    let directory: String
    /// The archive as the user named it, for messages.
    let archive: String

    /// One image of `manifest.json`: its config and its layers, bottom
    /// first, by their names in the archive (also what
    /// `DockerArchiveWriter` writes).
    struct Entry: Codable {
        var config: String
        var repoTags: [String]?
        var layers: [String]

        enum CodingKeys: String, CodingKey {
            case config = "Config", repoTags = "RepoTags", layers = "Layers"
        }
    }

    private struct ConfigRootfs: Decodable {
        var rootfs: DiffIDs
        struct DiffIDs: Decodable {
            var diffIDs: [String]
            enum CodingKeys: String, CodingKey { case diffIDs = "diff_ids" }
        }
    }


    /// Writes the image `reference` picks (a RepoTags entry, with or
    /// without `docker.io/library/`, or `@N` for the N-th image; nil for
    /// the only one) as an OCI layout in the empty directory `layout`.
    func write(reference: String?, to layout: String) throws(RuntimeError) {
        let entries = try decode([Entry].self, from: try read(try member("manifest.json")), file: "manifest.json")
        let entry = try choose(reference, among: entries)
        let configFile = try member(entry.config)
        let configBytes = try read(configFile)
        let configDigest = Self.digest(of: configBytes)
        if entry.config.hasSuffix(".json"), let name = entry.config.split(separator: "/").last,
           name.count == 69, "sha256:" + name.dropLast(5) != configDigest {
            throw problem(.configDigest(config: entry.config, digest: configDigest))
        }
        let diffIDs = try decode(ConfigRootfs.self, from: configBytes, file: entry.config).rootfs.diffIDs
        guard diffIDs.count == entry.layers.count else {
            throw problem(.layerCount(layers: entry.layers.count, config: entry.config, diffIDs: diffIDs.count))
        }
        for directory in [layout, layout + "/blobs", layout + "/blobs/sha256"] { try FileTree.makeDirectory(directory) }
        try FileText.create(layout + "/oci-layout", text: #"{"imageLayoutVersion":"1.0.0"}"#)
        var layers: [String] = []
        for (number, (name, diffID)) in zip(1..., zip(entry.layers, diffIDs)) {
            let file = try member(name)
            let digest = "sha256:" + (try SHA256.hexDigest(ofFile: file))
            // A plain tar's digest is its diff ID; a compressed one's (gzip,
            // zstd: newer `docker save`) is that of the tar it holds.
            let compression = digest == diffID ? nil : LayerDecompression.compression(of: file)
            let uncompressed = try compression.map { _ throws(RuntimeError) in try LayerDecompression.uncompressed(file).digest } ?? digest
            guard uncompressed == diffID else {
                throw problem(.layerDigest(number: number, name: name, digest: uncompressed, diffID: diffID))
            }
            let blob = layout + "/blobs/sha256/" + digest.dropFirst(7)
            if link(file, blob) != 0, errno != EEXIST { throw .lastError(SystemCall("link", blob)) }
            layers.append(Self.descriptor("application/vnd.oci.image.layer.v1.tar" + (compression ?? ""), digest, size: try Self.size(of: file)))
        }
        let configBlob = configDigest
        if link(configFile, layout + "/blobs/sha256/" + configDigest.dropFirst(7)) != 0, errno != EEXIST {
            throw .lastError(SystemCall("link", configFile))
        }
        let manifest = #"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":"#
            + Self.descriptor("application/vnd.docker.container.image.v1+json", configBlob, size: Int64(configBytes.count))
            + #","layers":["# + layers.joined(separator: ",") + "]}"
        let manifestBytes = Array(manifest.utf8)
        let manifestBlob = Self.digest(of: manifestBytes)
        try FileText.create(layout + "/blobs/sha256/" + manifestBlob.dropFirst(7), text: manifest)
        try FileText.create(layout + "/index.json", text: #"{"schemaVersion":2,"manifests":["#
            + Self.descriptor("application/vnd.oci.image.manifest.v1+json", manifestBlob, size: Int64(manifestBytes.count)) + "]}")
    }

    // MARK: - Choosing

    private func choose(_ reference: String?, among entries: [Entry]) throws(RuntimeError) -> Entry {
        let tags = entries.flatMap { $0.repoTags ?? [] }
        guard let reference else {
            guard entries.count == 1, let only = entries.first else {
                throw problem(.severalImages(count: entries.count, tags: tags))
            }
            return only
        }
        if reference.hasPrefix("@"), let index = Int(reference.dropFirst()), entries.indices.contains(index) { return entries[index] }
        let spellings = [reference, "docker.io/" + reference, "docker.io/library/" + reference]
        guard let entry = entries.first(where: { ($0.repoTags ?? []).contains(where: spellings.contains) }) else {
            throw problem(.noImageTagged(reference, tags: tags))
        }
        return entry
    }

    // MARK: - Members of the archive

    /// The file `name` of the unpacked archive, its symlinks followed
    /// inside it; refused when it reaches outside or is not a regular file.
    private func member(_ name: String) throws(RuntimeError) -> String {
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.hasPrefix("/"), !components.contains("..") else {
            throw problem(.memberOutside(name))
        }
        guard let resolved = try RootedPath.resolve(name, in: directory) else {
            throw problem(.memberMissing(name))
        }
        let file = directory + "/" + resolved
        var info = stat()
        guard lstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw problem(.memberNotRegularFile(name))
        }
        return file
    }

    private func read(_ file: String) throws(RuntimeError) -> [UInt8] {
        try OCIImageLayout.read(file, limit: OCIImageLayout.largestDocument)
    }

    private func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8], file: String) throws(RuntimeError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw problem(.notJSON(file: file, reason: "\(error)"))
        }
    }

    private func problem(_ problem: DockerArchiveProblem) -> RuntimeError {
        .image(.dockerArchive(archive: archive, problem))
    }

    // MARK: - The layout written

    private static func digest(of bytes: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return "sha256:" + hasher.hexDigest()
    }

    private static func descriptor(_ mediaType: String, _ digest: String, size: Int64) -> String {
        #"{"mediaType":"\#(mediaType)","digest":"\#(digest)","size":\#(size)}"#
    }

    private static func size(of file: String) throws(RuntimeError) -> Int64 {
        var info = stat()
        guard stat(file, &info) == 0 else { throw .lastError(SystemCall("stat", file)) }
        return Int64(info.st_size)
    }
}
