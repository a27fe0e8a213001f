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

    /// Asserts `reference` is refused with `message` and left nothing in the cache.
    private func assertRefused(
        _ reference: String, _ message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try OCIImageRoot.prepare(try OCIImageReference(parsing: reference), cache: cache),
                             file: file, line: line) { error in
            XCTAssertEqual(englishWords(error), message, file: file, line: line)
        }
        XCTAssertEqual(Directory.names(cache.directory).filter { $0 != ".digests" }, [],
                       "a refused layout left a cache entry or a partial directory", file: file, line: line)
    }

    private static let damaged = "(the layout is damaged or incomplete: write or copy it again)"

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
        assertRefused("oci:\(plain)", """
            rootfs: `\(plain)` is not an OCI image layout: it has no `oci-layout` file (a layout holds `oci-layout`, \
            `index.json` and `blobs/`, as `umoci init --layout` or `skopeo copy … oci:DIR` make it)
            """)
        try FileText.create(plain + "/file", text: "")
        assertRefused("oci:\(plain)/file", "rootfs: `\(plain)/file` is not a directory, so not an OCI image layout")
        assertRefused("oci:\(scratch)/nothing", "rootfs: `\(scratch)/nothing`: No such file or directory")

        let (layout, _, _) = try goodLayout("corrupt")
        try FileText.create(layout.directory + "/index.json", text: #"{"schemaVersion":2,"manifests":[{"mediaType":"#)
        assertRefused("oci:\(layout.directory)", "rootfs: `\(layout.directory)/index.json`: not valid JSON \(Self.damaged)")
        try FileText.create(layout.directory + "/index.json", text: #"{"schemaVersion":2,"manifests":[{"digest":"sha256:00"}]}"#)
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(layout.directory)/index.json`: the required field `mediaType` is missing at `manifests[0]` \(Self.damaged)
            """)
        try FileText.create(layout.directory + "/oci-layout", text: #"{"imageLayoutVersion":"2.0.0"}"#)
        assertRefused("oci:\(layout.directory)",
                      "rootfs: `\(layout.directory)/oci-layout`: imageLayoutVersion `2.0.0` is not one ctrsh reads (1.x)")
    }

    func testMissingTagsListTheTagsThereAre() throws {
        let (layout, manifest, _) = try goodLayout("tags")
        assertRefused("oci:\(layout.directory):v9", "rootfs: `\(layout.directory)/index.json`: no manifest is tagged `v9` (tags: latest, old)")
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, manifest, tag: "a"),
                               LayoutWriter.descriptor(LayoutWriter.manifestType, manifest, tag: "b")])
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(layout.directory)/index.json`: holds 2 manifests and none is tagged `latest`: name one as \
            oci:DIR:TAG (tags: a, b)
            """)
        try layout.writeIndex([])
        assertRefused("oci:\(layout.directory)",
                      "rootfs: `\(layout.directory)/index.json`: holds no manifest: name one as oci:DIR:TAG (it tags none)")
    }

    func testWrongDigestsSizesAndMissingBlobs() throws {
        let role = "layer 1 of 1 of the manifest tagged `latest`"
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
        assertRefused("oci:\(flipped.directory)", """
            rootfs: `\(layer)`: \(role) has the digest sha256:\(alteredDigest), not the sha256:\(digest) its descriptor says \(Self.damaged)
            """)

        // A layer cut short: its size is wrong before its digest is.
        let (cut, _, cutLayer) = try goodLayout("cut")
        XCTAssertEqual(truncate(cutLayer, 20), 0)
        let size = try XCTUnwrap(FileText.read(try manifestPath(cut)).split(separator: "\"size\":").last?.prefix { $0.isNumber })
        assertRefused("oci:\(cut.directory)", "rootfs: `\(cutLayer)`: \(role) is 20 bytes, not the \(size) its descriptor says \(Self.damaged)")

        // A missing layer, and a missing manifest.
        let (missing, manifest, missingLayer) = try goodLayout("missing")
        XCTAssertEqual(unlink(missingLayer), 0)
        assertRefused("oci:\(missing.directory)", """
            rootfs: `\(missingLayer)`: \(role) is missing from the layout: No such file or directory \(Self.damaged)
            """)
        XCTAssertEqual(unlink(manifest.path), 0)
        assertRefused("oci:\(missing.directory)", """
            rootfs: `\(manifest.path)`: the manifest tagged `latest` is missing from the layout: No such file or directory \(Self.damaged)
            """)

        // A manifest whose bytes do not match the index's digest.
        let (edited, editedManifest, _) = try goodLayout("edited")
        let text = try FileText.read(editedManifest.path)
        try FileText.create(editedManifest.path, text: text.replacing("\"schemaVersion\":2", with: "\"schemaVersion\":3"))
        var hasher = SHA256()
        hasher.update(Array(try FileText.read(editedManifest.path).utf8))
        assertRefused("oci:\(edited.directory)", """
            rootfs: `\(editedManifest.path)`: the manifest tagged `latest` has the digest sha256:\(hasher.hexDigest()), \
            not the \(editedManifest.digest) its descriptor says \(Self.damaged)
            """)
    }

    func testDigestsThatAreNotSHA256OrNotDigests() throws {
        let (layout, manifest, _) = try goodLayout("digests")
        for (digest, problem) in [
            ("sha256:../../../etc/passwd", "has the digest `sha256:../../../etc/passwd`, which is not sha256: and 64 lowercase hex digits"),
            ("sha256:" + String(repeating: "A", count: 64),
             "has the digest `sha256:\(String(repeating: "A", count: 64))`, which is not sha256: and 64 lowercase hex digits"),
            ("sha512:" + String(repeating: "0", count: 128), "has a `sha512` digest; ctrsh verifies sha256 digests only"),
            ("nodigest", "has the digest `nodigest`, which is not ALGORITHM:HEX"),
        ] {
            var broken = manifest
            broken.digest = digest
            try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, broken, tag: "latest")])
            assertRefused("oci:\(layout.directory)", "rootfs: `\(layout.directory)`: the manifest tagged `latest` \(problem)")
        }
    }

    func testWhatIsNotAnImageIsRefused() throws {
        let (layout, _, _) = try goodLayout("types")
        // A layer of another media type, a config that is not an image's,
        // a manifest entry that is neither manifest nor index.
        let helm = try layout.manifest(config: "{}", layers: [("application/vnd.cncf.helm.chart.content.v1.tar+gzip", scratch + "/layer.tar.gz")])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, helm)])
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(layout.directory)`: layer 1 of the index's only manifest is a \
            `application/vnd.cncf.helm.chart.content.v1.tar+gzip`, not a tar layer (plain, gzip or zstd)
            """)
        let config = try layout.blob("{}")
        let artifact = try layout.blob(#"{"schemaVersion":2,"config":\#(LayoutWriter.descriptor("application/vnd.example.config+json", config)),"layers":[]}"#)
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, artifact)])
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(layout.directory)`: the config of the index's only manifest is a `application/vnd.example.config+json`, \
            not an image config: not a container image
            """)
        try layout.writeIndex([LayoutWriter.descriptor("application/vnd.example+json", artifact)])
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(layout.directory)/index.json`: the index's only manifest is a `application/vnd.example+json`, not an image manifest or index
            """)
        // A layer that is not a tar, with the right digest.
        let garbage = scratch + "/garbage"
        try FileText.create(garbage, text: "this is not a tar archive\n")
        let notTar = try layout.manifest(config: "{}", layers: [(Self.tarType, garbage)])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, notTar)])
        let blob = layout.directory + "/blobs/sha256/" + (try SHA256.hexDigest(ofFile: garbage))
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(blob)` (layer 1 of 1 of the index's only manifest): Unrecognized archive format (not a tar archive, plain or gzip, xz, zstd or bzip2 compressed)
            """)
        // A layer cut in the middle of a file's data: only a missing footer is forgiven.
        let big = scratch + "/big"
        try FileTree.makeDirectory(big)
        try FileText.create(big + "/data", text: String(repeating: "x", count: 5000))
        _ = try HostProgram.output(["/bin/sh", "-c", "tar -C \"$1\" -cf - data | head -c 3000 > \"$2\"", "sh", big, scratch + "/cut.tar"])
        let cut = try layout.manifest(config: "{}", layers: [(Self.tarType, scratch + "/cut.tar")])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, cut)])
        let cutBlob = layout.directory + "/blobs/sha256/" + (try SHA256.hexDigest(ofFile: scratch + "/cut.tar"))
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(cutBlob)` (layer 1 of 1 of the index's only manifest): entry `data`: Truncated tar archive (the archive is damaged or incomplete: fetch or build it again)
            """)
    }

    func testConfigProblemsNameTheConfig() throws {
        let layout = try LayoutWriter(at: scratch + "/config")
        let manifest = try layout.manifest(config: #"{"config":{"Env":["=nothing"]}}"#, layers: [])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, manifest)])
        let config = try XCTUnwrap(try FileText.read(manifest.path).split(separator: "sha256:").dropFirst().first?.prefix(64))
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(layout.directory)/blobs/sha256/\(config)`: the image config's Env entry `=nothing` is not NAME=VALUE
            """)
        let badType = try layout.manifest(config: #"{"config":{"Cmd":"/bin/sh"}}"#, layers: [])
        try layout.writeIndex([LayoutWriter.descriptor(LayoutWriter.manifestType, badType)])
        let badConfig = try XCTUnwrap(try FileText.read(badType.path).split(separator: "sha256:").dropFirst().first?.prefix(64))
        assertRefused("oci:\(layout.directory)", """
            rootfs: `\(layout.directory)/blobs/sha256/\(badConfig)`: a field has the wrong type at `config.Cmd` \(Self.damaged)
            """)
    }

    private func manifestPath(_ layout: LayoutWriter) throws -> String {
        let index = try FileText.read(layout.directory + "/index.json")
        let digest = try XCTUnwrap(index.split(separator: "sha256:").dropFirst().first?.prefix(64))
        return layout.directory + "/blobs/sha256/" + digest
    }
}
