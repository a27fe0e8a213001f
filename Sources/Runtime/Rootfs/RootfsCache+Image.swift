import CtrKernel
import Glibc

extension RootfsCache {
    /// A root built from an OCI image's layers.
    public struct ImageEntry: Sendable {
        /// The root's directory in the cache: `<cache>/oci-<manifest's sha256>`.
        public var path: String
        /// True when it was built before: no layer was read now.
        public var wasCached: Bool
        /// How many layers the image has.
        public var layers: Int
    }

    /// How far building an image's root has come, for a progress line.
    public struct ImageProgress: Sendable {
        /// The layer being applied, from 1.
        public var layer: Int
        public var layers: Int
        /// Entries and bytes of this layer unpacked so far.
        public var entries: Int
        public var bytes: UInt64
    }

    /// The root of the manifest `chosen` from `layout`: from the cache, or
    /// built now, each layer's size and digest checked before it is
    /// applied over the ones below with its whiteouts.
    func root(
        of chosen: OCIManifestChoice.Chosen, in layout: OCIImageLayout, progress: (ImageProgress) -> Void
    ) throws(RuntimeError) -> ImageEntry {
        let key = "oci-" + chosen.descriptor.digest.dropFirst("sha256:".count)
        let path = directory + "/" + key
        let layers = chosen.manifest.layers
        if FileTree.isDirectory(path) { return ImageEntry(path: path, wasCached: true, layers: layers.count) }
        for (number, layer) in zip(1..., layers) where !OCIMediaType.layer.contains(layer.mediaType) {
            throw .image(.notTarLayer(layout: layout.directory, role: .layer(number, chosen.role), mediaType: layer.mediaType))
        }
        let installed = try install(key) { partial throws(RuntimeError) in
            for (number, layer) in zip(1..., layers) {
                let role = BlobRole.layerOf(number, count: layers.count, chosen.role)
                let blob = try layout.verifiedBlob(layer, role: role)
                let applier = try OCILayerApplier(root: partial, layer: LayerName(blob: blob, role: role))
                var extractor = TarballExtractor(archive: blob, destination: partial, acceptsMissingFooter: true)
                extractor.role = role
                extractor.admit = { name, type throws(RuntimeError) in try applier.admit(name, type) }
                _ = try extractor.extract { state in
                    progress(ImageProgress(layer: number, layers: layers.count, entries: state.entries, bytes: state.bytes))
                }
            }
        }
        return ImageEntry(path: path, wasCached: !installed, layers: layers.count)
    }
}
