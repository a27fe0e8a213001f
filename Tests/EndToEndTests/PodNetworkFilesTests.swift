import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Issue 18: a container on a veth gets `/etc/hosts` naming the session's
/// containers on a veth and an `/etc/resolv.conf`, bound from ctrsh's
/// state over the root's files, the host directory left as it was; and a
/// container with a uts namespace is named after itself. ctrsh runs in a
/// network namespace the test made. Needs root.
final class PodNetworkFilesTests: EndToEndTestCase {
    private var network: TestNetworkNamespace!

    override func setUpWithError() throws {
        try super.setUpWithError()
        network = try TestNetworkNamespace()
    }

    override func tearDown() {
        network?.remove()
        XCTAssertEqual(HostInterfaces.ctrshVeths(), [], "a veth end reached the machine's own network")
        super.tearDown()
    }

    func testHostsListThePodAndTheHostDirectoryStaysAsItWas() throws {
        let root = try requireRootfs()
        let hostsBefore = try FileText.read(root + "/etc/hosts")
        let script = try write("""
            container new web; ns new pid,net,mnt,uts; rootfs use $1; net veth 10.210.1.2/24; start
            container new db; ns new pid,net,mnt; rootfs use $1 --overlay; net veth 10.210.2.2/24; start
            exec web hostname
            exec web cat /etc/hosts
            exec db cat /etc/resolv.conf
            expect output matches '^nameserver '
            container rm db
            exec web cat /etc/hosts
            """, to: "pod.ctrsh")
        let result = try ctrsh(in: network, script, root)
        assertExit(result, 0)
        let local = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
        XCTAssertTrue(result.stdout.hasPrefix("web\n" + local + "10.210.1.2\tweb\n10.210.2.2\tdb\n"), result.stdout)
        XCTAssertTrue(result.stdout.hasSuffix(" first\n" + local + "10.210.1.2\tweb\n"), "db is gone from web's hosts: \(result.stdout)")
        XCTAssertEqual(try FileText.read(root + "/etc/hosts"), hostsBefore, "the host directory's /etc/hosts changed")
    }

    /// A root whose /etc/hosts is a symlink (here to a host file) keeps
    /// it: ctrsh binds nothing through it, and the host file is untouched.
    func testASymlinkedHostsFileIsLeftAlone() throws {
        let root = try requireRootfs()
        let target = try write("10.9.9.9\thost-secret\n", to: "hosts-on-the-host")
        XCTAssertEqual(unlink(root + "/etc/hosts"), 0)
        XCTAssertEqual(symlink(target, root + "/etc/hosts"), 0)
        let result = try ctrsh(in: network, "-c", "ns new pid,net,mnt; rootfs use \(root); net veth 10.210.3.2/24; exec cat /etc/hosts")
        assertExit(result, 1, "the symlink leads nowhere inside the root")
        XCTAssertFalse(result.stdout.contains("10.210.3.2"), result.stdout)
        XCTAssertEqual(try FileText.read(target), "10.9.9.9\thost-secret\n")
    }
}
