import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `net up`: a new net namespace's loopback starts down; ctrsh brings it up
/// before the program starts, or at once in a running container. Traffic
/// stays inside the container's own namespace (127.0.0.1).
final class LoopbackTests: RootfsTestCase {
    private var spec: ContainerSpec { spec([.pid, .net]) }

    func testLoopbackIsDownUnlessAskedAndUpWhenAsked() throws {
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
