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
/// shown, a round trip after it was shown. Needs root and gcc.
final class TerminalAnswerTests: EndToEndTestCase {
    private var marker: String { scratch + "/PWNED" }
    private let running = "ctrsh[default:running]> "

    private var title: String { "x;host touch \(marker)" }
    /// The same without a `/`, for a file name: `host touch` of a name
    /// relative to ctrsh's working directory, the scratch directory.
    private var fileTitle: String { "x;host touch PWNED" }

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

    /// Plays the terminal once the command typed after the mark is done:
    /// if it was shown a title report query, it answers with `title`, a
    /// round trip (`delay`) later, when ctrsh's line editor reads the
    /// terminal again (after `prompt`); if ctrsh itself asked for the
    /// primary device attributes (`CSI c`, as a fix may, to learn when the
    /// container's answers are all in), it answers both at once, in order.
    private func answerQueries(_ session: TerminalSession, title: String, prompt: String, delay: useconds_t = 300_000) {
        let titleQuery = Array("\u{1b}[21t".utf8), attributesQuery = Array("\u{1b}[c".utf8)
        func shown(_ query: [UInt8]) -> Bool {
            let bytes = session.recentBytes
            return bytes.count >= query.count && (0...(bytes.count - query.count)).contains { bytes[$0...].starts(with: query) }
        }
        session.waitUntil { $0.contains(prompt) || shown(attributesQuery) }
        guard shown(titleQuery) else { return }
        let asked = shown(attributesQuery)
        if !asked { session.waitForLineEditor() }
        usleep(delay)
        session.type("\u{1b}]l\(title)\u{1b}\\")
        if asked { session.type("\u{1b}[?1;2c") }
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
        type("sleep 500ms\r", into: session, expect: running)  // until it has renamed itself
        session.mark()
        session.type("ps\r")
        answerQueries(session, title: title, prompt: running)
        XCTAssertTrue(session.waitFor(running), session.screen)
        assertNothingRan(session)
    }

    /// A foreground container asks and exits at once; the answer comes a
    /// moment later (a round trip over ssh), once ctrsh's prompt is back.
    func testAnAnswerToAContainersQueryDoesNotReachThePromptAfterItExits() throws {
        let session = try prompt()
        session.mark()
        session.type("exec \(EscapeProbe.pathInRoot) title-query print '\(title)'\r")
        answerQueries(session, title: title, prompt: PromptTests.prompt)
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        assertNothingRan(session)
    }

    /// The container asks for the device attributes itself before the
    /// title: the terminal's answer to that is not taken for the one to
    /// ctrsh's own `CSI c`, which comes last.
    func testAContainersAttributesQueryIsNotTakenForCtrshs() throws {
        let session = try prompt()
        session.mark()
        session.type("exec \(EscapeProbe.pathInRoot) title-query attributes-first '\(title)'\r")
        let attributesQuery = Array("\u{1b}[c".utf8)
        func asked() -> Int {
            let bytes = session.recentBytes
            guard bytes.count >= attributesQuery.count else { return 0 }
            return (0...(bytes.count - attributesQuery.count)).filter { bytes[$0...].starts(with: attributesQuery) }.count
        }
        // Once ctrsh has asked too (or its prompt is back), the terminal
        // answers all three, in order, a round trip later; the first in a
        // read of its own.
        session.waitUntil { asked() >= 2 || $0.contains(PromptTests.prompt) }
        usleep(100_000)
        session.type("\u{1b}[?1;2c")
        usleep(20_000)
        session.type("\u{1b}]l\(title)\u{1b}\\\u{1b}[?1;2c")
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        assertNothingRan(session)
    }

    /// `logs` prints what a detached process wrote as it wrote it (like
    /// `docker logs`): its query reaches the terminal, its answer not the
    /// prompt.
    func testAnAnswerToAQueryInTheLogDoesNotReachThePrompt() throws {
        let session = try prompt()
        type("start\r", into: session, expect: running)
        type("exec -d \(EscapeProbe.pathInRoot) title-query print '\(title)'\r", into: session, expect: running)
        type("sleep 500ms\r", into: session, expect: running)  // until it has printed
        session.mark()
        session.type("logs\r")
        answerQueries(session, title: title, prompt: running)
        XCTAssertTrue(session.waitFor(running), session.screen)
        assertNothingRan(session)
    }

    /// `host cat` of a file the container wrote prints its query on ctrsh's
    /// own terminal: the answer does not reach the prompt either.
    func testAnAnswerToAQueryAHostProgramPrintedDoesNotReachThePrompt() throws {
        let file = scratch + "/query"
        try Data("\u{1b}]2;\(title)\u{7}\u{1b}[21t".utf8).write(to: URL(fileURLWithPath: file))
        let session = try terminalSession()
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        session.mark()
        session.type("host cat \(file)\r")
        answerQueries(session, title: title, prompt: PromptTests.prompt)
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        assertNothingRan(session)
    }

    /// Tab completion lists the names of files in the container's root:
    /// shown escaped, so the terminal is never shown the query.
    func testACompletionListShowsTheRootsNamesEscaped() throws {
        let root = scratch + "/named-root"
        XCTAssertEqual(mkdir(root, 0o755), 0)
        for suffix in ["A", "B"] {
            XCTAssertTrue(FileManager.default.createFile(atPath: root + "/\u{1b}[21t" + suffix, contents: nil))
        }
        let session = try terminalSession()
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        type("rootfs use \(root)\r", into: session, expect: PromptTests.prompt)
        session.mark()
        session.type("exec /\t")
        session.waitForLineEditor()
        usleep(300_000)
        session.type("\t")
        XCTAssertTrue(session.waitFor("\\x1b[21tB"), session.screen)
        let query = Array("\u{1b}[21t".utf8), bytes = session.recentBytes
        XCTAssertFalse((0...max(0, bytes.count - query.count)).contains { bytes[$0...].starts(with: query) }, session.screen)
        session.type("\u{3}quit\r")
        XCTAssertNotNil(session.waitForExit(), session.screen)
    }

    /// `rootfs diff` prints the names the container gave its files.
    func testAFileNameCannotMakeTheTerminalTypeAtThePrompt() throws {
        let root = try requireRootfs()
        try EscapeProbe.install(inRoot: root)
        let session = try terminalSession()
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        type("ns new pid,mnt\r", into: session, expect: PromptTests.prompt)
        type("rootfs use \(root) --overlay\r", into: session, expect: PromptTests.prompt)
        type("exec \(EscapeProbe.pathInRoot) title-query file '\(fileTitle)'\r", into: session, expect: "title-query: ok")
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        session.mark()
        session.type("rootfs diff\r")
        answerQueries(session, title: fileTitle, prompt: PromptTests.prompt)
        XCTAssertTrue(session.waitFor(PromptTests.prompt), session.screen)
        assertNothingRan(session)
    }
}
