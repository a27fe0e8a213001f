@testable import CtrKernel
import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The runtime's netlink code against the real kernel, between two network
/// namespaces the test made (`TestNetworkNamespace`): one plays the host,
/// the other the container. No thread of the test process enters either,
/// and nothing here touches the machine's own network. Needs root.
final class VethKernelTests: XCTestCase {
    private var host: TestNetworkNamespace!
    private var container: TestNetworkNamespace!

    override func setUpWithError() throws {
        try super.setUpWithError()
        host = try TestNetworkNamespace()
        container = try TestNetworkNamespace()
    }

    override func tearDown() {
        host?.remove()
        container?.remove()
        XCTAssertEqual(HostInterfaces.ctrshVeths(), [], "a veth end reached the machine's own network")
        super.tearDown()
    }

    private func attachment(_ cidr: String) throws -> VethAttachment {
        VethAttachment(spec: try VethSpec(parsing: cidr), hostNamespace: host.path)
    }

    func testAPairJoinsTheTwoNamespacesBothWaysAndGoesAsAWhole() throws {
        let veth = try attachment("10.200.1.2/24")
        try veth.attach(hostName: "ctrsh-test1", containerNamespace: container.path)
        XCTAssertEqual(veth.hostName, "ctrsh-test1")
        XCTAssertEqual(try host.interfaceNames(), ["lo", "ctrsh-test1"])
        XCTAssertTrue(try host.ip("-o", "-4", "addr", "show", "dev", "ctrsh-test1").contains("inet 10.200.1.1/24"))
        XCTAssertEqual(try container.interfaceNames(), ["lo", "eth0"])
        XCTAssertTrue(try container.ip("-o", "-4", "addr", "show", "dev", "eth0").contains("inet 10.200.1.2/24"))
        let routes = try container.ip("route")
        XCTAssertTrue(routes.contains("default via 10.200.1.1 dev eth0"), routes)
        XCTAssertTrue(try container.ip("-o", "link", "show", "eth0").contains(",UP"))

        let out = try container.run(["busybox", "ping", "-c1", "-W2", "10.200.1.1"])
        XCTAssertEqual(out.status, .exited(0), "container → host: \(out)")
        XCTAssertTrue(out.stdout.contains("1 packets received"), "\(out)")
        let back = try host.run(["busybox", "ping", "-c1", "-W2", "10.200.1.2"])
        XCTAssertEqual(back.status, .exited(0), "host → container: \(back)")

        // What `net show` reads, from a socket made inside the container's namespace.
        let snapshot = try NetlinkSocket(namespace: container.path).snapshot()
        let eth0 = try XCTUnwrap(snapshot.interface(named: "eth0"))
        XCTAssertEqual(eth0.kind, "veth")
        XCTAssertTrue(eth0.isUp)
        XCTAssertEqual(eth0.addresses.map(\.description), ["10.200.1.2/24"])
        XCTAssertEqual(snapshot.interface(named: "lo")?.kind, "loopback")
        XCTAssertTrue(snapshot.routes.contains(NetworkRoute(destination: nil, gateway: IPv4Address("10.200.1.1"), interface: "eth0")), "\(snapshot.routes)")
        XCTAssertTrue(snapshot.routes.contains(NetworkRoute(destination: IPv4Interface("10.200.1.0/24"), gateway: nil, interface: "eth0")))

        XCTAssertNil(veth.detach())
        XCTAssertNil(veth.hostName)
        XCTAssertEqual(try host.interfaceNames(), ["lo"], "the host end is gone")
        XCTAssertEqual(try container.interfaceNames(), ["lo"], "and the container's end with it")
    }

    func testAFailureMidSetupLeavesNoVethOnEitherSide() throws {
        // The container already has a default route: the last step fails.
        // (This kernel has no dummy driver: a veth pair inside plays the uplink.)
        try container.ip("link", "add", "name", "uplink", "type", "veth", "peer", "name", "uplink-peer")
        try container.ip("addr", "add", "10.9.9.1/24", "dev", "uplink")
        try container.ip("link", "set", "uplink-peer", "up")
        try container.ip("link", "set", "uplink", "up")
        try container.ip("route", "add", "default", "via", "10.9.9.2")
        let veth = try attachment("10.200.1.2/24")
        let gateway = try XCTUnwrap(IPv4Address("10.200.1.1"))
        XCTAssertThrowsError(try veth.attach(hostName: "ctrsh-test2", containerNamespace: container.path)) { error in
            XCTAssertEqual(error as? RuntimeError, .network(.vethStep(.defaultRoute(via: gateway), NetlinkError(errno: EEXIST))))
        }
        XCTAssertNil(veth.hostName)
        XCTAssertEqual(try host.interfaceNames(), ["lo"])
        XCTAssertEqual(try container.interfaceNames(), ["lo", "uplink-peer", "uplink"])
    }

