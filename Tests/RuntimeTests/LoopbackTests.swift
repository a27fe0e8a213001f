import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `net up`: a new net namespace's loopback starts down; ctrsh brings it up
/// before the program starts, or at once in a running container. Traffic
/// stays inside the container's own namespace (127.0.0.1).
final class LoopbackTests: XCTestCase {
    private var rootfs: TestRootfs!
    private var runtime: ContainerRuntime!

    override func setUpWithError() throws {
        rootfs = try TestRootfs()
        runtime = ContainerRuntime(sessionID: "test-loopback-\(getpid())", cgroups: nil, state: StateDirectory(root: rootfs.scratch + "/state"))
    }

    override func tearDown() {
        runtime?.close()
        rootfs?.remove()
        ContainerProbe.assertNoChildren()
    }

    private var spec: ContainerSpec {
        var spec = ContainerSpec()
        spec.namespaces = [.pid, .net, .mnt]
        spec.rootfs = RootfsSpec(path: rootfs.path)
        return spec
    }

    func testLoopbackIsDownUnlessAskedAndUpWhenAsked() throws {
        let probe = ContainerProbe(runtime: runtime)
        let down = try probe.run(spec, ["/bin/sh", "-c", "ip -o link show lo"])
        XCTAssertFalse(down.output.contains(",UP"), down.output)
        var up = spec
        up.loopbackUp = true
        let ping = try probe.run(up, ["/bin/sh", "-c", "ip -o link show lo; ping -c1 -W1 127.0.0.1"])
        XCTAssertEqual(ping.status, .exited(0), ping.output)
        XCTAssertTrue(ping.output.contains("<LOOPBACK,UP"), ping.output)
        XCTAssertTrue(ping.output.contains("1 packets received"), ping.output)
    }

    func testLoopbackComesUpInARunningContainer() throws {
        let container = Container(name: "live", spec: spec)
        try runtime.start(container)
        defer { _ = runtime.remove(container) }
        try runtime.bringLoopbackUp(in: container)
        let tee = try OutputTee()
        let run = try runtime.execForeground(into: container, argv: ["/bin/sh", "-c", "ip -o link show lo"], user: nil, tee: tee)
        XCTAssertEqual(run.status, .exited(0), tee.text)
        XCTAssertTrue(tee.text.contains("<LOOPBACK,UP"), tee.text)
    }
}
