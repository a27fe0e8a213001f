@testable import CtrKernel
import CtrRuntime
import FoundationEssentials
import XCTest

/// `net veth CIDR` before anything is made: which CIDR text is accepted,
/// the host end's address, overlaps, and the spec's JSON form. No kernel.
final class VethSpecTests: XCTestCase {
    func testTheHostEndTakesTheFirstAddressUnlessTheContainerHasIt() throws {
        let cases: [(String, String, String)] = [
            ("10.200.1.2/24", "10.200.1.2/24", "10.200.1.1/24"),  // the issue's example
            ("10.200.1.1/24", "10.200.1.1/24", "10.200.1.2/24"),
            ("10.200.1.77/24", "10.200.1.77/24", "10.200.1.1/24"),
            ("192.168.5.1/30", "192.168.5.1/30", "192.168.5.2/30"),
            ("192.168.5.2/30", "192.168.5.2/30", "192.168.5.1/30"),
            ("172.16.9.9/12", "172.16.9.9/12", "172.16.0.1/12"),
            ("10.0.0.2/8", "10.0.0.2/8", "10.0.0.1/8"),
        ]
        for (text, container, host) in cases {
            let veth = try VethSpec(parsing: text)
            XCTAssertEqual(veth.container.description, container, text)
            XCTAssertEqual(veth.hostInterface.description, host, text)
            XCTAssertNotEqual(veth.host, veth.container.address, text)
            XCTAssertTrue(veth.container.contains(veth.host), text)
        }
    }

    func testMalformedAndUnusableCIDRsAreRefusedWithTheReason() throws {
        func interface(_ text: String) throws -> IPv4Interface { try XCTUnwrap(IPv4Interface(text), text) }
        let cases: [(String, VethAddressProblem)] = [
            ("", .notCIDR("")),
            ("foo", .notCIDR("foo")),
            ("10.200.1.2", .noPrefixLength("10.200.1.2")),
            ("10.200.1/24", .notAnAddress("10.200.1")),
            ("10.200.1.256/24", .notAnAddress("10.200.1.256")),
            ("10.200.01.2/24", .notAnAddress("10.200.01.2")),
            ("10.200.1.2.3/24", .notAnAddress("10.200.1.2.3")),
            (" 10.200.1.2/24", .notAnAddress(" 10.200.1.2")),
            ("10.200.1.-2/24", .notAnAddress("10.200.1.-2")),
            ("10.200.1.2/", .notAPrefixLength("")),
            ("10.200.1.2/33", .notAPrefixLength("33")),
            ("10.200.1.2/024", .notAPrefixLength("024")),
            ("10.200.1.2/+4", .notAPrefixLength("+4")),
            ("10.200.1.2/24/1", .notCIDR("10.200.1.2/24/1")),
            ("10.200.1.2/31", .networkTooSmall(try interface("10.200.1.2/31"))),
            ("10.200.1.2/32", .networkTooSmall(try interface("10.200.1.2/32"))),
            ("10.200.1.2/7", .networkTooLarge(try interface("10.200.1.2/7"))),
            ("10.200.1.2/0", .networkTooLarge(try interface("10.200.1.2/0"))),
            ("10.200.1.0/24", .networkEdge(try interface("10.200.1.0/24"), broadcast: false)),
            ("10.200.1.255/24", .networkEdge(try interface("10.200.1.255/24"), broadcast: true)),
            ("10.200.1.3/30", .networkEdge(try interface("10.200.1.3/30"), broadcast: true)),
            ("127.0.0.2/24", .reservedRange(try interface("127.0.0.2/24"), .loopback)),
            ("0.1.2.3/24", .reservedRange(try interface("0.1.2.3/24"), .thisNetwork)),
            ("224.0.0.5/24", .reservedRange(try interface("224.0.0.5/24"), .multicast)),
            ("250.1.1.1/24", .reservedRange(try interface("250.1.1.1/24"), .reserved)),
        ]
        for (text, problem) in cases {
            XCTAssertThrowsError(try VethSpec(parsing: text), text) { error in
                XCTAssertEqual(error as? RuntimeError, .spec(.vethAddress(problem)), text)
            }
        }
    }

