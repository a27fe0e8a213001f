import CtrCommands
import Glibc
import XCTest

/// What ctrsh prints of a word a container chose: every control character
/// a terminal would act on shown as an escape.
final class DisplayTextTests: XCTestCase {
    func testAWordHasEveryControlCharacterEscaped() {
        XCTAssertEqual(DisplayText.escaped("\u{1b}]2;x;host touch F\u{7}\u{1b}[21t"), "\\x1b]2;x;host touch F\\x07\\x1b[21t")
        XCTAssertEqual(DisplayText.escaped("a\nb\tc\rd\u{0}e\u{7f}"), "a\\nb\\tc\\rd\\x00e\\x7f")
        // C1 controls, one UTF-8 character each (CSI is U+009B), by code point.
        XCTAssertEqual(DisplayText.escaped("\u{9b}21t\u{85}"), "\\u{9b}21t\\u{85}")
    }

    func testPrintableTextIsLeftAsItIs() {
        for text in ["/etc/motd", "ünïcødé → ✓", "\u{a0}non-breaking", "back\\slash", ""] {
            XCTAssertEqual(DisplayText.escaped(text), text)
            XCTAssertEqual(DisplayText.printable(text), text)
        }
    }

    func testALineKeepsItsLayoutButNotItsControls() {
        XCTAssertEqual(DisplayText.printable("PID\tCOMMAND\n1\t\u{1b}[21t\u{9d}"), "PID\tCOMMAND\n1\t\\x1b[21t\\u{9d}")
    }

    /// Every line through `Output` is made printable, and `expect` sees it so.
    func testOutputEscapesWhatItPrints() throws {
        var ends: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&ends), 0)
        defer { close(ends[0]) }
        let output = Output(standardOutput: ends[1], standardError: ends[1])
        output.line("name \u{1b}[21t")
        output.errorLine("error: `/\u{7}`")
        close(ends[1])
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = read(ends[0], &buffer, buffer.count)
        XCTAssertEqual(String(decoding: buffer[0..<max(0, count)], as: UTF8.self), "name \\x1b[21t\nerror: `/\\x07`\n")
        XCTAssertEqual(output.captured, "name \\x1b[21t\nerror: `/\\x07`\n")
    }
}
