@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// OCI image layouts made into roots: a layout written by umoci from a
/// busybox root (a whiteout layer, an opaque directory, config defaults),
/// and hand-written ones for the other layer compressions, nested indexes
/// with platforms, users and whiteout corner cases. The roots are checked
/// file by file and run in real containers. Needs root (owners, containers).
final class OCIImageTests: XCTestCase {
    private var rootfs: TestRootfs!
    private var runtime: ContainerRuntime!
    private var cache: RootfsCache!
    private var scratch: String { rootfs.scratch }

    override func setUpWithError() throws {
        rootfs = try TestRootfs()
        runtime = ContainerRuntime(sessionID: "test-oci-\(getpid())", cgroups: nil)
        cache = RootfsCache(directory: rootfs.scratch + "/cache/rootfs")
    }

    override func tearDown() {
        runtime?.close()
        XCTAssertEqual(Leftovers.mounts(mentioning: rootfs?.scratch ?? "/nonexistent"), [])
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
    }

    /// Paths, types, modes, owners and contents of a tree, without times
    /// (umoci's layers carry the times of its own unpacked copies).
    private func listing(_ path: String) throws -> String {
        let script = """
            cd "$1" && find . -printf '%p %y %m %U:%G %l\\n' | LC_ALL=C sort && \
            find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
            """
        return try HostProgram.output(["/bin/sh", "-c", script, "listing", path])
    }

    private func prepare(_ text: String) throws -> OCIImageRoot {
        try OCIImageRoot.prepare(try OCIImageReference(parsing: text), cache: cache)
    }

    /// A spec entering `image`'s root with its defaults, as `rootfs use` makes it.
    private func spec(for image: OCIImageRoot) -> ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .mnt]
        spec.rootfs = RootfsSpec(path: image.entry.path, overlay: true)
        spec.adoptImageDefaults(image.defaults)
        return spec
    }

    // MARK: - A layout written by umoci

    func testUmociLayoutAppliesWhiteoutsOpaqueDirectoriesAndConfig() throws {
        let layout = scratch + "/layout"
        try UmociLayout.make(at: layout, from: rootfs.path, scratch: scratch)
        // What the three layers should add up to, made with cp and rm.
        let expected = scratch + "/expected"
        _ = try HostProgram.output(["/bin/sh", "-ec", """
            cp -a "$1" "$2"; rm "$2"/etc/os-release; mkdir "$2"/data; echo c > "$2"/data/c; echo keep > "$2"/etc/keep
            """, "sh", rootfs.path, expected])

        let image = try prepare("oci:\(layout)")
        XCTAssertFalse(image.entry.wasCached)
        XCTAssertEqual(image.entry.layers, 3)
        XCTAssertEqual(image.entry.path, cache.directory + "/oci-" + image.defaults.manifestDigest.dropFirst(7))
        let index = try FileText.read(layout + "/index.json")
        XCTAssertTrue(index.contains(image.defaults.manifestDigest), "the manifest tagged latest is the one chosen")
        XCTAssertEqual(image.defaults.source, "oci:\(layout):latest")
        XCTAssertEqual(try listing(image.entry.path), try listing(expected), "the layers with their whiteouts")
        XCTAssertEqual(image.defaults.env, [EnvironmentVariable(name: "GREETING", value: "hello"),
                                            EnvironmentVariable(name: "PATH", value: "/bin:/usr/bin")])
        XCTAssertEqual(image.defaults.workdir, "/data")
        XCTAssertEqual(image.defaults.command, ["/bin/sh", "-c", "echo $GREETING from $(pwd) with $PATH"])
        XCTAssertNil(image.defaults.user)

        let spec = spec(for: image)
        let (output, status) = try probe.run(spec, image.defaults.command)
        XCTAssertEqual(status, .exited(0), output)
        XCTAssertEqual(output, "hello from /data with /bin:/usr/bin\n")
        let (files, _) = try probe.run(spec, ["/bin/sh", "-c", "ls /data; cat /etc/keep; test -e /etc/os-release || echo gone"])
        XCTAssertEqual(files, "c\nkeep\ngone\n")

        // The second use reads no layer: a marker in the cached root stays,
        // and even a layer blob gone from the layout is not missed.
        try FileText.create(image.entry.path + "/marker", text: "")
        let manifest = try FileText.read(layout + "/blobs/sha256/" + image.defaults.manifestDigest.dropFirst(7))
        let layers = try XCTUnwrap(manifest.range(of: "\"layers\""))
        let firstLayer = try XCTUnwrap(manifest[layers.upperBound...].range(of: "sha256:"))
        let blob = layout + "/blobs/sha256/" + manifest[firstLayer.upperBound...].prefix(64)
        XCTAssertEqual(rename(blob, blob + ".aside"), 0)
        let again = try prepare("oci:\(layout):latest")
        XCTAssertEqual(rename(blob + ".aside", blob), 0)
        XCTAssertTrue(again.entry.wasCached)
        XCTAssertEqual(again.entry.path, image.entry.path)
        XCTAssertEqual(again.defaults, image.defaults)
        XCTAssertTrue(Directory.exists(image.entry.path + "/marker"))

        // The tag `base` is the first layer alone: its own cache entry.
        let base = try prepare("oci:\(layout):base")
        XCTAssertNotEqual(base.entry.path, image.entry.path)
        XCTAssertTrue(Directory.exists(base.entry.path + "/etc/os-release"))
        XCTAssertEqual(Directory.names(base.entry.path + "/data"), ["a", "b"])
        XCTAssertEqual(base.defaults.command, [], "umoci new makes a config without Cmd")
        XCTAssertEqual(Directory.names(cache.directory).filter { $0.hasPrefix(".") }, [], "partial directories left")
    }

    private var probe: ContainerProbe { ContainerProbe(runtime: runtime) }
}
