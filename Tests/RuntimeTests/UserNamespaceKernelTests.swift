import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// User namespaces on the real kernel, as root: a map whose root is not
/// the caller's ID (written directly: root needs no newuidmap), with the
/// child becoming that root before its setup.
final class UserNamespaceKernelTests: RootfsTestCase {
    func testAMapWhoseRootIsAnotherIDMakesTheProgramThatRoot() throws {
        // The root inside is an ID that owns nothing here: let it through
        // the scratch directory (the root itself is 0755).
        chmod(rootfs.scratch, 0o755)
        var spec = spec([.user, .pid])
        spec.uidMappings = [IDMapping(containerID: 0, hostID: 3_000_000_000, count: 65536)]
        spec.gidMappings = [IDMapping(containerID: 0, hostID: 3_000_000_000, count: 65536)]
        let (output, status) = try probe.run(spec, ["/bin/sh", "-c", "cat /proc/self/uid_map /proc/self/gid_map; id; ls -ln /dev/null"])
        XCTAssertEqual(status, .exited(0), output)
        let lines = output.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        XCTAssertEqual(Array(lines.prefix(3)), ["0 3000000000 65536", "0 3000000000 65536", "uid=0(root) gid=0(root)"], output)
        // The host's /dev/null is bound in (mknod is not allowed in a user
        // namespace): its owner, the host's root, is unmapped: 65534 inside.
        XCTAssertTrue(lines.count > 3 && lines[3].hasPrefix("crw-rw-rw- 1 65534 65534 1, 3"), output)
    }
}
