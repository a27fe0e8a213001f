import CtrRuntime
import CtrShell
import Foundation
import Glibc
import XCTest

/// Two prompts at once share one history file: every line either of them
/// enters is kept, whichever saves last.
final class HistoryStoreTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        var template = Array("/tmp/ctrsh-history-XXXXXX".utf8CString)
        directory = String(cString: try XCTUnwrap(mkdtemp(&template)))
    }

    override func tearDown() {
        _ = try? HostProgram.run(["rm", "-rf", directory])
    }

    private func savedLines(_ path: String) throws -> [String] {
        try FileText.read(path).split(separator: "\n").map(String.init)
    }

    func testTwoSessionsMergeInsteadOfOverwriting() throws {
        let path = directory + "/ctrsh/history"
        let first = HistoryStore(path: path)
        first.add("ns new pid")
        let second = HistoryStore(path: path)  // both open before either adds more
        let third = HistoryStore(path: path)
        first.add("hostname one")
        second.add("hostname two")
        third.add("ns new pid")  // a line entered again moves to the end
        first.add("multi\nline")
        XCTAssertEqual(try savedLines(path), ["hostname one", "hostname two", "ns new pid", "multi\\nline"])
        XCTAssertEqual(HistoryStore(path: path).entries, ["hostname one", "hostname two", "ns new pid", "multi\nline"])
        // Each session still navigates its own view.
        XCTAssertEqual(second.entries, ["ns new pid", "hostname two"])
    }

    func testEntriesWithBackslashesNewlinesAndNonASCIIComeBackAsEntered() throws {
        let path = directory + "/history"
        let entries = [#"echo a\b"#, "echo \\n is not a newline", "line one\nline two\\", "hostname ação", "plain", "crlf\r\nend"]
        let store = HistoryStore(path: path)
        for entry in entries { store.add(entry) }
        XCTAssertEqual(HistoryStore(path: path).entries, entries)
        XCTAssertEqual(try savedLines(path).count, entries.count, "one line per entry")
    }

    func testConcurrentSessionsLoseNoLine() throws {
        let path = directory + "/history"
        let perSession = 150
        nonisolated(unsafe) let stores = (0..<2).map { _ in HistoryStore(path: path) }
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            for number in 0..<perSession { stores[index].add("session \(index) line \(number)") }
        }
        let saved = Set(try savedLines(path))
        for index in 0..<2 {
            for number in 0..<perSession {
                XCTAssertTrue(saved.contains("session \(index) line \(number)"), "lost: session \(index) line \(number)")
            }
        }
        XCTAssertEqual(saved.count, 2 * perSession)
    }

    func testKeepsOnlyTheNewestEntries() throws {
        let path = directory + "/history"
        let lines = (0..<(HistoryStore.capacity + 5)).map { "line \($0)" }
        try FileText.create(path, text: lines.joined(separator: "\n") + "\n")
        let store = HistoryStore(path: path)
        XCTAssertEqual(store.entries.count, HistoryStore.capacity)
        store.add("newest")
        let saved = try savedLines(path)
        XCTAssertEqual(saved.count, HistoryStore.capacity)
        XCTAssertEqual(saved.last, "newest")
        XCTAssertEqual(saved.first, "line 6")
    }
}
