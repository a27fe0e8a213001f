import Glibc
import TestSupport
import XCTest

/// Containers at a real pseudo-terminal: an interactive shell inside one
/// gets a terminal of its own, which ctrsh relays and then gives back;
/// Ctrl-C ends a PID 1 that ignores it. Needs root.
final class InteractiveContainerTests: EndToEndTestCase {
    /// A session at the prompt with a container spec using the test's root.
    private func composed() throws -> TerminalSession {
        let root = try requireRootfs()
        let session = try terminalSession()
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        type("ns new pid,mnt\r", into: session, expect: PromptTests.prompt)
        type("rootfs use \(root)\r", into: session, expect: PromptTests.prompt)
        return session
    }

    func testInteractiveShellInAContainerTakesAndGivesBackTheTerminal() throws {
        let session = try composed()
        type("exec /bin/sh\r", into: session, expect: "# ")
        session.mark()
        session.type("echo $$\r")
        XCTAssertTrue(session.waitUntil { $0.split(separator: "\n").contains("1") }, "no line `1` in:\n\(session.recent)")
        // Ctrl-C goes to the shell's foreground command, not to ctrsh.
        session.mark()
        session.type("sleep 30\r")
        usleep(300_000)
        let interrupted = Clock.monotonicSeconds
        session.type("\u{3}")
        type("echo still $$\r", into: session, expect: "still 1\n")
        XCTAssertLessThan(Clock.monotonicSeconds - interrupted, 10, "Ctrl-C did not stop `sleep 30`")
        XCTAssertFalse(session.screen.contains("interrupted by Ctrl-C"), session.screen)
        type("exit\r", into: session, expect: PromptTests.prompt)
        type("echo back in ctrsh\r", into: session, expect: "back in ctrsh\n" + PromptTests.prompt)
        XCTAssertEqual(session.children, [], "a container process outlived `exit`")
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    func testCtrlCEndsASleepRunningAsPIDOne() throws {
        let session = try composed()
        session.mark()
        session.type("exec /bin/sleep 30\r")
        let started = Clock.monotonicSeconds
        XCTAssertTrue(waitUntil(seconds: 10) { !session.children.isEmpty }, "sleep did not start:\n\(session.recent)")
        usleep(200_000)
        session.type("\u{3}")
        XCTAssertTrue(session.waitFor(PromptTests.prompt, seconds: 10), "no prompt after Ctrl-C:\n\(session.recent)")
        XCTAssertLessThan(Clock.monotonicSeconds - started, 10, "sleep ran on after Ctrl-C")
        XCTAssertTrue(session.recent.contains("exec: interrupted by Ctrl-C (status 130)"), session.recent)
        XCTAssertEqual(session.children, [])
        type("echo $?\r", into: session, expect: "130\n" + PromptTests.prompt)
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(130), "`quit` leaves with `$?`: \(session.screen)")
    }

    /// The shell inside has a controlling terminal of its own, so its job
    /// control works: Ctrl-Z stops its foreground job, not the container.
    func testCtrlZStopsAJobOfTheShellInside() throws {
        let session = try composed()
        type("exec /bin/sh\r", into: session, expect: "# ")
        session.mark()
        session.type("sleep 30\r")
        usleep(300_000)
        type("\u{1A}", into: session, expect: "Stopped")
        type("jobs\r", into: session, expect: "sleep 30\n")
        type("kill -9 %1; wait; echo jobs $(jobs | wc -l)\r", into: session, expect: "jobs 0\n")
        type("exit\r", into: session, expect: PromptTests.prompt)
        XCTAssertEqual(session.children, [], "a container process outlived `exit`")
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    /// ctrsh's terminal is raw only while it relays a container's, and is
    /// put back when SIGTERM ends the session in the middle of one.
    func testTheTerminalIsRawWhileRelayingAndRestoredAfterSIGTERM() throws {
        let session = try composed()
        var before = termios()
        XCTAssertEqual(tcgetattr(session.terminal.master, &before), 0)
        XCTAssertNotEqual(before.c_oflag & tcflag_t(OPOST), 0, "the line editor keeps output processing")
        session.mark()
        session.type("exec /bin/sleep 30\r")
        var raw = termios()
        XCTAssertTrue(waitUntil(seconds: 10) {
            tcgetattr(session.terminal.master, &raw) == 0 && raw.c_oflag & tcflag_t(OPOST) == 0 && !session.children.isEmpty
        }, "ctrsh's terminal did not go raw (the container's terminal does the output processing):\n\(session.recent)")
        XCTAssertEqual(raw.c_lflag & tcflag_t(ISIG | ICANON | ECHO), 0, "keys reach the container's terminal unchanged")
        kill(session.pid, SIGTERM)
        XCTAssertNotNil(session.waitForExit(seconds: 10), session.screen)
        var after = termios()
        XCTAssertEqual(tcgetattr(session.terminal.master, &after), 0)
        for (flag, name) in [(ISIG, "ISIG"), (ICANON, "ICANON"), (ECHO, "ECHO")] {
            XCTAssertNotEqual(after.c_lflag & tcflag_t(flag), 0, "\(name) is off after ctrsh ended")
        }
        XCTAssertNotEqual(after.c_oflag & tcflag_t(OPOST), 0, "OPOST is off after ctrsh ended")
    }

    /// The container's terminal is opened in its own devpts, so the slave's
    /// name exists inside: `tty` says `/dev/pts/0`, as in `docker run -it`,
    /// for a new container and for an `exec` into a running one; a
    /// `--user` owns it.
    func testTtyInAContainerNamesATerminalThatExistsInside() throws {
        let session = try composed()
        type("exec tty\r", into: session, expect: "/dev/pts/0\n" + PromptTests.prompt)
        // `--user`'s terminal is its own, as a login's is.
        type("exec --user 1000:1000 /bin/sh -c 'stat -c \"owner %u:%g\" $(tty)'\r", into: session,
             expect: "owner 1000:1000\n" + PromptTests.prompt)
        let running = "ctrsh[default:running]> "
        type("start\r", into: session, expect: running)
        session.mark()
        type("exec /bin/sh -c 't=$(tty) && test -c \"$t\" && echo \"own $t\"; ls /dev/pts | tr \"\\n\" \" \"; echo'\r",
             into: session, expect: running)
        let lines = session.recent.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let own = lines.first { $0.hasPrefix("own /dev/pts/") }
        XCTAssertNotNil(own, "the exec's terminal is not a device in the container:\n\(session.recent)")
        let number = own.map { String($0.dropFirst("own /dev/pts/".count)) } ?? "?"
        XCTAssertTrue(lines.contains { $0.split(separator: " ").contains(Substring(number)) }, session.recent)
        type("stop\r", into: session, expect: PromptTests.prompt)
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    private func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Clock.monotonicSeconds + seconds
        while !condition() {
            if Clock.monotonicSeconds > deadline { return false }
            usleep(20_000)
        }
        return true
    }
}
