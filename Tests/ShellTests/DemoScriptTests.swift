@testable import CtrShell
import XCTest

/// A talk file's pacing marks: `#demo typing DURATION` lines set the typing
/// pace from there on and are never narration; a mark ctrsh does not
/// understand is reported with its line.
final class DemoScriptTests: XCTestCase {
    func testTypingMarksSetThePaceFromThereOn() {
        let items = DemoScript("# narration\n#demo typing 20ms\nhostname a\n#demo typing 0\nhostname b\n").items
        XCTAssertEqual(items.count, 5)
        XCTAssertEqual(items[0], .narration("narration"))
        XCTAssertEqual(items[1], .typing(.milliseconds(20)))
        XCTAssertEqual(items[3], .typing(.zero))
        guard case .step("hostname b", _, 5, false) = items[4] else { return XCTFail("\(items[4])") }
    }

    func testAMarkCtrshDoesNotUnderstandIsReportedWithItsLine() {
        let items = DemoScript("hostname a\n#demo speed 3\n#demo typing fast\n#demo typing\n").items
        let lines = items.compactMap { item -> Int? in
            if case .badDirective(let line, _) = item { return line }
            return nil
        }
        XCTAssertEqual(lines, [2, 3, 4])
    }

    func testACommentThatOnlyStartsWithDemoIsNarration() {
        XCTAssertEqual(DemoScript("#demonstrate the pid namespace\n").items, [.narration("demonstrate the pid namespace")])
    }
}
