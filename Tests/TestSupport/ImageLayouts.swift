import CtrRuntime
import Glibc
import XCTest

/// OCI image layouts for tests: one written by umoci from a busybox root,
/// and hand-made ones whose every blob the test chooses.
public enum UmociLayout {
    /// Builds the layout `layout` with umoci (a directory in `scratch`):
    ///
    /// - layer 1: the busybox root at `root`, plus `/data/a`, `/data/b`
    ///   and `/etc/keep`; tagged `base` as it is then;
    /// - layer 2: deletes `/etc/os-release` (a `.wh.` whiteout);
    /// - layer 3: `/data` made opaque, holding only `c` (`umoci insert
    ///   --opaque`, which in umoci 0.4 also leaves out the tar footer);
    /// - config: `Env` GREETING=hello and PATH, `Cmd` printing both and the
    ///   working directory, `WorkingDir` /data; tagged `latest`.
    ///
    /// Skips the test, with the reason, when umoci is not installed.
    public static func make(at layout: String, from root: String, scratch: String) throws {
        try Privileges.require(
            access("/usr/bin/umoci", X_OK) == 0, "needs umoci to write an OCI image layout (`apt-get install umoci`)")
        let bundle = scratch + "/umoci-bundle"
        func umoci(_ arguments: String...) throws { _ = try HostProgram.output(["umoci"] + arguments) }
        func sh(_ script: String) throws { _ = try HostProgram.output(["/bin/sh", "-ec", script, "sh", root, bundle, scratch]) }
        try umoci("init", "--layout", layout)
        try umoci("new", "--image", layout + ":latest")
        try umoci("unpack", "--image", layout + ":latest", bundle)
        try sh("cp -a \"$1\"/. \"$2\"/rootfs/ && mkdir \"$2\"/rootfs/data && echo a > \"$2\"/rootfs/data/a && "
               + "echo b > \"$2\"/rootfs/data/b && echo keep > \"$2\"/rootfs/etc/keep")
        try umoci("repack", "--image", layout + ":latest", bundle)
        try umoci("tag", "--image", layout + ":latest", "base")
        try sh("rm -rf \"$2\"")
        try umoci("unpack", "--image", layout + ":latest", bundle)
        try sh("rm \"$2\"/rootfs/etc/os-release")
        try umoci("repack", "--image", layout + ":latest", bundle)
        try sh("rm -rf \"$2\" && mkdir \"$3\"/newdata && echo c > \"$3\"/newdata/c")
        try umoci("insert", "--image", layout + ":latest", "--opaque", scratch + "/newdata", "/data")
        try umoci("config", "--image", layout + ":latest", "--config.env", "GREETING=hello", "--config.env", "PATH=/bin:/usr/bin",
                  "--config.cmd", "/bin/sh", "--config.cmd", "-c", "--config.cmd", "echo $GREETING from $(pwd) with $PATH",
                  "--config.workingdir", "/data")
    }
}

extension UmociLayout {
    /// A one-layer layout tagged `latest` made as people make them by hand:
    /// `umoci insert IMAGE ROOT /`, whose layer starts with a `/` entry,
    /// and a config with `Env` GREETING=hello and `Cmd` `/bin/sh`.
    /// Skips the test, with the reason, when umoci is not installed.
    public static func makeInsertedAtRoot(at layout: String, from root: String) throws {
        try Privileges.require(
            access("/usr/bin/umoci", X_OK) == 0, "needs umoci to write an OCI image layout (`apt-get install umoci`)")
        func umoci(_ arguments: String...) throws { _ = try HostProgram.output(["umoci"] + arguments) }
        try umoci("init", "--layout", layout)
        try umoci("new", "--image", layout + ":latest")
        try umoci("insert", "--image", layout + ":latest", root, "/")
        try umoci("config", "--image", layout + ":latest", "--config.env", "GREETING=hello", "--config.env", "PATH=/bin:/usr/bin",
                  "--config.cmd", "/bin/sh")
    }
}

/// An OCI image layout written blob by blob, for the cases umoci does not
/// make: other compressions, nested indexes, broken digests.
public final class LayoutWriter {
    /// The layout's directory.
    public let directory: String

    /// A blob written: its descriptor's digest and size.
    public struct Blob {
        public var digest: String
        public var size: Int
        /// The blob's file in the layout.
        public var path: String

        public init(digest: String, size: Int, path: String) {
            self.digest = digest
            self.size = size
            self.path = path
        }
    }

    /// Creates `directory` with its `oci-layout` marker and `blobs/sha256`.
    public init(at directory: String) throws {
        self.directory = directory
        for dir in [directory, directory + "/blobs", directory + "/blobs/sha256"] { try FileTree.makeDirectory(dir) }
        try FileText.create(directory + "/oci-layout", text: #"{"imageLayoutVersion":"1.0.0"}"#)
    }

    /// Stores `text` as a blob.
    @discardableResult
    public func blob(_ text: String) throws -> Blob {
        var hasher = SHA256()
        hasher.update(Array(text.utf8))
        let path = directory + "/blobs/sha256/" + hasher.hexDigest()
        try FileText.create(path, text: text)
        return Blob(digest: "sha256:" + hasher.hexDigest(), size: text.utf8.count, path: path)
    }

    /// Stores the file at `file` as a blob.
    public func blob(file: String) throws -> Blob {
        let digest = try SHA256.hexDigest(ofFile: file)
        let path = directory + "/blobs/sha256/" + digest
        var info = stat()
        XCTAssertEqual(stat(file, &info), 0)
        try FileTree.copyFile(file, to: path, mode: 0o644)
        return Blob(digest: "sha256:" + digest, size: Int(info.st_size), path: path)
    }

    /// A descriptor's JSON.
    public static func descriptor(
        _ mediaType: String, _ blob: Blob, tag: String? = nil, platform: (os: String, architecture: String)? = nil
    ) -> String {
        var fields = [#""mediaType":"\#(mediaType)""#, #""digest":"\#(blob.digest)""#, #""size":\#(blob.size)"#]
        if let tag { fields.append(#""annotations":{"org.opencontainers.image.ref.name":"\#(tag)"}"#) }
        if let platform { fields.append(#""platform":{"os":"\#(platform.os)","architecture":"\#(platform.architecture)"}"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    public static let manifestType = "application/vnd.oci.image.manifest.v1+json"
    public static let indexType = "application/vnd.oci.image.index.v1+json"
    public static let configType = "application/vnd.oci.image.config.v1+json"

    /// An image manifest over `config` (the config's JSON) and `layers`
    /// (media type and tar file, bottom first), stored as a blob.
    public func manifest(config: String, layers: [(mediaType: String, file: String)]) throws -> Blob {
        let configBlob = try blob(config)
        var layerDescriptors: [String] = []
        for layer in layers { layerDescriptors.append(Self.descriptor(layer.mediaType, try blob(file: layer.file))) }
        return try blob(#"{"schemaVersion":2,"mediaType":"\#(Self.manifestType)","config":\#(Self.descriptor(Self.configType, configBlob)),"layers":[\#(layerDescriptors.joined(separator: ","))]}"#)
    }

    /// An index of `descriptors` (their JSON): `index.json`, or a blob.
    public static func index(_ descriptors: [String]) -> String {
        #"{"schemaVersion":2,"mediaType":"\#(indexType)","manifests":[\#(descriptors.joined(separator: ","))]}"#
    }

    /// Writes `index.json`.
    public func writeIndex(_ descriptors: [String]) throws {
        try FileText.create(directory + "/index.json", text: Self.index(descriptors))
    }
}
