import CtrKernel
import Glibc

/// The layers of the image a container's root was built from, taken
/// into an export as they are (same blobs, same digests: a registry
/// that has them already is sent none of them again). They are read
/// from the layout the image came from (`oci:DIR`, or the layout the
/// cache keeps for registry and podman pulls) by the manifest's digest,
/// and every blob is checked against its digest before it is used.
/// An image from an archive has no layout left: its root is one layer.
public struct BaseImageLayers: Sendable {
    /// The layout's directory (absolute).
    public var layout: String
    /// The manifest the root was built from, `sha256:…`.
    public var manifestDigest: String

    public init(layout: String, manifestDigest: String) {
        self.layout = layout
        self.manifestDigest = manifestDigest
    }

    /// Where the layers of the image `defaults` describes are kept, if
    /// anywhere: the `oci:` layout it names, or the cache's pull layout.
    public static func locate(_ defaults: ImageDefaults, cache: RootfsCache = RootfsCache()) -> BaseImageLayers? {
        switch try? ImageSource.parse(defaults.source) {
        case .layout(let reference)?:
            return BaseImageLayers(layout: reference.directory, manifestDigest: defaults.manifestDigest)
        case .registry(let reference)?:
            return BaseImageLayers(layout: SkopeoPull(.registry(reference), cache: cache).layout, manifestDigest: defaults.manifestDigest)
        case .containersStorage(let reference)?:
            return BaseImageLayers(layout: SkopeoPull(.containersStorage(reference), cache: cache).layout, manifestDigest: defaults.manifestDigest)
        default:
            return nil
        }
    }

    /// One layer: its descriptor in the source layout, and the digest of
    /// its uncompressed tar (the config's `diff_ids` entry).
    struct Layer {
        var descriptor: OCIDescriptor
        var diffID: String
        /// The verified blob.
        var blob: String
    }

    private struct ConfigLayers: Decodable {
        var rootfs: Layers
        struct Layers: Decodable {
            var diffIDs: [String]
            enum CodingKeys: String, CodingKey { case diffIDs = "diff_ids" }
        }
    }

    /// The manifest's layers, bottom first, each blob checked.
    func layers() throws(RuntimeError) -> [Layer] {
        let source = try OCIImageLayout(directory: layout)
        let role = BlobRole.baseManifest(manifestDigest)
        let manifestFile = try source.path(of: OCIDescriptor(mediaType: "", digest: manifestDigest, size: 0), role: role)
        let bytes = try OCIImageLayout.read(manifestFile, limit: OCIImageLayout.largestDocument)
        var hasher = SHA256()
        hasher.update(bytes)
        let size = Int64(bytes.count)
        guard "sha256:" + hasher.hexDigest() == manifestDigest else {
            throw .image(.baseManifestChanged(file: manifestFile, role: role))
        }
        let descriptor = OCIDescriptor(mediaType: OCIMediaType.manifest[0], digest: manifestDigest, size: size)
        let manifest = try source.document(OCIManifest.self, descriptor, role: role)
        let diffIDs = try source.document(ConfigLayers.self, manifest.config, role: .config(role)).rootfs.diffIDs
        guard diffIDs.count == manifest.layers.count else {
            throw .image(.baseLayerCount(layout: layout, role: role, layers: manifest.layers.count, diffIDs: diffIDs.count))
        }
        var layers: [Layer] = []
        for (number, (layer, diffID)) in zip(1..., zip(manifest.layers, diffIDs)) {
            let blob = try source.verifiedBlob(layer, role: .layer(number, role))
            layers.append(Layer(descriptor: layer, diffID: diffID, blob: blob))
        }
        return layers
    }
}
