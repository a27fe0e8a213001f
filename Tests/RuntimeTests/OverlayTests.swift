import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `rootfs use DIR --overlay` on the real kernel: the base is never
/// written, `rootfs diff` lists exactly what changed, the overlay is
/// mounted only in the container's mount namespace, and its layer goes
/// away with the container. Needs root.
final class OverlayTests: XCTestCase {
    private var rootfs: TestRootfs!
    private var runtime: ContainerRuntime!

    override func setUpWithError() throws {
        rootfs = try TestRootfs()
        runtime = ContainerRuntime(sessionID: "test-overlay-\(getpid())", cgroups: nil)
    }

    override func tearDown() {
        let sessionDirectory = runtime.map { $0.state.root + "/" + $0.sessionID }
        let layers = runtime.map { $0.state.layerRoot + "/" + $0.sessionID }
        runtime?.close()
        if let sessionDirectory {
            XCTAssertFalse(Directory.exists(sessionDirectory), "the session's state stayed")
            XCTAssertFalse(Directory.exists(sessionDirectory + ".lock"), "the session's lock stayed")
        }
        if let layers { XCTAssertFalse(Directory.exists(layers), "the session's layers stayed") }
        XCTAssertEqual(Leftovers.mounts(mentioning: " - overlay "), [], "an overlay left in the host's mount table")
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
    }

