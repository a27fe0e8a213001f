import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `export image`, through the built ctrsh, and the images it writes run
/// by other engines: podman runs the OCI layout and loads the
/// docker-archive; skopeo's copy in a registry on loopback comes back
/// through `rootfs use docker://…`. The container changed its root (wrote
/// a file, deleted a base file, replaced a base directory), and each
/// engine sees those changes. Needs root, podman, skopeo, umoci and
/// docker-registry.
final class ImageExportTests: EndToEndTestCase {
    private var registry: TestRegistry?
    private var podman: TestPodman?

    override func tearDown() {
        registry?.stop()
        registry = nil
        podman?.remove()
        podman = nil
        super.tearDown()
    }

    /// What the container does to its root: a new file, a deleted base
    /// file (a whiteout) and a base directory replaced (an opaque one).
    private let changes = "echo written by ctrsh > /greeting; rm /etc/os-release; rm -rf /data; mkdir /data; echo new > /data/new"
    /// What the exported image runs: what the changes left.
    private let report = "cat /greeting; ls /data; ls /etc"

    /// A runner whose rootfs cache is in the scratch directory.
    private func cachedRunner() -> CtrshRunner {
        var runner = runner()
        runner.environment["CTRSH_CACHE_DIR"] = scratch + "/cache"
        return runner
    }

    /// The busybox root with `/data/old` in it.
    private func base() throws -> String {
        let root = try requireRootfs()
        try FileTree.makeDirectory(root + "/data")
        try FileText.create(root + "/data/old", text: "old\n")
        return root
    }

