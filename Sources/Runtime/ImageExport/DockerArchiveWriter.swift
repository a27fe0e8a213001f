import CtrKernel
import Glibc

/// An image written as a docker-archive (what `docker save` and `podman
/// save` write, and `docker load`, `podman load` and `skopeo` read): the
/// config as `HEX.json`, each layer as `HEX.tar` (uncompressed, so its
/// digest is its diff ID), `manifest.json` listing them with the image's
/// tag, and `repositories` naming its top layer. The file is created new.
enum DockerArchiveWriter {
    /// Writes the image whose blobs are in `layout` to `file`, tagged
    /// `reference` (`NAME:TAG`; `:latest` added when it has no tag).
    static func write(
        config: OCIDescriptorDocument, layers: [OCIDescriptorDocument], from layout: ImageLayoutWriter,
        reference: String?, to file: String
    ) throws(RuntimeError) {
        let tagged = reference.map(withTag)
        let configName = config.digest.dropFirst("sha256:".count) + ".json"
        let layerNames = layers.map { $0.digest.dropFirst("sha256:".count) + ".tar" }
        let manifest = [DockerArchiveLayout.Entry(config: String(configName), repoTags: tagged.map { [$0] }, layers: layerNames.map(String.init))]
        var repositories: [String: [String: String]] = [:]
        if let tagged, let colon = tagged.lastIndex(of: ":"), let top = layers.last {
            repositories[String(tagged[..<colon])] = [String(tagged[tagged.index(after: colon)...]): String(top.digest.dropFirst("sha256:".count))]
        }
        let tar = try TarWriter(creating: file)
        do throws(RuntimeError) {
            for (layer, name) in zip(layers, layerNames) { try tar.add(String(name), copying: layout.path(of: layer.digest)) }
            try tar.add(String(configName), copying: layout.path(of: config.digest))
            try tar.add("manifest.json", bytes: try ImageLayoutWriter.encode(manifest))
            try tar.add("repositories", bytes: try ImageLayoutWriter.encode(repositories))
            try tar.finish()
        } catch {
            unlink(file)
            throw error
        }
    }

    /// `NAME:TAG` as written, or `NAME:latest`; a digest reference
    /// (`NAME@sha256:…`) cannot name an image being made.
    static func withTag(_ reference: String) -> String {
        let last = reference.split(separator: "/").last ?? ""
        return last.contains(":") ? reference : reference + ":latest"
    }
}
