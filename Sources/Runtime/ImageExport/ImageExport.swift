import Glibc

/// `export image DEST`: the root as the container left it, as an OCI
/// image other engines run. The root (the overlay's base, or a plain
/// directory) is one layer; what the container changed in its overlay
/// layer is a second, its deletions as whiteouts. The config carries the
/// command, the environment, the working directory and the image's user.
/// Written to an OCI layout (`oci:DIR[:TAG]`), a docker-archive or
/// oci-archive file, or, by way of a layout in the cache and skopeo, to a
/// registry (`docker://…`) or podman's storage (`containers-storage:…`).
public struct ImageExport {
    /// The root the image starts from: read whole into the first layer.
    public var base: String
    /// The overlay layer's upper directory, when the container has one.
    public var upper: String?
    /// `Cmd`.
    public var command: [String]
    /// `Env`, `NAME=VALUE`.
    public var environment: [String]
    /// `WorkingDir` and `User`, when set.
    public var workdir: String?
    public var user: String?

    /// The tag a layout or archive gets when its name gives none.
    public static let defaultTag = "latest"

    /// The image made and what a user should know about it.
    public struct Result: Sendable {
        /// The manifest's digest, `sha256:…`.
        public var manifestDigest: String
        /// How many layers the image has.
        public var layers: Int
        /// One line for each thing left out or worth knowing.
        public var notes: [String]
    }

    public init(base: String, upper: String?, command: [String], environment: [String], workdir: String?, user: String?) {
        self.base = base
        self.upper = upper
        self.command = command
        self.environment = environment
        self.workdir = workdir
        self.user = user
    }

    /// Writes the image to `destination`; `output` hears skopeo's progress
    /// when it copies the image on. Nothing is left of a failed export.
    public func write(
        to destination: ImageSource, cache: RootfsCache = RootfsCache(), output: (String) -> Void = { _ in }
    ) throws(RuntimeError) -> Result {
        switch destination {
        case .layout(let reference):
            let layout = try ImageLayoutWriter(directory: reference.directory)
            do throws(RuntimeError) {
                let image = try build(into: layout)
                try layout.tag(image.manifest, as: reference.tag ?? Self.defaultTag)
                return image.result
            } catch {
                if layout.created { FileTree.removeTree(layout.directory) }
                throw error
            }
        case .dockerArchive(let file, let reference):
            try Self.checkNew(file)
            return try cache.withScratch { scratch throws(RuntimeError) in
                let layout = try ImageLayoutWriter(directory: scratch + "/layout")
                let image = try build(into: layout)
                try DockerArchiveWriter.write(config: image.config, layers: image.layers, from: layout, reference: reference, to: file)
                return image.result
            }
        case .ociArchive(let file, let tag):
            try Self.checkNew(file)
            return try cache.withScratch { scratch throws(RuntimeError) in
                let layout = try ImageLayoutWriter(directory: scratch + "/layout")
                let image = try build(into: layout)
                try layout.tag(image.manifest, as: tag ?? Self.defaultTag)
                let tar = try TarWriter(creating: file)
                do throws(RuntimeError) {
                    _ = try LayerTree.write(layout.directory, kind: .tree, into: tar)
                    try tar.finish()
                } catch {
                    unlink(file)
                    throw error
                }
                return image.result
            }
        case .registry, .containersStorage:
            return try cache.withScratch { scratch throws(RuntimeError) in
                let layout = try ImageLayoutWriter(directory: scratch + "/layout")
                let image = try build(into: layout)
                try layout.tag(image.manifest, as: Self.defaultTag)
                try SkopeoPush(destination).push(layout: layout.directory, tag: Self.defaultTag, output: output)
                return image.result
            }
        }
    }

    /// What `build` made: the blobs' descriptors.
    private struct Built {
        var manifest: OCIDescriptorDocument
        var config: OCIDescriptorDocument
        var layers: [OCIDescriptorDocument]
        var result: Result
    }

    /// The layers, the config and the manifest, as blobs of `layout`.
    private func build(into layout: ImageLayoutWriter) throws(RuntimeError) -> Built {
        var notes: [String] = []
        let (root, rootNotes) = try layout.addLayer { tar throws(RuntimeError) in try LayerTree.write(base, kind: .tree, into: tar) }
        notes += rootNotes
        var layers = [root]
        var history = [OCIImageConfigDocument.History(createdBy: "ctrsh export image: the root `\(base)`")]
        if let upper {
            let (changes, changeNotes) = try layout.addLayer { tar throws(RuntimeError) in
                try LayerTree.write(upper, kind: .overlayUpper, into: tar)
            }
            notes += changeNotes
            layers.append(changes)
            history.append(.init(createdBy: "ctrsh export image: what the container changed (its overlay layer)"))
        }
        let platform = OCIManifestChoice.hostPlatform
        let configDocument = OCIImageConfigDocument(
            architecture: platform.architecture, os: platform.os, variant: platform.variant,
            config: .init(user: user, env: environment, cmd: command, workingDir: workdir),
            rootfs: .init(diffIDs: layers.map(\.digest)), history: history)
        let config = try layout.addDocument(configDocument, mediaType: OCIDescriptorDocument.configType)
        let manifest = try layout.addDocument(OCIManifestDocument(config: config, layers: layers), mediaType: OCIDescriptorDocument.manifestType)
        return Built(manifest: manifest, config: config, layers: layers,
                     result: Result(manifestDigest: manifest.digest, layers: layers.count, notes: notes))
    }

    /// Refuses an archive path that exists: nothing is written over.
    private static func checkNew(_ file: String) throws(RuntimeError) {
        var info = stat()
        guard lstat(file, &info) != 0 else {
            throw .invalidSpec("`\(file)` exists: remove it, or give another file name (an export writes a new archive)")
        }
    }
}
