import CtrRuntime
import Glibc
import TestSupport
import XCTest

/// A terminal answers some escape sequences by typing into its input. A
/// title report (`CSI 21 t`; xterm with allowWindowOps, and others) types
/// `OSC l TITLE ST`, and the title is whatever was last set, here by the
/// container (`OSC 2 ; TITLE BEL`). An answer that reaches ctrsh's prompt
/// is read by its line editor, where `;` begins a new command: a title
/// `x;host touch FILE` runs on the host at the user's next Enter. The
/// test plays the terminal and, as one does, answers only a query it was
/// shown. Needs root and gcc.
final class TerminalAnswerTests: EndToEndTestCase {
    private var marker: String { scratch + "/PWNED" }
    private let query = Array("\u{1b}[21t".utf8)
    private let running = "ctrsh[default:running]> "

    private var title: String { "x;host touch \(marker)" }
    private var answer: String { "\u{1b}]l\(title)\u{1b}\\" }

    /// ctrsh at its prompt with a container of a root holding the probe.
    private func prompt() throws -> TerminalSession {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        let session = try terminalSession()
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        type("ns new pid,mnt\r", into: session, expect: PromptTests.prompt)
        type("rootfs use \(root)\r", into: session, expect: PromptTests.prompt)
        return session
    }

    /// Whether the terminal was shown the title report query since the mark.
    private func queried(_ session: TerminalSession) -> Bool {
        let bytes = session.recentBytes
        guard bytes.count >= query.count else { return false }
        return (0...(bytes.count - query.count)).contains { Array(bytes[$0..<($0 + query.count)]) == query }
    }

    /// The user presses Enter and one more command; nothing ran on the host.
    private func assertNothingRan(_ session: TerminalSession, file: StaticString = #filePath, line: UInt = #line) {
        session.type("\r")
        type("echo prompt in order\r", into: session, expect: "prompt in order\n", file: file, line: line)
        XCTAssertEqual(access(marker, F_OK), -1, "the terminal's answer ran `host touch` on the host:\n\(session.screen)", file: file, line: line)
        session.type("quit\r")
        XCTAssertNotNil(session.waitForExit(), session.screen, file: file, line: line)
    }

    /// `ps` prints each process's name as the process wrote it: a name that
    /// holds the query makes the terminal answer straight into the prompt.
    func testAProcessNameCannotMakeTheTerminalTypeAtThePrompt() throws {
        let session = try prompt()
        type("start\r", into: session, expect: running)
        type("exec -d \(EscapeProbe.pathInRoot) title-query name '\(title)'\r", into: session, expect: running)
        session.mark()
        session.type("ps\r")
        XCTAssertTrue(session.waitFor("ctrsh-init"), session.screen)
        XCTAssertTrue(session.waitFor(running), session.screen)
        if queried(session) { session.type(answer) }
        assertNothingRan(session)
    }

    /// A foreground container asks and exits at once; the answer comes a
    /// moment later (a round trip over ssh), once ctrsh's prompt is back.
    func testAnAnswerToAContainersQueryDoesNotReachThePromptAfterItExits() throws {
        let session = try prompt()
        session.mark()
        session.type("exec \(EscapeProbe.pathInRoot) title-query print '\(title)'\r")
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        usleep(300_000)
        if queried(session) { session.type(answer) }
        assertNothingRan(session)
    }
}
