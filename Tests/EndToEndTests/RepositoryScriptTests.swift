import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The scripts the repository ships: the tour and the talk demos run to the
/// end with their `expect` lines passing, and the committed completion
/// scripts are what the binary generates.
final class RepositoryScriptTests: EndToEndTestCase {
    func testTourAndDemosPassTheirExpectations() throws {
        let root = try requireRootfs()
        let tour = try ctrsh(repository + "/scripts/tour.ctrsh", root)
        assertExit(tour, 0, "tour")
        XCTAssertFalse(tour.stderr.contains("error:"), "tour: \(tour)")
        // The talk demos, played unattended as on stage.
        for script in ["scripts/demos/what-is-a-container.ctrsh", "scripts/demos/o-que-e-um-container.ctrsh"] {
            let result = try ctrsh("--demo", "--auto", "0", repository + "/" + script, root)
            assertExit(result, 0, script)
            XCTAssertFalse(result.stderr.contains("error:"), "\(script): \(result)")
            XCTAssertTrue(result.stdout.contains("ctrsh[default]> cgroup set memory 32M"), result.description)
        }
    }

    func testCommittedCompletionScriptsAreCurrent() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try ctrsh("--generate-completion-script", shell)
            assertExit(result, 0, shell)
            let committed = try XCTUnwrap(FileText.readIfPresent(repository + "/completions/ctrsh.\(shell)"), "completions/ctrsh.\(shell)")
            XCTAssertEqual(result.stdout, committed, "completions/ctrsh.\(shell) is stale: regenerate it with `ctrsh --generate-completion-script \(shell)`")
        }
    }
}
