import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// `--demo --rehearse`: a talk played unattended, every step's output
/// compared with the last rehearsal (`TALK.ctrsh.rehearsal`, recorded by
/// the first one), failures and changes reported by step and line; and
/// `# hidden` setup steps, which the audience does not see.
final class RehearsalTests: EndToEndTestCase {
    func testBothTalkDemosRehearseAsRecorded() throws {
        let root = try requireRootfs()
        // Each demo's report is in its own language (`lang` at its top).
        let demos = [
            (name: "what-is-a-container.ctrsh", recorded: "rehearsal: 35 steps, 0 failed; recorded in", asRecorded: "rehearsal: 35 steps, as recorded",
             rootfsRow: "\n  rootfs      $1\n"),
            (name: "o-que-e-um-container.ctrsh", recorded: "ensaio: 35 passos, 0 falharam; gravado em", asRecorded: "ensaio: 35 passos, como gravado",
             rootfsRow: "\n  rootfs        $1\n"),
        ]
        for (name, recorded, asRecorded, rootfsRow) in demos {
            let talk = try write(try FileText.read(repository + "/scripts/demos/" + name), to: name)
            let first = try ctrsh("--demo", "--rehearse", talk, root)
            assertExit(first, 0, name)
            XCTAssertTrue(first.stdout.contains("ctrsh[default]> cgroup set memory 32M"), first.description)
            XCTAssertTrue(first.stdout.contains("\(recorded) \(talk).rehearsal"), first.description)
            let reference = try FileText.read(talk + ".rehearsal")
            XCTAssertTrue(reference.contains("== step 4 (line 12): exec /bin/sh -c 'echo \"") && reference.contains(" PID "), reference)
            XCTAssertTrue(reference.contains("inside: my PID is N\n") || reference.contains("dentro: meu PID é N\n"), reference)
            XCTAssertFalse(reference.contains(root), "the root's path is written as $1:\n\(reference)")
            XCTAssertTrue(reference.contains(rootfsRow), reference)
            let second = try ctrsh("--demo", "--rehearse", talk, root)
            assertExit(second, 0, name)
            XCTAssertTrue(second.stdout.contains(asRecorded), second.description)
            // Standard error is not the audience's screen here: it gets the
            // presenter's `##` notes, and nothing else.
            let report = second.stderr.split(separator: "\n").filter { !$0.hasPrefix("## ") }
            XCTAssertEqual(report, [], second.description)
        }
    }

    func testAChangedOutputIsReportedByStepAndLine() throws {
        let shown = try write("first\n", to: "shown.txt")
        let talk = try write(
            """
            # What the file says.
            host cat "$1"
            echo unchanged
            """, to: "talk.ctrsh")
        assertExit(try ctrsh("--demo", "--rehearse", talk, shown), 0)
        try write("second\n", to: "shown.txt")
        let result = try ctrsh("--demo", "--rehearse", talk, shown)
        assertExit(result, 1)
        XCTAssertEqual(result.stderr, """
            step 1 (line 2): output changed: host cat "$1"
              was: first
              now: second

            """, result.description)
        XCTAssertTrue(result.stdout.hasSuffix("rehearsal: 2 steps, 1 changed, 0 failed (reference: \(talk).rehearsal)\n"), result.description)
    }

    func testAFailingExpectIsReportedAndTheRehearsalGoesOn() throws {
        let talk = try write(
            """
            echo hello
            expect output contains "goodbye"
            echo after the failure
            """, to: "talk.ctrsh")
        let result = try ctrsh("--demo", "--rehearse", talk)
        assertExit(result, 1)
        // The transcript shows each step as the audience would see it, its errors included.
        XCTAssertTrue(result.stdout.contains("\(talk):2:1: error: expect output: `goodbye` not found"), result.description)
        XCTAssertTrue(result.stderr.contains("step 1 (line 1): failed: echo hello"), result.description)
        XCTAssertTrue(result.stdout.contains("after the failure\n"), result.description)
        XCTAssertTrue(result.stdout.contains("rehearsal: 2 steps, 1 failed; recorded in"), result.description)
    }

    func testAHiddenStepRunsUnseen() throws {
        let talk = try write(
            """
            ns new uts # hidden
            hostname backstage # hidden
            exec /bin/hostname
            expect output matches "^backstage$"
            """, to: "talk.ctrsh")
        let result = try ctrsh("--demo", "--auto", "0", talk)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "ctrsh[default]> exec /bin/hostname\nbackstage\n", result.description)
        // A hidden step that fails shows its error, and the demo stops there.
        let failing = try write("hostname backstage # hidden\necho never\n", to: "failing.ctrsh")
        let stopped = try ctrsh("--demo", "--auto", "0", failing)
        assertExit(stopped, 1)
        XCTAssertTrue(stopped.stdout.contains("error:") || stopped.stderr.contains("error:"), stopped.description)
        XCTAssertFalse(stopped.stdout.contains("never"), stopped.description)
    }

    func testRehearseWithoutDemoIsRefused() throws {
        let talk = try write("echo never\n", to: "talk.ctrsh")
        let result = try ctrsh("--rehearse", talk)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("--rehearse goes with --demo"), result.description)
    }
}