    func testNetworksOverlapWhenOneHoldsTheOther() throws {
        func interface(_ text: String) throws -> IPv4Interface { try XCTUnwrap(IPv4Interface(text), text) }
        let cases: [(String, String, Bool)] = [
            ("10.200.1.2/24", "10.200.1.9/24", true),
            ("10.200.1.2/24", "10.200.0.1/16", true),
            ("10.200.0.1/16", "10.200.1.2/24", true),
            ("10.200.1.2/24", "10.200.2.2/24", false),
            ("10.200.1.2/30", "10.200.1.6/30", false),
            ("10.200.1.2/25", "10.200.1.130/25", false),
            ("10.0.0.1/8", "10.255.255.1/24", true),
            ("192.168.1.1/24", "10.200.1.1/24", false),
        ]
        for (a, b, expected) in cases {
            XCTAssertEqual(try interface(a).overlaps(try interface(b)), expected, "\(a) and \(b)")
            XCTAssertEqual(try interface(b).overlaps(try interface(a)), expected, "\(b) and \(a)")
        }
        XCTAssertEqual(try interface("10.200.1.77/24").network.description, "10.200.1.0/24")
        XCTAssertEqual(try interface("10.200.1.77/24").broadcastAddress.description, "10.200.1.255")
    }

    func testAConflictNamesTheHostAddressOrRouteItOverlaps() throws {
        let veth = try VethSpec(parsing: "10.200.1.2/24")
        func snapshot(addresses: [String] = [], routes: [(String?, String)] = []) -> NetworkSnapshot {
            NetworkSnapshot(
                interfaces: [
                    NetworkInterface(
                        index: 1, name: "lo", kind: "loopback", isUp: true, hasCarrier: true,
                        addresses: [IPv4Interface("127.0.0.1/8")!]),
                    NetworkInterface(
                        index: 2, name: "eth0", kind: nil, isUp: true, hasCarrier: true, addresses: addresses.compactMap { IPv4Interface($0) }),
                ],
                routes: routes.map { NetworkRoute(destination: $0.0.flatMap { IPv4Interface($0) }, gateway: nil, interface: $0.1) })
        }
        let network = veth.container.network
        XCTAssertNil(AddressConflicts.conflict(with: network, in: snapshot(addresses: ["192.168.1.5/24"], routes: [(nil, "eth0")])),
                     "a default route is no conflict")
        XCTAssertEqual(
            AddressConflicts.conflict(with: network, in: snapshot(addresses: ["10.200.1.9/16"])),
            .address(try XCTUnwrap(IPv4Interface("10.200.1.9/16")), interface: "eth0", isVeth: false))
        XCTAssertEqual(
            AddressConflicts.conflict(with: network, in: snapshot(routes: [("10.200.0.0/20", "eth0")])),
            .route(try XCTUnwrap(IPv4Interface("10.200.0.0/20")), interface: "eth0", isVeth: false))
        XCTAssertEqual(
            AddressConflicts.conflict(with: network, in: snapshot(routes: [("10.200.1.0/24", "ctrsh-4711")])),
            .route(try XCTUnwrap(IPv4Interface("10.200.1.0/24")), interface: "ctrsh-4711", isVeth: true))
        XCTAssertNil(AddressConflicts.conflict(with: network, in: snapshot(addresses: ["10.200.2.1/24"], routes: [("10.201.0.0/16", "eth0")])))
    }

    func testTheSpecKeepsTheCIDRAsTextInJSON() throws {
        var spec = ContainerSpec()
        spec.namespaces = [.net]
        spec.veth = try VethSpec(parsing: "10.200.1.2/24")
        let data = try JSONEncoder().encode(spec)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains(#""veth":"10.200.1.2\/24""#), String(decoding: data, as: UTF8.self))
        XCTAssertEqual(try JSONDecoder().decode(ContainerSpec.self, from: data), spec)
        let tampered = String(decoding: data, as: UTF8.self).replacing("10.200.1.2\\/24", with: "10.200.1.2\\/31")
        XCTAssertThrowsError(try JSONDecoder().decode(ContainerSpec.self, from: Data(tampered.utf8)))
    }

    func testSpecValidationWantsANetNamespaceForAVeth() throws {
        var spec = ContainerSpec()
        spec.veth = try VethSpec(parsing: "10.200.1.2/24")
        XCTAssertThrowsError(try SpecValidation.check(spec, argv: ["/bin/true"])) { error in
            XCTAssertEqual(error as? RuntimeError, .spec(.vethWithoutNetNamespace))
        }
        spec.namespaces = [.net]
        XCTAssertNoThrow(try SpecValidation.check(spec, argv: ["/bin/true"]))
    }
}
