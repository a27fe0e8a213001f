import Glibc
import TestSupport
import XCTest

/// Commands from standard input: `ctrsh -`, a pipe without `-`, and a
/// container that reads the rest of the same input.
final class StandardInputTests: EndToEndTestCase {
    func testDashReadsCommandsFromStandardInput() throws {
        let result = try ctrsh("-", input: "let X=1\necho \"x=$X\"\necho 'multi\nline'\n")
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "x=1\nmulti\nline\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testPipedStandardInputWithoutDash() throws {
        let result = try ctrsh(input: "echo first\ncgroup set pids lots\necho never\n")
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "first\n")
        XCTAssertEqual(result.stderr, "<stdin>:2:17: error: cgroup set pids: `lots` is not a count (examples: 20, 100, max)\n")
    }

    func testLastLineWithoutNewlineAndContinuation() throws {
        let result = try ctrsh(input: "echo a \\\n  b\necho c")
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "a b\nc\n")
    }

    func testContainerStartedFromAPipedScriptReadsTheRestOfStandardInput() throws {
        let root = try requireRootfs()
        let input = """
            ns new pid,mnt
            rootfs use \(root)
            exec /bin/sh -c 'read x; echo got $x'
            data line for the container
            echo back in ctrsh

            """
        let result = try ctrsh(input: input)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "got data line for the container\nback in ctrsh\n")
        XCTAssertEqual(result.stderr, "")
    }
}
