@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Damaged and wrong OCI image layouts: each is refused with an error that
/// names the file and the entry, and leaves no cache entry and no partial
/// directory behind. A good layout is made first, then broken one way per
/// case. Needs no container; runs as any user (owners are kept as root).
final class OCIImageBadInputTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var cache: RootfsCache!
    private var scratch: String { directory.path }

    override func setUpWithError() throws {
        directory = try TemporaryDirectory(prefix: "ctrsh-test-")
        cache = RootfsCache(directory: scratch + "/cache/rootfs")
    }

    override func tearDown() {
        directory?.remove()
    }

    private static let tarType = "application/vnd.oci.image.layer.v1.tar"

    /// A good layout at `name`: one gzip layer holding `hello`, tagged
    /// `latest` and `old`; returns it with its manifest and layer blobs.
    private func goodLayout(_ name: String) throws -> (layout: LayoutWriter, manifest: LayoutWriter.Blob, layer: String) {
        let tree = scratch + "/tree"
        if !Directory.exists(tree) {
            try FileTree.makeDirectory(tree)
            try FileText.create(tree + "/hello", text: "hello\n")
            _ = try HostProgram.output(["tar", "--gzip", "-C", tree, "-cf", scratch + "/layer.tar.gz", "hello"])
        }
        let layout = try LayoutWriter(at: scratch + "/" + name)
        let manifest = try layout.manifest(config: #"{"config":{"Cmd":["/hello"]}}"#,
                                           layers: [("application/vnd.oci.image.layer.v1.tar+gzip", scratch + "/layer.tar.gz")])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, manifest, tag: "latest"),
                               LayoutWriter.descriptor(LayoutWriter.manifestType, manifest, tag: "old")])
        let layer = try SHA256.hexDigest(ofFile: scratch + "/layer.tar.gz")
        return (layout, manifest, layout.directory + "/blobs/sha256/" + layer)
    }

    /// Asserts `reference` is refused for `problem` and left nothing in the cache.
    private func assertRefused(
        _ reference: String, _ problem: ImageProblem, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try OCIImageRoot.prepare(try OCIImageReference(parsing: reference), cache: cache),
                             file: file, line: line) { error in
            XCTAssertEqual(error as? RuntimeError, .image(problem), file: file, line: line)
        }
        XCTAssertEqual(Directory.names(cache.directory).filter { $0 != ".digests" }, [],
                       "a refused layout left a cache entry or a partial directory", file: file, line: line)
    }

    func testTheGoodLayoutWorks() throws {
        let (layout, manifest, _) = try goodLayout("good")
        let image = try OCIImageRoot.prepare(try OCIImageReference(parsing: "oci:\(layout.directory):old"), cache: cache)
        XCTAssertEqual(image.defaults.manifestDigest, manifest.digest)
        XCTAssertEqual(image.defaults.source, "oci:\(layout.directory):old")
        XCTAssertEqual(try FileText.read(image.entry.path + "/hello"), "hello\n")
    }

    func testNotALayoutAndACorruptIndex() throws {
        let plain = scratch + "/plain"
        try FileTree.makeDirectory(plain)
        assertRefused("oci:\(plain)", .layoutWithoutMarker(plain))
        try FileText.create(plain + "/file", text: "")
        assertRefused("oci:\(plain)/file", .layoutNotDirectory(plain + "/file"))
        assertRefused("oci:\(scratch)/nothing", .unresolvable(path: scratch + "/nothing", errno: ENOENT))

        let (layout, _, _) = try goodLayout("corrupt")
        try FileText.create(layout.directory + "/index.json", text: #"{"schemaVersion":2,"manifests":[{"mediaType":"#)
        assertRefused("oci:\(layout.directory)", .documentInvalid(file: layout.directory + "/index.json", .notJSON))
        try FileText.create(layout.directory + "/index.json", text: #"{"schemaVersion":2,"manifests":[{"digest":"sha256:00"}]}"#)
        assertRefused("oci:\(layout.directory)",
                      .documentInvalid(file: layout.directory + "/index.json", .missingField("mediaType", path: "manifests[0]")))
        try FileText.create(layout.directory + "/oci-layout", text: #"{"imageLayoutVersion":"2.0.0"}"#)
        assertRefused("oci:\(layout.directory)", .layoutVersion(marker: layout.directory + "/oci-layout", version: "2.0.0"))
    }

    func testMissingTagsListTheTagsThereAre() throws {
        let (layout, manifest, _) = try goodLayout("tags")
        assertRefused("oci:\(layout.directory):v9", .noManifestTagged(index: layout.directory + "/index.json", tag: "v9", tags: ["latest", "old"]))
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, manifest, tag: "a"),
                               LayoutWriter.descriptor(LayoutWriter.manifestType, manifest, tag: "b")])
        assertRefused("oci:\(layout.directory)", .indexAmbiguous(index: layout.directory + "/index.json", count: 2, tags: ["a", "b"]))
        try layout.writeIndex([])
        assertRefused("oci:\(layout.directory)", .indexEmpty(index: layout.directory + "/index.json", tags: []))
    }

    func testWrongDigestsSizesAndMissingBlobs() throws {
        let role = BlobRole.layerOf(1, count: 1, .taggedManifest("latest"))
        // A layer with one byte changed: same size, another digest.
        let (flipped, _, layer) = try goodLayout("flipped")
        let digest = String(layer.suffix(64))
        var bytes = try FileTree.readPrefix(layer, count: 1 << 20)
        bytes[bytes.count / 2] ^= 0xff
        let altered = scratch + "/altered"
        XCTAssertEqual(bytes.withUnsafeBytes { raw in
            let fd = open(altered, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            defer { close(fd) }
            return write(fd, raw.baseAddress, raw.count)
        }, bytes.count)
        let alteredDigest = try SHA256.hexDigest(ofFile: altered)
        XCTAssertEqual(rename(altered, layer), 0)
        assertRefused("oci:\(flipped.directory)",
                      .digestMismatch(file: layer, role: role, digest: "sha256:" + alteredDigest, expected: "sha256:" + digest))

        // A layer cut short: its size is wrong before its digest is.
        let (cut, _, cutLayer) = try goodLayout("cut")
        XCTAssertEqual(truncate(cutLayer, 20), 0)
        let size = try XCTUnwrap(FileText.read(try manifestPath(cut)).split(separator: "\"size\":").last?.prefix { $0.isNumber })
        assertRefused("oci:\(cut.directory)", .sizeMismatch(file: cutLayer, role: role, size: 20, expected: try XCTUnwrap(Int64(size))))

        // A missing layer, and a missing manifest.
        let (missing, manifest, missingLayer) = try goodLayout("missing")
        XCTAssertEqual(unlink(missingLayer), 0)
        assertRefused("oci:\(missing.directory)", .blobMissing(file: missingLayer, role: role, errno: ENOENT))
        XCTAssertEqual(unlink(manifest.path), 0)
        assertRefused("oci:\(missing.directory)", .blobMissing(file: manifest.path, role: .taggedManifest("latest"), errno: ENOENT))

        // A manifest whose bytes do not match the index's digest.
        let (edited, editedManifest, _) = try goodLayout("edited")
        let text = try FileText.read(editedManifest.path)
        try FileText.create(editedManifest.path, text: text.replacing("\"schemaVersion\":2", with: "\"schemaVersion\":3"))
        var hasher = SHA256()
        hasher.update(Array(try FileText.read(editedManifest.path).utf8))
        assertRefused("oci:\(edited.directory)", .digestMismatch(
            file: editedManifest.path, role: .taggedManifest("latest"), digest: "sha256:" + hasher.hexDigest(), expected: editedManifest.digest))
    }

    func testDigestsThatAreNotSHA256OrNotDigests() throws {
        let (layout, manifest, _) = try goodLayout("digests")
        let (directory, latest) = (layout.directory, BlobRole.taggedManifest("latest"))
        let upper = "sha256:" + String(repeating: "A", count: 64)
        for (digest, problem) in [
            ("sha256:../../../etc/passwd", ImageProblem.digestNotSHA256(layout: directory, role: latest, digest: "sha256:../../../etc/passwd")),
            (upper, .digestNotSHA256(layout: directory, role: latest, digest: upper)),
            ("sha512:" + String(repeating: "0", count: 128), .digestAlgorithm(layout: directory, role: latest, algorithm: "sha512")),
            ("nodigest", .digestNotAlgorithmHex(layout: directory, role: latest, digest: "nodigest")),
        ] {
            var broken = manifest
            broken.digest = digest
            try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, broken, tag: "latest")])
            assertRefused("oci:\(layout.directory)", problem)
        }
    }

    func testWhatIsNotAnImageIsRefused() throws {
        let (layout, _, _) = try goodLayout("types")
        // A layer of another media type, a config that is not an image's,
        // a manifest entry that is neither manifest nor index.
        let helm = try layout.manifest(config: "{}", layers: [("application/vnd.cncf.helm.chart.content.v1.tar+gzip", scratch + "/layer.tar.gz")])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, helm)])
        assertRefused("oci:\(layout.directory)", .notTarLayer(
            layout: layout.directory, role: .layer(1, .onlyManifest), mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip"))
        let config = try layout.blob("{}")
        let artifact = try layout.blob(#"{"schemaVersion":2,"config":\#(LayoutWriter.descriptor("application/vnd.example.config+json", config)),"layers":[]}"#)
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, artifact)])
        assertRefused("oci:\(layout.directory)", .notImageConfig(
            layout: layout.directory, role: .config(.onlyManifest), mediaType: "application/vnd.example.config+json"))
        try layout.writeIndex([LayoutWriter.descriptor("application/vnd.example+json", artifact)])
        assertRefused("oci:\(layout.directory)", .notManifestOrIndex(
            index: layout.directory + "/index.json", role: .onlyManifest, mediaType: "application/vnd.example+json"))
        // A layer that is not a tar, with the right digest.
        let garbage = scratch + "/garbage"
        try FileText.create(garbage, text: "this is not a tar archive\n")
        let notTar = try layout.manifest(config: "{}", layers: [(Self.tarType, garbage)])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, notTar)])
        let blob = layout.directory + "/blobs/sha256/" + (try SHA256.hexDigest(ofFile: garbage))
        let onlyLayer = BlobRole.layerOf(1, count: 1, .onlyManifest)
        assertRefused("oci:\(layout.directory)", .archiveFailed(
            archive: blob, role: onlyLayer, place: nil, reason: "Unrecognized archive format", advice: .notTar))
        // A layer cut in the middle of a file's data: only a missing footer is forgiven.
        let big = scratch + "/big"
        try FileTree.makeDirectory(big)
        try FileText.create(big + "/data", text: String(repeating: "x", count: 5000))
        _ = try HostProgram.output(["/bin/sh", "-c", "tar -C \"$1\" -cf - data | head -c 3000 > \"$2\"", "sh", big, scratch + "/cut.tar"])
        let cut = try layout.manifest(config: "{}", layers: [(Self.tarType, scratch + "/cut.tar")])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, cut)])
        let cutBlob = layout.directory + "/blobs/sha256/" + (try SHA256.hexDigest(ofFile: scratch + "/cut.tar"))
        assertRefused("oci:\(layout.directory)", .archiveFailed(
            archive: cutBlob, role: onlyLayer, place: .entry("data"), reason: "Truncated tar archive", advice: .damaged))
    }

    func testConfigProblemsNameTheConfig() throws {
        let layout = try LayoutWriter(at: scratch + "/config")
        let manifest = try layout.manifest(config: #"{"config":{"Env":["=nothing"]}}"#, layers: [])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, manifest)])
        let config = try XCTUnwrap(try FileText.read(manifest.path).split(separator: "sha256:").dropFirst().first?.prefix(64))
        assertRefused("oci:\(layout.directory)", .badConfigEnv(file: layout.directory + "/blobs/sha256/\(config)", entry: "=nothing"))
        let badType = try layout.manifest(config: #"{"config":{"Cmd":"/bin/sh"}}"#, layers: [])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, badType)])
        let badConfig = try XCTUnwrap(try FileText.read(badType.path).split(separator: "sha256:").dropFirst().first?.prefix(64))
        assertRefused("oci:\(layout.directory)",
                      .documentInvalid(file: layout.directory + "/blobs/sha256/\(badConfig)", .wrongType(path: "config.Cmd")))
    }

    private func manifestPath(_ layout: LayoutWriter) throws -> String {
        let index = try FileText.read(layout.directory + "/index.json")
        let digest = try XCTUnwrap(index.split(separator: "sha256:").dropFirst().first?.prefix(64))
        return layout.directory + "/blobs/sha256/" + digest
    }
}