    private func container(_ name: String = "box", base: String? = nil) -> Container {
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .mnt]
        spec.rootfs = RootfsSpec(path: base ?? rootfs.path, overlay: true)
        return Container(name: name, spec: spec)
    }

    private func layerDirectory(_ name: String) -> String {
        runtime.state.overlayPath(runtime.sessionID, name)
    }

    @discardableResult
    private func run(_ container: Container, _ script: String) throws -> String {
        let tee = try OutputTee()
        let result = try runtime.runForeground(container, argv: ["/bin/sh", "-c", script], tee: tee)
        XCTAssertEqual(result.status, .exited(0), tee.text)
        return tee.text
    }

    func testBaseStaysByteForByteAndDiffIsExact() throws {
        let base = rootfs.path
        try FileTree.makeDirectory(base + "/opt")
        try FileTree.makeDirectory(base + "/opt/gone")
        try FileText.create(base + "/opt/gone/file", text: "x")
        try FileTree.makeDirectory(base + "/opt/replaced")
        try FileText.create(base + "/opt/replaced/old", text: "old")
        try FileText.create(base + "/opt/replaced/kept", text: "kept")
        let before = try TreeSnapshot.of(base)
        let box = container()
        try run(box, """
            echo hi > /etc/motd; rm /etc/hostname; echo more >> /etc/passwd; chmod 600 /etc/group
            mkdir -p /var/new/deep; rm -rf /opt/gone
            rm -rf /opt/replaced; mkdir /opt/replaced; echo again > /opt/replaced/kept
            ln -s /etc/motd /root/link
            """)
        XCTAssertEqual(try TreeSnapshot.of(base), before, "the base changed")
        let changes = try runtime.rootfsChanges(of: box).map(\.description)
        XCTAssertEqual(changes, [
            "C /etc", "C /etc/group", "D /etc/hostname", "A /etc/motd", "C /etc/passwd",
            "C /opt", "D /opt/gone", "C /opt/replaced", "C /opt/replaced/kept", "D /opt/replaced/old",
            "C /root", "A /root/link",
            "C /var", "A /var/new", "A /var/new/deep",
        ])
    }

    func testOverlayIsMountedOnlyInTheContainersNamespace() throws {
        let box = container()
        let hostBefore = MountInfoLine.host()
        try runtime.start(box)
        let pid = try XCTUnwrap(box.live?.first.pid)
        let inside = MountInfoLine.parse(try FileText.read("/proc/\(pid)/mountinfo"))
        let root = try XCTUnwrap(inside.first { $0.mountPoint == "/" })
        XCTAssertEqual(root.type, "overlay")
        XCTAssertTrue(root.superOptions.contains("lowerdir=\(rootfs.path)"), root.description)
        XCTAssertTrue(root.superOptions.contains("upperdir=\(layerDirectory("box"))/upper"), root.description)
        XCTAssertEqual(MountInfoLine.host(), hostBefore, "the host's mount table changed while the container runs")
        _ = try runtime.stop(box, timeout: .seconds(2))
        XCTAssertEqual(Leftovers.mounts(mentioning: layerDirectory("box")), [])
    }

    func testLayerLastsAcrossRunsAndGoesWithTheContainer() throws {
        let box = container()
        try run(box, "echo kept > /root/note")
        XCTAssertEqual(try run(box, "cat /root/note"), "kept\n", "a second run of the same container sees the first's changes")
        XCTAssertEqual(try runtime.rootfsChanges(of: box).map(\.description), ["C /root", "A /root/note"])
        XCTAssertTrue(Directory.exists(layerDirectory("box") + "/upper/root/note"))
        XCTAssertNil(runtime.discardOverlay(of: "box"))
        XCTAssertFalse(Directory.exists(layerDirectory("box")))
        XCTAssertEqual(try runtime.rootfsChanges(of: box), [], "a removed layer has no changes")
    }

    /// Issue 20: the upper layers lived under /run/ctrsh, a small tmpfs on
    /// most hosts, where a container writing a large file filled it. They
    /// live on disk, in root's own directory (0700: an upper layer may
    /// hold the setuid programs a container made).
    func testLayersLiveOnDiskInAPrivateDirectory() throws {
        let box = container()
        try run(box, "head -c 1048576 /dev/zero > /root/big")
        XCTAssertEqual(runtime.state.layerRoot, "/var/lib/ctrsh/overlay")
        XCTAssertEqual(layerDirectory("box"), "/var/lib/ctrsh/overlay/\(runtime.sessionID)/box.overlay")
        var info = stat()
        XCTAssertEqual(stat(layerDirectory("box") + "/upper/root/big", &info), 0)
        XCTAssertEqual(info.st_size, 1 << 20)
        XCTAssertFalse(Directory.exists(runtime.state.root + "/" + runtime.sessionID + "/box.overlay"), "a layer under /run")
        XCTAssertEqual(stat(runtime.state.layerRoot, &info), 0)
        XCTAssertEqual(info.st_mode & 0o777, 0o700)
        XCTAssertEqual(info.st_uid, 0)
        XCTAssertNil(runtime.discardOverlay(of: "box"))
    }

    func testOneShotRunLeavesNoLayer() throws {
        let tee = try OutputTee()
        let result = try runtime.runForeground(
            container().spec, argv: ["/bin/sh", "-c", "echo x > /root/y"], name: "box-run1", tee: tee)
        XCTAssertEqual(result.status, .exited(0), tee.text)
        XCTAssertFalse(Directory.exists(layerDirectory("box-run1")))
        XCTAssertFalse(Directory.exists(rootfs.path + "/root/y"))
    }

    func testNewBaseStartsAFreshLayer() throws {
        let other = rootfs.scratch + "/other"
        try BusyboxRootfs.make(at: other)
        let box = container()
        try run(box, "touch /root/first")
        box.spec.rootfs = RootfsSpec(path: other, overlay: true)
        try run(box, "touch /root/second")
        XCTAssertEqual(try runtime.rootfsChanges(of: box).map(\.description), ["C /root", "A /root/second"])
        XCTAssertEqual(Directory.names(other + "/root"), [])
    }

    func testReadonlyOverlayRefusesWrites() throws {
        let box = container()
        box.spec.rootfs?.readonly = true
        XCTAssertTrue(try run(box, "touch /root/x 2>&1; true").contains("Read-only file system"))
        XCTAssertEqual(try runtime.rootfsChanges(of: box), [])
    }

    func testDiffWithoutOverlayIsRefused() throws {
        let plain = Container(name: "plain", spec: ContainerSpec())
        XCTAssertThrowsError(try runtime.rootfsChanges(of: plain)) { error in
            XCTAssertEqual(error as? RuntimeError, .image(.noOverlayLayer(container: "plain")))
        }
    }
}
