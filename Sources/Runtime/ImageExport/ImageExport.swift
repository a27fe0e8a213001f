import CtrKernel
import Glibc

/// `export image DEST`: the root as the container left it, as an OCI
/// image other engines run. The base is the layers of the image the root
/// came from, as they are (`BaseImageLayers`), or, for a plain directory
/// or an image whose layers are not kept, the root read whole into one
/// layer; what the container changed in its overlay layer is one more,
/// its deletions as whiteouts. The config carries the
/// command, the environment, the working directory and the image's user.
/// Written to an OCI layout (`oci:DIR[:TAG]`), a docker-archive or
/// oci-archive file, or, by way of a layout in the cache and skopeo, to a
/// registry (`docker://…`) or podman's storage (`containers-storage:…`).
public struct ImageExport: Sendable {
    /// The root the image starts from: read whole into the first layer.
    public var base: String
    /// The overlay layer's upper directory, when the container has one.
    public var upper: String?
    /// The layers `base` was built from, when they are kept.
    public var baseImage: BaseImageLayers?
    /// `Cmd`.
    public var command: [String]
    /// `Env`, `NAME=VALUE`.
    public var environment: [String]
    /// `WorkingDir` and `User`, when set.
    public var workdir: String?
    public var user: String?
    /// What made the image, as each layer's history names it
    /// (`created_by`, as Docker's holds the build step).
    public var creator = "ctrsh"

    /// The tag a layout or archive gets when its name gives none.
    public static let defaultTag = "latest"

    /// The image made and what a user should know about it.
    public struct Result: Sendable {
        /// The manifest's digest, `sha256:…`.
        public var manifestDigest: String
        /// How many layers the image has, and how many of them are the
        /// base image's own.
        public var layers: Int
        public var imageLayers: Int
        /// A note for each thing left out or worth knowing.
        public var notes: [ImageExportNote]
    }

    public init(
        base: String, upper: String?, baseImage: BaseImageLayers?, command: [String], environment: [String], workdir: String?, user: String?
    ) {
        self.base = base
        self.upper = upper
        self.baseImage = baseImage
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
                let image = try build(into: layout, plainLayers: true)
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

    /// The layers, the config and the manifest, as blobs of `layout`;
    /// with `plainLayers`, compressed base layers are stored uncompressed.
    private func build(into layout: ImageLayoutWriter, plainLayers: Bool = false) throws(RuntimeError) -> Built {
        var notes: [ImageExportNote] = []
        var layers: [OCIDescriptorDocument] = []
        var diffIDs: [String] = []
        var history: [OCIImageConfigDocument.History] = []
        if let baseImage {
            do throws(RuntimeError) {
                for (number, layer) in zip(1..., try baseImage.layers()) {
                    layers.append(try reuse(layer, in: layout, plain: plainLayers))
                    diffIDs.append(layer.diffID)
                    history.append(.init(createdBy: "\(creator): layer \(number) of the image \(baseImage.manifestDigest)"))
                }
            } catch {
                notes.append(.baseLayersNotReused(error))
                (layers, diffIDs, history) = ([], [], [])
            }
        }
        let imageLayers = layers.count
        if layers.isEmpty {
            let (root, rootNotes) = try layout.addLayer { tar throws(RuntimeError) in try LayerTree.write(base, kind: .tree, into: tar) }
            notes += rootNotes
            layers.append(root)
            diffIDs.append(root.digest)
            history.append(.init(createdBy: "\(creator): the root `\(base)`"))
        }
        if let upper {
            let (changes, changeNotes) = try layout.addLayer { tar throws(RuntimeError) in
                try LayerTree.write(upper, kind: .overlayUpper, into: tar)
            }
            notes += changeNotes
            layers.append(changes)
            diffIDs.append(changes.digest)
            history.append(.init(createdBy: "\(creator): what the container changed (its overlay layer)"))
        }
        let platform = OCIManifestChoice.hostPlatform
        let configDocument = OCIImageConfigDocument(
            architecture: platform.architecture, os: platform.os, variant: platform.variant,
            config: .init(user: user, env: environment, cmd: command, workingDir: workdir),
            rootfs: .init(diffIDs: diffIDs), history: history)
        let config = try layout.addDocument(configDocument, mediaType: OCIDescriptorDocument.configType)
        let manifest = try layout.addDocument(OCIManifestDocument(config: config, layers: layers), mediaType: OCIDescriptorDocument.manifestType)
        return Built(manifest: manifest, config: config, layers: layers,
                     result: Result(manifestDigest: manifest.digest, layers: layers.count, imageLayers: imageLayers, notes: notes))
    }

    /// A base image's layer in the new layout: its blob as it is (under
    /// the OCI name of its media type), or with `plain` uncompressed.
    private func reuse(_ layer: BaseImageLayers.Layer, in layout: ImageLayoutWriter, plain: Bool) throws(RuntimeError) -> OCIDescriptorDocument {
        let mediaType = OCIDescriptorDocument.ociLayerType(layer.descriptor.mediaType)
        if plain && mediaType != OCIDescriptorDocument.layerType {
            return try layout.addDecompressed(layer.blob, diffID: layer.diffID)
        }
        return try layout.addBlob(layer.blob, as: OCIDescriptorDocument(mediaType: mediaType, digest: layer.descriptor.digest, size: layer.descriptor.size))
    }

    /// Refuses an archive path that exists: nothing is written over.
    private static func checkNew(_ file: String) throws(RuntimeError) {
        var info = stat()
        guard lstat(file, &info) != 0 else {
            throw .image(.exportFileExists(file))
        }
    }
}
