import Glibc
import TestSupport
import XCTest

/// `expect` in scripts: every form passing and failing, `expect error`
/// after a failing command, `expect status` after a failing process.
final class ExpectTests: EndToEndTestCase {
    func testPassingExpectationsLetTheScriptGoOn() throws {
        let script = try write(
            """
            echo hello world
            expect output contains "lo wo"
            echo pid=1
            expect output matches '^pid=[0-9]+$'
            expect status 0
            echo done

            """, to: "pass.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "hello world\npid=1\ndone\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testFailingExpectationsStopWithTheirLine() throws {
        let cases: [(String, String)] = [
            ("expect output contains bye", "2:1: error: expect output: `bye` not found; it printed:\n  | hello"),
            ("expect output matches '^ello'", "2:1: error: expect output: no line matches `^ello`; it printed:\n  | hello"),
            ("expect status 3", "2:1: error: expect status: wanted 3, got 0"),
            ("expect error contains x", "2:1: error: expect error: the previous command succeeded"),
        ]
        for (index, (expectation, message)) in cases.enumerated() {
            let script = try write("echo hello\n\(expectation)\necho not-reached\n", to: "fail\(index).ctrsh")
            let result = try ctrsh(script)
            assertExit(result, 1, expectation)
            XCTAssertEqual(result.stdout, "hello\n", expectation)
            XCTAssertEqual(result.stderr, "\(script):\(message)\n", expectation)
        }
    }

    func testExpectErrorAfterAFailingCommandLetsTheScriptGoOn() throws {
        let script = try write(
            """
            cgroup set memory 64Q
            expect error contains "not a size"
            nss new pid
            expect error contains "did you mean `ns`"
            echo $NOPE
            expect error
            echo open ${
            expect error contains 'unterminated `${`'
            echo still-here

            """, to: "errors.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "still-here\n")
    }

    func testExpectErrorWithTheWrongTextStops() throws {
        let script = try write("cgroup set memory 64Q\nexpect error contains \"not a CPU\"\necho no\n", to: "wrong.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.contains("\(script):2:1: error: expect error: the error was `cgroup set memory: `64Q` is not a size"), "\(result)")
    }

    func testFailingProcessFollowedByExpectStatusGoesOn() throws {
        let root = try requireRootfs()
        let script = try write(
            """
            ns new pid,mnt
            rootfs use \(root)
            exec /bin/sh -c 'echo out; exit 3'
            expect status 3
            echo "status=$?"
            exec /bin/sh -c 'echo err >&2; exit 4'
            expect output contains err
            echo not-reached

            """, to: "process.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "out\nstatus=3\n")
        XCTAssertTrue(result.stderr.contains("err\n"), "\(result)")
        XCTAssertTrue(result.stderr.hasSuffix("\(script):6:1: error: exec: exited with status 4\n"), "\(result)")
    }

    func testExpectOutputSeesTheContainersOutput() throws {
        let root = try requireRootfs()
        let result = try ctrsh(
            "-c", "ns new uts,mnt; hostname box; rootfs use \(root); exec /bin/hostname; expect output matches '^box$'; "
                + "exec /bin/sh -c 'echo to-stderr >&2'; expect output contains to-stderr; echo ok")
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "box\nok\n")
        XCTAssertEqual(result.stderr, "to-stderr\n")
    }

    /// Issue 15: standard input is run a command at a time, so the `expect
    /// output` after a program was not read yet when it ran.
    func testExpectOutputSeesTheProgramFromStandardInputAndFile() throws {
        let root = try requireRootfs()
        let text = "ns new pid,mnt\nrootfs use \(root)\nexec /bin/echo hi\nexpect output contains hi\n"
            + "exec /bin/sh -c 'echo two; echo lines'\necho between\nexpect output contains between\n"
            + "exec /bin/sh -c 'echo first; exit 2'\nexpect status 2\nexpect output matches '^first$'\necho ok\n"
        let script = try write(text, to: "stdin-expect.ctrsh")
        for arguments in [["-"], [], [script]] {
            let result = try ctrsh(arguments, inputBytes: arguments.isEmpty || arguments == ["-"] ? Array(text.utf8) : [])
            assertExit(result, 0, "\(arguments)")
            XCTAssertEqual(result.stdout, "hi\ntwo\nlines\nbetween\nfirst\nok\n", "\(arguments)")
            XCTAssertTrue(result.stderr.hasSuffix("exec: exited with status 2\n"), "\(arguments): \(result)")
            XCTAssertFalse(result.stderr.contains("expect"), "\(arguments): \(result)")
        }
    }

    /// A failed `expect` leaves `$?` alone: the next `expect status` still
    /// checks the program.
    func testExpectStatusAfterAFailedExpectChecksTheProgram() throws {
        let root = try requireRootfs()
        let script = try write(
            """
            ns new pid,mnt
            rootfs use \(root)
            exec /bin/sh -c 'echo out'
            expect output contains nothing-like-this
            expect status 0
            echo "status=$?"

            """, to: "after-failed.ctrsh")
        let result = try ctrsh("--keep-going", script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "out\nstatus=0\n")
        XCTAssertEqual(result.stderr, "\(script):4:1: error: expect output: `nothing-like-this` not found; it printed:\n  | out\n")
    }

    /// At the prompt every command is typed after the one before has run:
    /// the container keeps its own terminal and ctrsh keeps a copy.
    func testExpectOutputAtThePrompt() throws {
        let root = try requireRootfs()
        let prompt = "ctrsh[default]> "
        let session = try terminalSession()
        XCTAssertTrue(session.waitFor(prompt), session.screen)
        XCTAssertTrue(session.waitForLineEditor(), session.screen)
        type("ns new pid,mnt; rootfs use \(root)\r", into: session, expect: prompt)
        type("exec /bin/sh -c '[ -t 1 ] && echo on-a-terminal; echo from-the-container'\r", into: session,
             expect: "from-the-container\n" + prompt)
        XCTAssertTrue(session.recent.contains("on-a-terminal\n"), "the container lost its terminal: \(session.recent)")
        type("expect output contains absent\r", into: session, expect: "  | from-the-container")
        type("expect output matches '^from-the-container$'\r", into: session, expect: prompt)
        XCTAssertFalse(session.recent.contains("error"), session.recent)
        type("expect status 0; echo still-zero\r", into: session, expect: "still-zero\n" + prompt)
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }
}
