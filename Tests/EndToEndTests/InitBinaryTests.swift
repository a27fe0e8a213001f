import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// runc's CVE-2019-5736 class: `start` runs `ctrsh-init`, a file of the
/// host, as the container's PID 1. Root in the container must not reach
/// that file: if it can open /proc/1/exe, make PID 1 execve another
/// program (ptrace: same uid, and the default seccomp filter allows it),
/// and then open the held file for writing, it replaces the host's
/// ctrsh-init, and the next `start` anywhere (without a mount namespace:
/// on the host, as root) runs the container's program. The test runs a
/// copy of ctrsh and ctrsh-init from its scratch directory, so that the
/// build's own binaries are never at stake. Needs root and gcc.
final class InitBinaryTests: EndToEndTestCase {
    private static let initName = "ctrsh-init"

    func testAStartedContainerCannotWriteTheHostsCtrshInit() throws {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        let directory = scratch + "/bin"
        XCTAssertEqual(mkdir(directory, 0o755), 0, "mkdir \(directory)")
        for name in ["ctrsh", Self.initName] {
            _ = try HostProgram.output(["cp", CtrshBinary.directory + "/" + name, directory + "/" + name])
        }
        let initPath = directory + "/" + Self.initName
        let before = try HostProgram.output(["sha256sum", initPath])
        let result = try ctrsh(
            program: directory + "/ctrsh", "-c",
            "ns new pid,uts,ipc,net,mnt; rootfs use \(root); start; exec \(EscapeProbe.pathInRoot) init-exe /bin/sleep OWNED-BY-CONTAINER; stop")
        let after = try HostProgram.output(["sha256sum", initPath])
        XCTAssertTrue(result.stdout.contains("init-exe-open: "), "the probe did not run:\n\(result)")
        XCTAssertFalse(result.stdout.contains("init-exe-write: ok"), "the container opened the host's ctrsh-init for writing:\n\(result)")
        XCTAssertEqual(before, after, "the container changed the host's ctrsh-init:\n\(result)")
    }
}
