import XCTest

/// `explain on` shows the kernel steps in the order they were taken: the
/// child's steps (`[child] …`, execve last) all come before the program's
/// first byte, at a terminal and in a script, and an `exec` into a running
/// container shows its second clone, into the joined pid namespace.
final class ExplainOrderTests: EndToEndTestCase {
    /// Asserts the `[child]` lines, execve among them, all come before `output`.
    private func assertStepsBefore(_ output: String, in text: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = text.split(whereSeparator: \.isNewline).map(String.init)
        guard let program = lines.firstIndex(where: { $0.hasPrefix(output) }) else {
            return XCTFail("no \(output) in:\n\(text)", file: file, line: line)
        }
        let childSteps = lines.indices.filter { lines[$0].contains("[child] ") }
        XCTAssertTrue(lines[..<program].contains { $0.contains("[child] execve /bin/echo") }, text, file: file, line: line)
        XCTAssertTrue(childSteps.contains { $0 < program } && childSteps.allSatisfy { $0 < program },
                      "a [child] step after the program's output:\n\(text)", file: file, line: line)
    }

    func testChildStepsComeBeforeTheProgramsOutputInAScript() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", "explain on; ns new pid,uts,mnt; rootfs use \(root); exec /bin/echo PROGRAM-OUTPUT")
        assertExit(result, 0)
        assertStepsBefore("PROGRAM-OUTPUT", in: result.stdout)
        XCTAssertTrue(result.stdout.contains("[child] pivot_root"), result.stdout)
    }

    /// At a terminal the program writes to its own pseudo-terminal, which
    /// ctrsh relays only once the launch is done.
    func testChildStepsComeBeforeTheProgramsOutputAtThePrompt() throws {
        let root = try requireRootfs()
        let session = try terminalSession()
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        type("explain on\r", into: session, expect: PromptTests.prompt)
        type("ns new pid,uts,mnt\r", into: session, expect: PromptTests.prompt)
        type("rootfs use \(root)\r", into: session, expect: PromptTests.prompt)
        type("exec /bin/echo PROGRAM-OUTPUT\r", into: session, expect: "PROGRAM-OUTPUT")
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.recent)
        assertStepsBefore("PROGRAM-OUTPUT", in: session.recent)
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    /// Also with `expect`, which has ctrsh relay the output (a tee).
    func testExecIntoARunningContainerShowsItsSecondClone() throws {
        let root = try requireRootfs()
        let result = try ctrsh("-c", """
            ns new pid,uts,mnt; rootfs use \(root); start
            explain on
            exec /bin/echo PROGRAM-OUTPUT
            expect output contains "PROGRAM"
            explain off
            stop
            """)
        assertExit(result, 0)
        assertStepsBefore("PROGRAM-OUTPUT", in: result.stdout)
        let lines = result.stdout.split(separator: "\n")
        let setns = try XCTUnwrap(lines.lastIndex { $0.contains("[child] setns(open(/proc/") }, result.stdout)
        let clone = try XCTUnwrap(lines.firstIndex { $0.contains("[child] clone3(CLONE_PARENT) = ") }, result.stdout)
        XCTAssertLessThan(setns, clone, result.stdout)
    }
}
