@testable import CtrRuntime
import XCTest

/// What a pod container's /etc/hosts and /etc/resolv.conf say.
final class PodNetworkFilesUnitTests: XCTestCase {
    func testHostsNameTheContainerFirstThenItsPod() {
        let pod = ["db": PodHost(address: "10.0.2.2", hostname: "db"), "web": PodHost(address: "10.0.1.2", hostname: "front")]
        XCTAssertEqual(PodNetworkFiles.hosts(for: "web", pod: pod), """
            127.0.0.1\tlocalhost
            ::1\tlocalhost ip6-localhost ip6-loopback
            10.0.1.2\tfront web
            10.0.2.2\tdb

            """)
    }

    /// The host's loopback resolvers (systemd-resolved's 127.0.0.53) are
    /// not reachable from the container's own loopback: left out, and
    /// docker's fallback used when no other is left.
    func testResolvConfKeepsTheHostsReachableNameservers() {
        XCTAssertEqual(PodNetworkFiles.resolvConf(host: "# generated\nnameserver 127.0.0.53\nnameserver 192.0.2.1\nsearch example.org\noptions edns0\n"),
                       "nameserver 192.0.2.1\nsearch example.org\noptions edns0\n")
        XCTAssertEqual(PodNetworkFiles.resolvConf(host: "nameserver 127.0.0.53\nnameserver ::1\n"),
                       "nameserver 8.8.8.8\nnameserver 8.8.4.4\n")
        XCTAssertEqual(PodNetworkFiles.resolvConf(host: nil), "nameserver 8.8.8.8\nnameserver 8.8.4.4\n")
    }
}
