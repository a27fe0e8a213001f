@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// docker-archive tarballs written by hand, for what `skopeo` and `docker
/// save` never write: a `manifest.json` naming a path outside the archive,
/// a missing layer, a layer or config whose digest is not the one the
/// archive gives; and the names `rootfs use` takes for images. Needs root
/// (the cache keeps owners).
final class DockerArchiveTests: XCTestCase {
    private var directory: TemporaryDirectory?
    private var scratch: String { directory?.path ?? "/nonexistent" }
    private var cache: RootfsCache!

    override func setUpWithError() throws {
        try Privileges.requireRoot("image roots keep their files' owners")
        directory = try TemporaryDirectory()
        cache = RootfsCache(directory: scratch + "/cache/rootfs")
    }

    override func tearDown() {
        directory?.remove()
    }

    private static func digest(_ text: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(text.utf8))
        return "sha256:" + hasher.hexDigest()
    }

    /// An archive `name` of a one-layer image: `layers` as manifest.json
    /// names them, `diffID` as the config lists it (nil: the layer's own),
    /// and `extra` files and symlinks beside them; `compressor` (`gzip`,
    /// `zstd`) compresses the layer, as newer `docker save` writes it.
    private func archive(
        _ name: String, layers: [String] = ["layer.tar"], diffID: String? = nil, configName: String? = nil,
        symlinks: [String: String] = [:], compressor: String? = nil
    ) throws -> String {
        let tree = scratch + "/" + name + "-tree"
        try FileTree.makeDirectory(tree)
        let content = scratch + "/" + name + "-content"
        try FileTree.makeDirectory(content)
        try FileText.create(content + "/hello", text: "hello from the layer\n")
        _ = try HostProgram.output(["tar", "-C", content, "-cf", tree + "/layer.tar", "hello"])
        let layerID = "sha256:" + (try SHA256.hexDigest(ofFile: tree + "/layer.tar"))
        if let compressor {
            _ = try HostProgram.output(["/bin/sh", "-ec", "\"$1\" -q -c \"$2/layer.tar\" > \"$2/layer.tar.c\"; mv \"$2/layer.tar.c\" \"$2/layer.tar\"",
                                        "sh", compressor, tree])
        }
        let config = #"{"rootfs":{"type":"layers","diff_ids":["\#(diffID ?? layerID)"]},"config":{"Env":["GREETING=hi"],"Cmd":["/bin/sh"]}}"#
        let configFile = configName ?? String(Self.digest(config).dropFirst(7)) + ".json"
        try FileText.create(tree + "/" + configFile, text: config)
        let quoted = layers.map { "\"\($0)\"" }.joined(separator: ",")
        try FileText.create(tree + "/manifest.json", text: #"[{"Config":"\#(configFile)","RepoTags":["example.org/hello:1"],"Layers":[\#(quoted)]}]"#)
        try FileText.create(tree + "/repositories", text: "{}")
        for (link, target) in symlinks { XCTAssertEqual(symlink(target, tree + "/" + link), 0) }
        let path = scratch + "/" + name + ".tar"
        _ = try HostProgram.output(["tar", "-C", tree, "-cf", path, "."])
        return path
    }

    private func prepare(_ text: String) throws -> OCIImageRoot {
        try OCIImageRoot.prepare(try XCTUnwrap(try ImageSource.parse(text)), cache: cache)
    }

    /// Asserts `text` is refused for a problem of the docker-archive that `matches`.
    private func assertRefused(
        _ text: String, file: StaticString = #filePath, line: UInt = #line, _ matches: (DockerArchiveProblem) -> Bool
    ) {
        XCTAssertThrowsError(try prepare(text), file: file, line: line) { error in
            var problem: ImageProblem?
            if case .image(let found)? = error as? RuntimeError { problem = found }
            if case .inArchive(let inner, _, _)? = problem { problem = inner }
            guard case .dockerArchive(_, let found)? = problem, matches(found) else { return XCTFail("\(error)", file: file, line: line) }
        }
    }

    func testAGoodArchiveAndItsReferences() throws {
        let good = try archive("good")
        XCTAssertEqual(ImageSource.archive(good), .dockerArchive(file: good, reference: nil), "found by its top-level names")
        for text in ["docker-archive:\(good)", "docker-archive:\(good):example.org/hello:1", "docker-archive:\(good):@0"] {
            let image = try prepare(text)
            XCTAssertEqual(try FileText.read(image.entry.path + "/hello"), "hello from the layer\n", text)
            XCTAssertEqual(image.defaults.command, ["/bin/sh"])
            XCTAssertEqual(image.defaults.env, [EnvironmentVariable(name: "GREETING", value: "hi")])
        }
        // A root's tarball that happens to hold the two names is a root.
        let root = scratch + "/root-with-manifest"
        for directory in [root, root + "/etc"] { try FileTree.makeDirectory(directory) }
        for name in ["manifest.json", "repositories", "etc/hostname"] { try FileText.create(root + "/" + name, text: "{}") }
        _ = try HostProgram.output(["tar", "-C", root, "-cf", scratch + "/root.tar", "manifest.json", "etc", "repositories"])
        XCTAssertNil(ImageSource.archive(scratch + "/root.tar"))
        assertRefused("docker-archive:\(good):other:2") { $0 == .noImageTagged("other:2", tags: ["example.org/hello:1"]) }
        XCTAssertEqual(Directory.names(cache.directory).filter { $0.hasPrefix(".partial") }, [], "the unpacked archive was removed")
    }

    func testCompressedLayersAreCheckedUncompressed() throws {
        for compressor in ["gzip", "zstd"] {
            let image = try prepare("docker-archive:" + (try archive(compressor, compressor: compressor)))
            XCTAssertEqual(try FileText.read(image.entry.path + "/hello"), "hello from the layer\n", compressor)
        }
        let wrong = "sha256:" + String(repeating: "0", count: 64)
        assertRefused("docker-archive:" + (try archive("gzip-wrong", diffID: wrong, compressor: "gzip"))) {
            if case .layerDigest(1, "layer.tar", _, wrong) = $0 { true } else { false }
        }
    }

    func testHostileArchivesAreRefusedSayingWhy() throws {
        assertRefused("docker-archive:" + (try archive("dotdot", layers: ["../../etc/passwd"]))) { $0 == .memberOutside("../../etc/passwd") }
        assertRefused("docker-archive:" + (try archive("absolute", layers: ["/etc/passwd"]))) { $0 == .memberOutside("/etc/passwd") }
        // A symlink in the archive is followed inside it only.
        assertRefused("docker-archive:" + (try archive("symlink", layers: ["evil.tar"], symlinks: ["evil.tar": "/etc/passwd"]))) {
            $0 == .memberMissing("evil.tar")
        }
        assertRefused("docker-archive:" + (try archive("missing", layers: ["absent.tar"]))) { $0 == .memberMissing("absent.tar") }
        let zero = "sha256:" + String(repeating: "0", count: 64)
        assertRefused("docker-archive:" + (try archive("mismatch", diffID: zero))) {
            if case .layerDigest(1, "layer.tar", let digest, zero) = $0 { digest.hasPrefix("sha256:") } else { false }
        }
        let config = String(repeating: "a", count: 64) + ".json"
        assertRefused("docker-archive:" + (try archive("config", configName: config))) {
            if case .configDigest(config, _) = $0 { true } else { false }
        }
        assertRefused("docker-archive:" + (try archive("two-layers", layers: ["layer.tar", "layer.tar"]))) {
            if case .layerCount(2, _, _) = $0 { true } else { false }
        }
        XCTAssertEqual(Directory.names(cache.directory).filter { !$0.hasPrefix(".digests") }, [], "nothing was cached")
    }

    func testTheNamesOfImages() throws {
        XCTAssertEqual(try ImageSource.parse("docker://127.0.0.1:5000/busybox:1"), .registry("127.0.0.1:5000/busybox:1"))
        XCTAssertEqual(try ImageSource.parse("localhost:5000/a/b@sha256:00"), .registry("localhost:5000/a/b@sha256:00"))
        XCTAssertEqual(try ImageSource.parse("registry.example/busybox:1"), .registry("registry.example/busybox:1"))
        XCTAssertNil(try ImageSource.parse("registry.example/busybox"), "no tag: a path")
        XCTAssertNil(try ImageSource.parse("./busybox:1"), "a relative path")
        XCTAssertNil(try ImageSource.parse("/srv/roots/busybox:1"), "an absolute path")
        XCTAssertEqual(try ImageSource.parse("docker-archive:x.tar:busybox:1"), .dockerArchive(file: "x.tar", reference: "busybox:1"))
        XCTAssertEqual(try ImageSource.parse("oci-archive:x.tar:v1"), .ociArchive(file: "x.tar", tag: "v1"))
        XCTAssertEqual(try ImageSource.parse("oci-archive:x.tar"), .ociArchive(file: "x.tar", tag: nil))
        XCTAssertThrowsError(try ImageSource.parse("oci-archive:x.tar:a/b"))
        XCTAssertThrowsError(try ImageSource.parse("docker://busybox"))
        XCTAssertThrowsError(try ImageSource.parse("docker-archive:"))
        XCTAssertTrue(ImageSource.isLoopback("127.0.0.1:5000"))
        XCTAssertTrue(ImageSource.isLoopback("localhost"))
        XCTAssertFalse(ImageSource.isLoopback("registry.example:5000"))
        XCTAssertFalse(ImageSource.isLoopback("127.example.org"), "a name that begins with 127.")
    }
}
