// The JSON documents of an OCI image layout (image-spec 1.x), as far as
// ctrsh reads them: `oci-layout`, `index.json` and the index, manifest and
// config blobs. Fields ctrsh does not use are not declared, so decoding
// skips them.

/// The `oci-layout` file at the top of a layout.
struct OCILayoutMarker: Decodable {
    var imageLayoutVersion: String
}

/// A content descriptor: a blob's media type, digest and size, and for an
/// index entry its tag (annotation) and platform.
struct OCIDescriptor: Decodable {
    var mediaType: String
    var digest: String
    var size: Int64
    var annotations: [String: String]?
    var platform: OCIPlatform?

    /// The annotation that names a manifest in an index: the tag.
    static let refNameAnnotation = "org.opencontainers.image.ref.name"

    /// The tag this entry carries in its index, if any.
    var refName: String? { annotations?[Self.refNameAnnotation] }
}

/// The platform a manifest in an index was built for.
struct OCIPlatform: Decodable, Equatable {
    var architecture: String
    var os: String
    var variant: String?

    /// `linux/amd64`, `linux/arm64/v8`.
    var text: String { [os, architecture, variant].compactMap { $0 }.joined(separator: "/") }
}

/// An image index (`index.json` itself, or a nested index blob).
struct OCIIndex: Decodable {
    var schemaVersion: Int
    var manifests: [OCIDescriptor]
}

/// An image manifest: the config blob and the layers, bottom first.
struct OCIManifest: Decodable {
    var schemaVersion: Int
    var config: OCIDescriptor
    var layers: [OCIDescriptor]
}

/// An image config: only the defaults for the container's process.
struct OCIImageConfig: Decodable {
    var config: Process?

    /// The `config` object: what a container of this image runs, and how.
    struct Process: Decodable {
        var user: String?
        var env: [String]?
        var entrypoint: [String]?
        var cmd: [String]?
        var workingDir: String?

        enum CodingKeys: String, CodingKey {
            case user = "User", env = "Env", entrypoint = "Entrypoint", cmd = "Cmd", workingDir = "WorkingDir"
        }
    }
}

/// The media types ctrsh accepts, OCI's and Docker's equivalents.
enum OCIMediaType {
    static let index = ["application/vnd.oci.image.index.v1+json",
                        "application/vnd.docker.distribution.manifest.list.v2+json"]
    static let manifest = ["application/vnd.oci.image.manifest.v1+json",
                           "application/vnd.docker.distribution.manifest.v2+json"]
    static let config = ["application/vnd.oci.image.config.v1+json",
                         "application/vnd.docker.container.image.v1+json"]
    /// Tar layers, plain, gzip or zstd (libarchive recognises which from
    /// the bytes), including the deprecated non-distributable ones.
    static let layer = [
        "application/vnd.oci.image.layer.v1.tar", "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.oci.image.layer.v1.tar+zstd",
        "application/vnd.oci.image.layer.nondistributable.v1.tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
        "application/vnd.docker.image.rootfs.diff.tar.zstd",
    ]
}
