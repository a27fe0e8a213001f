// The JSON documents `export image` writes (image-spec 1.x): a
// descriptor, the image config and the manifest. Optional fields left
// nil are left out.

/// A content descriptor as written: media type, digest, size, and for
/// an index entry the tag it carries.
struct OCIDescriptorDocument: Encodable, Equatable {
    var mediaType: String
    var digest: String
    var size: Int64
    var annotations: [String: String]?

    static let layerType = "application/vnd.oci.image.layer.v1.tar"
    static let configType = "application/vnd.oci.image.config.v1+json"
    static let manifestType = "application/vnd.oci.image.manifest.v1+json"

    /// The OCI media type of a layer that Docker's manifests name
    /// otherwise (a manifest written here is an OCI one).
    static func ociLayerType(_ mediaType: String) -> String {
        switch mediaType {
        case "application/vnd.docker.image.rootfs.diff.tar.gzip": "application/vnd.oci.image.layer.v1.tar+gzip"
        case "application/vnd.docker.image.rootfs.diff.tar.zstd": "application/vnd.oci.image.layer.v1.tar+zstd"
        case "application/vnd.docker.image.rootfs.diff.tar": layerType
        default: mediaType
        }
    }
}

/// The image config: the platform, what a container of the image runs
/// (`config`), and the layers' uncompressed digests (`rootfs.diff_ids`).
struct OCIImageConfigDocument: Encodable {
    var architecture: String
    var os: String
    var variant: String?
    var config: Process
    var rootfs: Layers
    var history: [History]

    struct Process: Encodable {
        var user: String?
        var env: [String]
        var cmd: [String]
        var workingDir: String?

        enum CodingKeys: String, CodingKey {
            case user = "User", env = "Env", cmd = "Cmd", workingDir = "WorkingDir"
        }
    }

    struct Layers: Encodable {
        var type = "layers"
        var diffIDs: [String]

        enum CodingKeys: String, CodingKey {
            case type, diffIDs = "diff_ids"
        }
    }

    /// One line per layer: how it was made.
    struct History: Encodable {
        var createdBy: String

        enum CodingKeys: String, CodingKey {
            case createdBy = "created_by"
        }
    }
}

/// An image manifest: the config and the layers, bottom first.
struct OCIManifestDocument: Encodable {
    var schemaVersion = 2
    var mediaType = OCIDescriptorDocument.manifestType
    var config: OCIDescriptorDocument
    var layers: [OCIDescriptorDocument]
}