    /// Asserts that `output` is what `report` prints in the changed root.
    private func assertChangedRoot(_ output: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "written by ctrsh", "\(message): \(output)", file: file, line: line)
        XCTAssertTrue(lines.contains("new"), "\(message): \(output)", file: file, line: line)
        XCTAssertFalse(lines.contains("old"), "the replaced directory's file is gone: \(message): \(output)", file: file, line: line)
        XCTAssertTrue(lines.contains("passwd"), "\(message): \(output)", file: file, line: line)
        XCTAssertFalse(lines.contains("os-release"), "the deleted file is absent: \(message): \(output)", file: file, line: line)
    }

    /// The names in every layer blob of the layout at `directory`.
    private func layerNames(_ directory: String) throws -> [String] {
        try HostProgram.output(["/bin/sh", "-c", "for blob in \"$1\"/blobs/sha256/*; do tar -tf \"$blob\" 2>/dev/null; done; true",
                                "sh", directory]).split(separator: "\n").map(String.init)
    }

    func testAnExportedOverlayRootRunsInPodman() throws {
        let root = try base()
        let podman = try TestPodman(scratch: scratch)
        self.podman = podman
        let layout = scratch + "/exported"
        let result = try cachedRunner().run(["-c", """
            ns new pid,mnt; rootfs use \(root) --overlay; exec /bin/sh -c '\(changes)'
            export image oci:\(layout):1 /bin/sh -c '\(report)'
            export image docker-archive:\(scratch)/exported.tar:localhost/ctrsh-exported:2 /bin/sh -c '\(report)'
            """])
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.contains("export image: wrote `oci:\(layout):1` (2 layers: the root, and what the container changed; manifest sha256:"),
                      "\(result)")
        XCTAssertTrue(result.stdout.contains("export image: wrote `docker-archive:\(scratch)/exported.tar:localhost/ctrsh-exported:2`"), "\(result)")
        XCTAssertEqual(access(root + "/greeting", F_OK), -1, "the base stays as it was")

        let names = try layerNames(layout)
        XCTAssertTrue(names.contains("etc/.wh.os-release"), "the deletion is a whiteout: \(names)")
        XCTAssertTrue(names.contains("data/.wh..wh..opq"), "the replaced directory is opaque: \(names)")
        XCTAssertTrue(names.contains("greeting"), "\(names)")

        // Copied into podman's store under a name: `podman pull oci:DIR` names
        // the image after the directory, which has capitals here.
        _ = try HostProgram.output(["skopeo", "copy", "--quiet", "oci:\(layout):1", podman.storageReference("localhost/from-layout:1")])
        let fromLayout = try podman.runContainer("localhost/from-layout:1")
        XCTAssertEqual(fromLayout.status, 0, fromLayout.output)
        assertChangedRoot(fromLayout.output, "podman run oci:")

        let loaded = try podman.run(["load", "--quiet", "--input", scratch + "/exported.tar"])
        XCTAssertEqual(loaded.status, 0, loaded.output)
        XCTAssertTrue(loaded.output.contains("localhost/ctrsh-exported:2"), loaded.output)
        let fromArchive = try podman.runContainer("localhost/ctrsh-exported:2")
        XCTAssertEqual(fromArchive.status, 0, fromArchive.output)
        assertChangedRoot(fromArchive.output, "podman run of the loaded docker-archive")
    }

    func testAnExportedImageRoundTripsThroughARegistryKeepingTheImagesLayers() throws {
        let root = try base()
        let layout = scratch + "/umoci-layout"
        try UmociLayout.makeInsertedAtRoot(at: layout, from: root)
        let registry = try TestRegistry(scratch: scratch)
        self.registry = registry
        let exported = "docker://\(registry.address)/exported:1"
        let archive = "docker-archive:\(scratch)/exported.tar"
        let ociArchive = "oci-archive:\(scratch)/exported-oci.tar"
        let command = "/bin/sh -c 'echo $GREETING; \(report)'"
        let pushed = try cachedRunner().run(["-c", """
            ns new pid,mnt; rootfs use oci:\(layout); exec /bin/sh -c '\(changes)'
            export image \(exported) \(command)
            export image oci:\(scratch)/exported \(command)
            export image \(archive) \(command)
            export image \(ociArchive) \(command)
            """])
        assertExit(pushed, 0)
        let twoLayers = "(2 layers: 1 of the image's own, and what the container changed; manifest sha256:"
        XCTAssertTrue(pushed.stdout.contains("export image: wrote `\(exported)` \(twoLayers)"), "\(pushed)")
        XCTAssertTrue(pushed.stdout.contains("export image: wrote `\(archive)` \(twoLayers)"), "\(pushed)")
        XCTAssertTrue(pushed.stderr.contains("export image: Copying blob sha256:"), "skopeo's progress: \(pushed)")
        XCTAssertEqual(Directory.names(scratch + "/cache/rootfs").filter { $0.hasPrefix(".partial") }, [], "the layout made for skopeo is gone")
        let shared = Set(Directory.names(layout + "/blobs/sha256")).intersection(Directory.names(scratch + "/exported/blobs/sha256"))
        XCTAssertEqual(shared.count, 1, "the image's (gzip) layer is taken as it is: \(shared)")

        // Back through the registry, from the docker-archive (its layer
        // uncompressed, checked against the config's diff_ids), and from the oci-archive.
        for source in [exported, archive, ociArchive] {
            let pulled = try cachedRunner().run(["-c", "ns new pid,mnt; rootfs use \(source); exec"])
            assertExit(pulled, 0, source)
            let lines = pulled.stdout.split(separator: "\n").map(String.init)
            XCTAssertTrue(lines.contains("hello"), "the image's Env and the Cmd came back: \(pulled)")
            assertChangedRoot(lines.drop { $0 != "hello" }.dropFirst().joined(separator: "\n"), "rootfs use \(source)")
        }
    }

    func testAHostileRootIsReadWithoutFollowingIt() throws {
        let root = try base()
        let copy = scratch + "/root"
        _ = try HostProgram.output(["cp", "-a", root, copy])
        let layout = scratch + "/exported"
        // Without --overlay the container writes into the root itself: all of it is the container's.
        let result = try runner().run(["-c", """
            ns new pid,mnt; rootfs use \(copy)
            exec /bin/sh -c 'ln -s /etc /escape; ln -s /proc/1/root/etc/shadow /shadow; mkfifo /fifo; echo x > /.wh.data; echo a > /a; ln /a /b'
            export image oci:\(layout)
            """])
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.contains("export image: left out `/.wh.data`: names starting `.wh.` mark deletions in image layers"), "\(result)")
        XCTAssertTrue(result.stdout.contains("export image: wrote `oci:\(layout):latest` (1 layer: the root;"), "\(result)")
        let listing = try HostProgram.output(["/bin/sh", "-c", "for blob in \"$1\"/blobs/sha256/*; do tar -tvf \"$blob\" 2>/dev/null; done; true",
                                              "sh", layout])
        XCTAssertTrue(listing.contains("escape -> /etc"), listing)
        XCTAssertTrue(listing.contains("shadow -> /proc/1/root/etc/shadow"), listing)
        XCTAssertTrue(listing.contains("b link to a"), listing)
        XCTAssertTrue(listing.split(separator: "\n").contains { $0.hasPrefix("p") && $0.hasSuffix(" fifo") }, "the FIFO as a FIFO: \(listing)")
        XCTAssertFalse(listing.contains("escape/"), "nothing below the symlink: \(listing)")
        XCTAssertFalse(listing.contains(".wh."), listing)
    }

    func testARunningContainerIsFrozenWhileItsRootIsRead() throws {
        let root = try base()
        let layout = scratch + "/exported"
        let result = try runner().run(["-c", """
            ns new pid,mnt; rootfs use \(root) --overlay
            exec -d /bin/sh -c 'echo live > /live; exec sleep 60'
            exec /bin/sh -c 'until [ -e /live ]; do sleep 0.1; done'
            export image oci:\(layout)
            ps
            """])
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.contains("export image: froze `default` while its root was read, then thawed it"), "\(result)")
        XCTAssertTrue(result.stdout.contains("sleep 60"), "it runs on after the export: \(result)")
        XCTAssertTrue(try layerNames(layout).contains("live"), "what the running container wrote is in the image")
    }

    /// A chain of nested directories deeper than a path can name: each
    /// entry's header holds its whole path, so the layer grows with the
    /// square of the depth, and no unpacker could create it. What lies
    /// deeper than PATH_MAX is left out, and said.
    func testDirectoriesDeeperThanAPathCanNameAreLeftOut() throws {
        let root = try base()
        let layout = scratch + "/exported"
        let result = try runner().run(["-c", """
            ns new pid,mnt; rootfs use \(root) --overlay
            exec /bin/sh -c 'mkdir /deep; cd /deep; i=0; while [ $i -lt 3000 ]; do mkdir a; cd a; i=$((i+1)); done; echo x > bottom'
            export image oci:\(layout)
            """])
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.contains("export image: left out `/deep/a/a/a/a/"), "\(result)")
        XCTAssertTrue(result.stdout.contains("and all it holds: it lies deeper than a path can name (4096 bytes)"), "\(result)")
        let longest = try layerNames(layout).map(\.utf8.count).max() ?? 0
        XCTAssertLessThan(longest, 4096, "a layer entry's path is longer than PATH_MAX")
    }

    /// A file name the container chose, quoted in a note, cannot forge
    /// a line of ctrsh's own with a newline in it.
    func testANoteQuotingAFileNameKeepsToItsLine() throws {
        let root = try base()
        let layout = scratch + "/exported"
        let result = try runner().run(["-c", """
            ns new pid,mnt; rootfs use \(root) --overlay
            exec /bin/sh -c 'touch "/.wh.x$(printf "\\nexport image: wrote oci:elsewhere")"'
            export image oci:\(layout)
            """])
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.contains("export image: left out `/.wh.x\\nexport image: wrote oci:elsewhere`"), "\(result)")
        XCTAssertFalse(result.stdout.split(separator: "\n").contains { $0.hasPrefix("export image: wrote oci:elsewhere") }, "\(result)")
    }

    func testBadDestinationsAreRefusedAndNothingIsWrittenOver() throws {
        let root = try base()
        let busy = scratch + "/busy"
        try FileTree.makeDirectory(busy)
        try FileText.create(busy + "/mine", text: "mine\n")
        try FileText.create(scratch + "/taken.tar", text: "taken\n")
        let result = try runner().run(["-c", """
            rootfs use \(root) --overlay
            export image \(scratch)/plain
            expect error contains 'names no image destination: write oci:DIR[:TAG], docker-archive:FILE[:REF]'
            export image oci:\(busy)
            expect error contains 'is neither empty nor an OCI image layout'
            export image docker-archive:\(scratch)/taken.tar
            expect error contains 'exists: remove it, or give another file name'
            """])
        assertExit(result, 0)
        XCTAssertEqual(Directory.names(busy), ["mine"])
        XCTAssertEqual(try FileText.read(scratch + "/taken.tar"), "taken\n")
    }

    /// A sparse file costs the container no disk, but a layer holds its
    /// holes as zeros: `truncate -s 1T` would fill the host's disk with
    /// the export. Left out, and said; the other files stay.
    func testAHugeSparseFileIsLeftOutNotWrittenAsZeros() throws {
        let root = try base()
        let layout = scratch + "/exported"
        let result = try runner().run(["-c", """
            ns new pid,mnt; rootfs use \(root) --overlay
            exec /bin/sh -c 'dd if=/dev/zero of=/big bs=1 count=1 seek=3221225471 2>/dev/null; echo kept > /small'
            export image oci:\(layout)
            """])
        assertExit(result, 0)
        XCTAssertTrue(result.stdout.contains("export image: left out `/big`: a sparse file of 3221225472 bytes with only "), "\(result)")
        let names = try layerNames(layout)
        XCTAssertTrue(names.contains("small"), "the layer's other files stay: \(names.suffix(3))")
        XCTAssertFalse(names.contains("big"), "the sparse file was written out whole")
    }
}
