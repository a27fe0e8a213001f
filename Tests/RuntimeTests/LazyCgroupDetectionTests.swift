@testable import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// A session finds the machine's cgroups when a container first needs
/// them: one that makes none (`ctrsh -c echo`, a `--check`, a prompt left
/// at once) never reads the mounts, and none detects twice.
final class LazyCgroupDetectionTests: XCTestCase {
    func testASessionThatMakesNoContainerNeverDetectsAndOneThatDoesDetectsOnce() throws {
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        var detections = 0
        let idle = ContainerRuntime(sessionID: "idle", state: StateDirectory(root: scratch.path + "/idle"), steps: KernelStepLog()) {
            detections += 1
            return nil
        }
        idle.close()
        XCTAssertEqual(detections, 0, "a session without containers detected cgroups")

        let busy = ContainerRuntime(sessionID: "busy", state: StateDirectory(root: scratch.path + "/busy"), steps: KernelStepLog()) {
            detections += 1
            return CgroupSystem.detect(session: "busy")
        }
        XCTAssertEqual(busy.cgroups?.version, CgroupSystem.topology()?.preferredVersion)
        _ = busy.cgroups
        busy.close()
        XCTAssertEqual(detections, 1)
    }
}
