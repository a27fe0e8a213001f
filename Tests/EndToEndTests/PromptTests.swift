import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// The interactive prompt at a real pseudo-terminal: the prompt text,
/// TAB completion, history across sessions, Ctrl-C and Ctrl-D.
final class PromptTests: EndToEndTestCase {
    static let prompt = "ctrsh[default]> "
    static let up = "\u{1b}[A"
    static let ctrlC = "\u{3}"
    static let ctrlD = "\u{4}"

    /// Leaves with `quit` and checks the exit status.
    private func quit(_ session: TerminalSession, file: StaticString = #filePath, line: UInt = #line) {
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen, file: file, line: line)
    }

    /// Hostile input at the prompt is an error line, and the session goes on.
    func testHostileInputLeavesThePromptRunning() throws {
        let session = try startAtPrompt()
        typeAtPrompt("source /dev/zero\r", into: session,
             expect: "/dev/zero:1:1: error: NUL byte: `/dev/zero` is not a text file (a binary, or a device?)\n" + Self.prompt)
        typeAtPrompt("quit 256\r", into: session,
             expect: "error: quit: `256` is not an exit status: a status is a whole number from 0 to 255\n" + Self.prompt)
        typeAtPrompt("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r", into: session, expect: Self.prompt)
        typeAtPrompt("expect output matches '^(a*)*b$'\r", into: session, expect: "took longer than 5 s and was stopped")
        XCTAssertTrue(session.waitFor(Self.prompt), session.recent)
        // A byte that is not UTF-8 rings the bell and is left out of the line.
        session.mark()
        session.type(bytes: Array("echo a".utf8) + [0xFF] + Array("b\r".utf8))
        XCTAssertTrue(session.waitFor("\nab\n" + Self.prompt), session.recent)
        XCTAssertTrue(session.recentBytes.contains(0x07), "no bell for a byte that is not UTF-8")
        XCTAssertNil(session.status, "bad input ended the session")
        session.type("quit 0\r")
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    func testPromptAppearsAndRunsACommand() throws {
        let session = try startAtPrompt()
        typeAtPrompt("echo hello from the prompt\r", into: session, expect: "hello from the prompt\n" + Self.prompt)
        typeAtPrompt("nss new pid\r", into: session, expect: "error: unknown command `nss` — did you mean `ns`?\n" + Self.prompt)
        XCTAssertNil(session.status, "an error ended the session")
        session.type("quit\r")
        XCTAssertEqual(session.waitForExit(), .exited(1), "`quit` leaves with `$?`: \(session.screen)")
    }

    func testTabCompletesACommandName() throws {
        let session = try startAtPrompt()
        typeAtPrompt("cg\t", into: session, expect: "cgroup ")
        typeAtPrompt("show\r", into: session, expect: "version")
        XCTAssertTrue(session.recent.contains(#/\n  memory +no limit\n/#), session.recent)
        quit(session)
    }

    func testTabListsSubcommands() throws {
        let session = try startAtPrompt()
        session.mark()
        session.type("cgroup s\t\t")
        XCTAssertTrue(session.waitUntil { $0.contains(#/\bset\s+show\b/#) }, session.recent)
        XCTAssertFalse(session.recent.contains("unset"), session.recent)
        typeAtPrompt("how\r", into: session, expect: "version")
        quit(session)
    }

    func testTabCompletesNamespaceTypesInAList() throws {
        let session = try startAtPrompt()
        session.mark()
        session.type("ns new pid,u\t")
        XCTAssertTrue(session.waitUntil { $0.contains(#/\buser\s+uts\b/#) }, session.recent)
        typeAtPrompt("t\t", into: session, expect: "pid,uts ")
        typeAtPrompt("\r", into: session, expect: Self.prompt)
        typeAtPrompt("show\r", into: session, expect: "pid,uts\n")
        quit(session)
    }

    func testTabCompletesARelativePath() throws {
        _ = try requireRootfs()
        let session = try startAtPrompt(in: rootfsScratch)
        typeAtPrompt("rootfs use ./ro\t", into: session, expect: "./rootfs/")
        typeAtPrompt("\r", into: session, expect: "rootfs: added the mnt namespace")
        typeAtPrompt("show\r", into: session, expect: "\(rootfsScratch ?? "?")/rootfs\n")
        quit(session)
    }

    func testHistoryIsRecalledInTheNextSession() throws {
        let first = try startAtPrompt()
        typeAtPrompt("echo remembered-42\r", into: first, expect: "remembered-42\n" + Self.prompt)
        quit(first)
        XCTAssertEqual(try FileText.read(scratch + "/data/ctrsh/history"), "echo remembered-42\nquit\n")

        let second = try startAtPrompt()
        typeAtPrompt(Self.up + Self.up, into: second, expect: "echo remembered-42")
        typeAtPrompt("\r", into: second, expect: "\nremembered-42\n" + Self.prompt)
        quit(second)
    }

    /// Issue 15: two prompts open at once used to overwrite each other's
    /// history; every line of both is kept, whichever leaves first.
    func testTwoPromptsAtOnceKeepEachOthersHistory() throws {
        for firstToLeave in [0, 1] {
            unlink(scratch + "/data/ctrsh/history")
            let sessions = [try startAtPrompt(), try startAtPrompt()]
            typeAtPrompt("echo one-\(firstToLeave)\r", into: sessions[0], expect: "one-\(firstToLeave)\n" + Self.prompt)
            typeAtPrompt("echo two-\(firstToLeave)\r", into: sessions[1], expect: "two-\(firstToLeave)\n" + Self.prompt)
            typeAtPrompt("echo three-\(firstToLeave)\r", into: sessions[0], expect: "three-\(firstToLeave)\n" + Self.prompt)
            quit(sessions[firstToLeave])
            quit(sessions[1 - firstToLeave])
            let saved = try FileText.read(scratch + "/data/ctrsh/history").split(separator: "\n").map(String.init)
            XCTAssertEqual(saved, ["echo one-\(firstToLeave)", "echo two-\(firstToLeave)", "echo three-\(firstToLeave)", "quit"])
        }
    }

    func testCtrlCAbandonsTheLineAndKeepsTheSession() throws {
        let session = try startAtPrompt()
        typeAtPrompt("echo half-typed" + Self.ctrlC, into: session, expect: "^C\n" + Self.prompt)
        typeAtPrompt(Self.ctrlC, into: session, expect: Self.prompt)
        typeAtPrompt("echo alive\r", into: session, expect: "alive\n" + Self.prompt)
        XCTAssertFalse(session.screen.contains("\nhalf-typed"), "the abandoned line ran:\n\(session.screen)")
        XCTAssertNil(session.status, "Ctrl-C ended the session")
        quit(session)
    }

    func testCtrlDLeaves() throws {
        let session = try startAtPrompt()
        session.type(Self.ctrlD)
        XCTAssertEqual(session.waitForExit(), .exited(0), session.screen)
    }

    func testContinuationPromptForAnOpenQuote() throws {
        let session = try startAtPrompt()
        typeAtPrompt("echo \"one\r", into: session, expect: "...> ")
        typeAtPrompt("two\"\r", into: session, expect: "one\ntwo\n" + Self.prompt)
        quit(session)
    }
}