    func testANetworkTheHostUsesIsRefusedBeforeAnythingIsMade() throws {
        try host.ip("link", "add", "name", "uplink", "type", "veth", "peer", "name", "uplink-peer")
        try host.ip("addr", "add", "10.200.0.1/16", "dev", "uplink")
        try host.ip("link", "set", "uplink", "up")
        try host.ip("route", "add", "172.20.0.0/16", "dev", "uplink")
        let cases: [(String, String, AddressConflict)] = [
            ("10.200.1.2/24", "10.200.1.0/24", .address(try XCTUnwrap(IPv4Interface("10.200.0.1/16")), interface: "uplink", isVeth: false)),
            ("172.20.5.2/24", "172.20.5.0/24", .route(try XCTUnwrap(IPv4Interface("172.20.0.0/16")), interface: "uplink", isVeth: false)),
        ]
        for (cidr, network, conflict) in cases {
            let network = try XCTUnwrap(IPv4Interface(network))
            XCTAssertThrowsError(try attachment(cidr).attach(hostName: "ctrsh-test3", containerNamespace: container.path)) { error in
                XCTAssertEqual(error as? RuntimeError, .network(.overlap(network: network, conflict: conflict)))
            }
        }
        XCTAssertEqual(try host.interfaceNames(), ["lo", "uplink-peer", "uplink"])
        XCTAssertEqual(try container.interfaceNames(), ["lo"])
        // A range of its own is fine beside them.
        let veth = try attachment("10.201.0.2/24")
        try veth.attach(hostName: "ctrsh-test3", containerNamespace: container.path)
        XCTAssertNil(veth.detach())
    }

    func testTheKernelsOwnExplanationComesBackWithItsError() throws {
        let socket = try NetlinkSocket(namespace: container.path)
        XCTAssertThrowsError(try socket.addDefaultRoute(via: try XCTUnwrap(IPv4Address("10.9.9.9")), index: 1)) { error in
            guard let error = error as? NetlinkError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.errno, ENETUNREACH)
            XCTAssertEqual(error.kernelMessage, "Nexthop has invalid gateway")
        }
        XCTAssertThrowsError(try socket.linkIndex(named: "nosuch0")) { error in
            XCTAssertEqual((error as? NetlinkError)?.errno, ENODEV)
        }
    }

    func testARecordedHostEndIsDeletedOnlyWhileItsIndexMatches() throws {
        try host.ip("link", "add", "name", "ctrsh-77", "type", "veth", "peer", "name", "p77")
        let index = try NetlinkSocket(namespace: host.path).linkIndex(named: "ctrsh-77")
        // A later pair that took the name (PIDs are reused) is left alone.
        XCTAssertFalse(try VethAttachment.removeHostEnd(named: "ctrsh-77", index: index + 1000, namespace: host.path))
        XCTAssertEqual(try host.interfaceNames(), ["lo", "p77", "ctrsh-77"])
        XCTAssertTrue(try VethAttachment.removeHostEnd(named: "ctrsh-77", index: index, namespace: host.path))
        XCTAssertEqual(try host.interfaceNames(), ["lo"])
        XCTAssertFalse(try VethAttachment.removeHostEnd(named: "ctrsh-77", index: index, namespace: host.path), "gone already")
    }

    func testASocketInAnotherNamespaceLeavesTheTestProcessWhereItWas() throws {
        let before = try XCTUnwrap(FileText.readIfPresent("/proc/self/net/dev"))
        for _ in 0..<50 { _ = try NetlinkSocket(namespace: container.path) }
        XCTAssertEqual(FileText.readIfPresent("/proc/self/net/dev"), before)
        XCTAssertEqual(try NetlinkSocket(namespace: container.path).snapshot().interfaces.map(\.name), ["lo"])
        var status: Int32 = 0
        XCTAssertEqual(waitpid(-1, &status, WNOHANG), 0, "a helper child was left unreaped (the namespaces' holders still run)")
    }
}
