@testable import CtrShell
import XCTest

/// A recording keeps everything the session printed but the device
/// attributes queries, also when one is split across reads.
final class AttributesQueryFilterTests: XCTestCase {
    private func run(_ pieces: [String]) -> (text: String, queries: Int) {
        var filter = AttributesQueryFilter()
        var kept: [UInt8] = []
        var queries = 0
        for piece in pieces {
            let result = filter.filter(Array(piece.utf8)[...])
            kept += result.kept
            queries += result.queries
        }
        kept += filter.flush()
        return (String(decoding: kept, as: UTF8.self), queries)
    }

    func testBothFormsAreTakenOutAndCounted() {
        let result = run(["before\u{1b}[cmiddle\u{1b}[0cafter"])
        XCTAssertEqual(result.text, "beforemiddleafter")
        XCTAssertEqual(result.queries, 2)
    }

    func testAQuerySplitAtEveryByteIsStillTakenOut() {
        let result = run(["a\u{1b}", "[", "0", "cb"])
        XCTAssertEqual(result.text, "ab")
        XCTAssertEqual(result.queries, 1)
    }

    func testOtherEscapeSequencesAndTheirAnswersStay() {
        let text = "\u{1b}[1mbold\u{1b}[0m \u{1b}[?6c \u{1b}[6n \u{1b}[01c"
        XCTAssertEqual(run([text]).text, text)
        XCTAssertEqual(run([text]).queries, 0)
    }

    func testABeginningLeftAtTheEndIsKept() {
        let result = run(["end\u{1b}["])
        XCTAssertEqual(result.text, "end\u{1b}[")
        XCTAssertEqual(result.queries, 0)
    }
}
