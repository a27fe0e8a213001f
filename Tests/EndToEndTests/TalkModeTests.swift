import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// Talk mode: `--demo` types each command and runs it on Enter, checks the
/// script before typing anything, and `--auto 0` plays unattended; `--cast`
/// records an asciicast v2 file that asciinema accepts.
final class TalkModeTests: EndToEndTestCase {
    private func demoScript() throws -> String {
        try write(
            """
            #!/usr/bin/env ctrsh
            # Narration: the uts namespace.
            ns new uts
            pause

            hostname demo
            echo "typed and run"
            expect output contains "typed"
            """, to: "demo.ctrsh")
    }

    func testAutoDemoShowsNarrationTypesCommandsAndRunsThem() throws {
        let result = try ctrsh("--demo", "--auto", "0", try demoScript())
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, """
            # Narration: the uts namespace.
            ctrsh[default]> ns new uts

            ctrsh[default]> hostname demo
            ctrsh[default]> echo "typed and run"
            typed and run

            """)
    }

    /// `#demo typing` lines pace the typing and are never shown; one ctrsh
    /// does not understand stops the demo before anything is typed.
    func testTypingMarksAreNotShownAndABadOneStopsTheDemoFirst() throws {
        let paced = try write("#demo typing 0\necho one\n#demo typing 10ms\necho two\n", to: "paced.ctrsh")
        let played = try ctrsh("--demo", "--auto", "0", paced)
        assertExit(played, 0)
        XCTAssertEqual(played.stdout, "ctrsh[default]> echo one\none\nctrsh[default]> echo two\ntwo\n")
        let bad = try write("echo one\n#demo typing quickly\n", to: "bad-pace.ctrsh")
        let refused = try ctrsh("--demo", "--auto", "0", bad)
        assertExit(refused, 1)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertTrue(refused.stderr.hasPrefix("\(bad):2:1: error: #demo typing: "), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("(nothing was run)"), refused.stderr)
    }

    func testDemoOfABrokenScriptFailsBeforeTypingAnything() throws {
        let script = try write("echo fine\necho \"unterminated\n", to: "broken.ctrsh")
        let result = try ctrsh("--demo", "--auto", "0", script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "")
        XCTAssertTrue(result.stderr.hasPrefix("\(script):2:6: error: unterminated double quote"), "\(result)")
    }

    /// Issue 15: a `$1` the demo was not given used to fail on stage, at
    /// its line; now the check catches it, and every other unset variable,
    /// before anything is typed.
    func testDemoWithoutItsArgumentFailsBeforeTypingAnything() throws {
        let script = try write(
            """
            # Needs a root.
            let GREETING=hello
            echo "$GREETING"
            ns new uts
            hostname demo
            echo ready
            echo "$LATER"
            rootfs use "$1"
            let LATER=set-too-late
            echo "$2"

            """, to: "needs-arg.ctrsh")
        let result = try ctrsh("--demo", "--auto", "0", script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "", "something was typed: \(result)")
        XCTAssertTrue(result.stderr.contains("\(script):7:7: error: unknown variable `$LATER`"), "\(result)")
        XCTAssertTrue(result.stderr.contains("\(script):8:13: error: unknown variable `$1`: the script needs arguments (none was given)"), "\(result)")
        XCTAssertTrue(result.stderr.contains("\(script):10:7: error: unknown variable `$2`"), "\(result)")

        // `--check` without arguments still cannot know them: it checks the rest.
        let check = try ctrsh("--check", script)
        XCTAssertFalse(check.stderr.contains("`$1`"), "\(check)")
    }

    /// The audience sees the values typed, and never the presenter's `##` notes.
    func testDemoTypesValuesAndKeepsPresenterNotesOffScreen() throws {
        let script = try write(
            """
            #!/usr/bin/env ctrsh
            ## Run: ctrsh --demo notes.ctrsh 'WORD WORD'
            # Shown to the audience.
            let NAME=demo-host
            ns new uts; hostname "$NAME"
            echo "$1"   # a comment
            echo $? plain   # as written

            """, to: "notes.ctrsh")
        let result = try ctrsh("--demo", "--auto", "0", script, "two words")
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, """
            # Shown to the audience.
            ctrsh[default]> let NAME=demo-host
            ctrsh[default]> ns new uts; hostname demo-host
            ctrsh[default]> echo 'two words'
            two words
            ctrsh[default]> echo $? plain   # as written
            0 plain

            """)
        XCTAssertEqual(result.stderr, "## Run: ctrsh --demo notes.ctrsh 'WORD WORD'\n", "standard error is apart: the presenter's")

        let session = try terminalSession(["--demo", "--auto", "0", script, "two words"])
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
        XCTAssertTrue(session.screen.contains("echo 'two words'"), session.screen)
        XCTAssertFalse(session.screen.contains("Run:"), "the audience saw the presenter's note: \(session.screen)")

        let cast = scratch + "/notes.cast"
        let recorded = try ctrsh("--cast", cast, "--demo", "--auto", "0", script, "two words")
        assertExit(recorded, 0)
        let events = try FileText.read(cast)
        XCTAssertTrue(events.contains("two words"), events)
        XCTAssertFalse(events.contains("Run:"), "the cast recorded the presenter's note: \(events)")
    }

    func testDemoAtATerminalWaitsForEnterAndSkipsOnS() throws {
        let session = try terminalSession(["--demo", try demoScript()])
        XCTAssertTrue(session.waitFor("ctrsh[default]> ns new uts"), session.screen)
        session.type("\r")
        // `pause` waits for a key without showing anything.
        XCTAssertFalse(session.waitFor("ctrsh[default]> hostname demo", seconds: 1), session.screen)
        session.type("\r")
        XCTAssertTrue(session.waitFor("ctrsh[default]> hostname demo"), session.screen)
        session.type("s")
        XCTAssertTrue(session.waitFor("(skipped)"), session.screen)
        XCTAssertTrue(session.waitFor("ctrsh[default]> echo \"typed and run\""), session.screen)
        session.mark()
        session.type("\r")
        XCTAssertTrue(session.waitFor("typed and run\r\n") || session.waitFor("typed and run\n"), session.screen)
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    /// A clicker pressed twice: the second Enter arrives while the next
    /// command is still being typed. It must not break the line on screen
    /// nor run the command; only an Enter pressed after the typing does.
    func testEnterPressedWhileACommandIsTypedIsSwallowed() throws {
        let script = try write(
            """
            echo first
            echo "a long line typed slowly enough to press a key in the middle of it"
            """, to: "clicker.ctrsh")
        let session = try terminalSession(["--demo", script])
        XCTAssertTrue(session.waitFor("ctrsh[default]> echo first"), session.screen)
        session.type("\r")
        XCTAssertTrue(session.waitFor("ctrsh[default]> echo \"a long"), session.screen)
        session.type("\r\r")
        let typed = "ctrsh[default]> echo \"a long line typed slowly enough to press a key in the middle of it\""
        XCTAssertTrue(session.waitFor(typed), session.screen)
        // Typed out whole, on one line, and not run: it waits for a new key.
        XCTAssertFalse(session.waitFor("\na long line", seconds: 1.5), session.screen)
        session.type("\r")
        XCTAssertTrue(session.waitFor("\na long line typed"), session.screen)
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    func testCastRecordsTheSessionForAsciinema() throws {
        let root = try requireRootfs()
        let cast = scratch + "/talk.cast"
        let result = try ctrsh("--cast", cast, "-c", "ns new pid,uts; hostname cast; rootfs use \(root); exec /bin/sh -c 'echo pid=$$ host=$(hostname)'")
        assertExit(result, 0)
        let lines = try FileText.read(cast).split(separator: "\n").map(String.init)
        let header = try XCTUnwrap(lines.first)
        XCTAssertTrue(header.hasPrefix("{\"version\": 2, \"width\": "), header)
        XCTAssertTrue(header.contains("\"height\": ") && header.contains("\"timestamp\": ") && header.contains("\"env\": {"), header)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("[") && $0.contains(", \"o\", ") }, "\(lines)")
        XCTAssertTrue(lines.contains { $0.contains("pid=1 host=cast") }, "\(lines)")
        // The recorder's end of input was once typed ahead as Ctrl-D and
        // came out of the program's terminal as a NUL, drawn `^@`.
        XCTAssertFalse(lines.contains { $0.contains("^@") || $0.contains("\\u0000") }, "\(lines)")
        // ctrsh's own question to the terminal after each program is not
        // recorded: played back, it would make the viewer's terminal answer.
        XCTAssertFalse(lines.contains { $0.contains("\\u001b[c") }, "\(lines)")

        try Privileges.require(access("/usr/bin/asciinema", X_OK) == 0 || (try? HostProgram.output(["sh", "-c", "command -v asciinema"])) != nil,
                               "asciinema is not installed (scripts/install-deps installs it)")
        let played = try HostProgram.output(["asciinema", "cat", cast])
        XCTAssertTrue(played.contains("pid=1 host=cast"), played)
    }

    func testInputPipedToARecordedSessionReachesTheProgramWithItsEnd() throws {
        let root = try requireRootfs()
        let cast = scratch + "/cat.cast"
        let result = try ctrsh("--cast", cast, "-c", "ns new pid; rootfs use \(root); exec /bin/cat; exec /bin/echo after-cat",
                               input: "typed ahead\n")
        assertExit(result, 0)
        let recorded = try FileText.read(cast)
        XCTAssertTrue(recorded.contains("typed ahead"), recorded)
        XCTAssertTrue(recorded.contains("after-cat"), "cat saw the end of its input and the script went on: \(recorded)")
        XCTAssertFalse(recorded.contains("^@") || recorded.contains("\\u0000"), recorded)
    }

    func testCastIntoADirectoryIsRefusedBeforeTheSessionStarts() throws {
        let result = try ctrsh("--cast", scratch, "-c", "echo never")
        assertExit(result, 1)
        XCTAssertFalse(result.stdout.contains("never"))
        XCTAssertTrue(result.stderr.contains("is a directory"), "\(result)")
    }
}
