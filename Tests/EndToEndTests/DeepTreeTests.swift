import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Root in a container nests directories as deep as it likes (relative
/// `mkdir d; chdir d`: PATH_MAX is no limit). ctrsh walks that tree on the
/// host when it removes an `--overlay` layer (at `quit`, `container rm`,
/// and `gc` for a dead session) and when `export oci` copies a root. A walk
/// that recurses once per level, with a stack frame and a descriptor each,
/// ends in a stack overflow (ctrsh dies of SIGSEGV, leaving its cgroups,
/// state and layer behind) or, with fewer descriptors, in EMFILE (the
/// layer can never be removed). Needs root and gcc.
final class DeepTreeTests: EndToEndTestCase {
    private static let depth = 25000

    /// What a crashed session left: its layer and state (its cgroups are
    /// the teardown's).
    private func removeLeftovers(of result: CtrshResult) {
        _ = try? HostProgram.output(["rm", "-rf", "/var/lib/ctrsh/overlay/\(result.pid)"])
        Leftovers.removeState(ofSession: "\(result.pid)")
    }

    func testADeepTreeInAnOverlayLayerIsRemovedAtQuit() throws {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        ctrshTimeout = 300
        let result = try ctrsh("-c", "ns new pid,mnt; rootfs use \(root) --overlay; exec \(EscapeProbe.pathInRoot) deep \(Self.depth)")
        defer { removeLeftovers(of: result) }
        XCTAssertTrue(result.stdout.contains("deep: ok"), "the probe did not make the tree:\n\(result)")
        assertExit(result, 0, "ctrsh did not end cleanly after a container nested \(Self.depth) directories")
        XCTAssertEqual(access("/var/lib/ctrsh/overlay/\(result.pid)", F_OK), -1, "the layer was left behind")
    }

    func testExportOfARootWithADeepTreeEndsCleanly() throws {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        ctrshTimeout = 300
        let bundle = scratch + "/bundle"
        let result = try ctrsh("-c", "ns new pid,mnt; rootfs use \(root); exec \(EscapeProbe.pathInRoot) deep \(Self.depth); export oci \(bundle) /bin/true")
        defer {
            removeLeftovers(of: result)
            _ = try? HostProgram.output(["rm", "-rf", bundle, root + "/deep"])
        }
        XCTAssertTrue(result.stdout.contains("deep: ok"), "the probe did not make the tree:\n\(result)")
        XCTAssertNotNil(result.exitCode, "ctrsh died (\(String(describing: result.status))) copying a root with \(Self.depth) nested directories:\n\(result.stderr.prefix(400))")
    }
}
