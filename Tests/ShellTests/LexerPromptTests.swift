import CtrShell
import XCTest

/// `Lexer.isIncomplete` and `Lexer.completionContext`, the prompt's view of
/// the line model.
final class LexerPromptTests: XCTestCase {
    func testIsIncomplete() {
        let cases: [(String, Bool, UInt)] = [
            ("", false, #line),
            ("echo hi", false, #line),
            ("echo 'a", true, #line),
            ("echo \"a", true, #line),
            ("echo \"a\\\"", true, #line),
            ("echo 'a\\'", false, #line),
            ("echo a\\", true, #line),
            ("echo a\\\n", true, #line),
            ("echo a\\\\", false, #line),
            ("echo a\\\nb", false, #line),
            ("# it's", false, #line),
            ("echo hi # it's", false, #line),
            ("echo hi # ends with \\", false, #line),
            ("echo \"a\nb\"", false, #line),
            ("echo \"it's\" 'say \"hi\"'", false, #line),
            ("echo 'a' \"", true, #line),
            ("echo $", false, #line),
            ("echo ${", false, #line),
            ("echo $ \"abc", true, #line),
            ("echo 'a\nb", true, #line),
            ("a; b \"c", true, #line),
            ("echo \"a;b\"; c", false, #line),
        ]
        for (text, expected, line) in cases {
            XCTAssertEqual(Lexer.isIncomplete(text), expected, text.debugDescription, line: line)
        }
    }

    struct Completion {
        var text: String
        var words: [String]
        var partial: String
        var value: String
        var offset: Int
        var quote: CompletionContext.Quote?
        var line: UInt
        init(
            _ text: String, _ words: [String], _ partial: String, value: String? = nil, offset: Int,
            quote: CompletionContext.Quote? = nil, line: UInt = #line
        ) {
            self.text = text
            self.words = words
            self.partial = partial
            self.value = value ?? partial
            self.offset = offset
            self.quote = quote
            self.line = line
        }
    }

    func testCompletionContext() throws {
        let cases: [Completion] = [
            Completion("", [], "", offset: 0),
            Completion("con", [], "con", offset: 0),
            Completion("container ", ["container"], "", offset: 10),
            Completion("ns new pi", ["ns", "new"], "pi", offset: 7),
            Completion("ns  new\tpi", ["ns", "new"], "pi", offset: 8),
            Completion("echo a; ns n", ["ns"], "n", offset: 11),
            Completion("echo a;", [], "", offset: 7),
            Completion("echo a\nls ", ["ls"], "", offset: 10),
            Completion("cat \"my fi", ["cat"], "\"my fi", value: "my fi", offset: 4, quote: .double),
            Completion("cat 'my fi", ["cat"], "'my fi", value: "my fi", offset: 4, quote: .single),
            Completion("cat 'a'\"b", ["cat"], "'a'\"b", value: "ab", offset: 4, quote: .double),
            Completion("cat my\\ fi", ["cat"], "my\\ fi", value: "my fi", offset: 4),
            Completion("echo \"a;b", ["echo"], "\"a;b", value: "a;b", offset: 5, quote: .double),
            Completion("ls $HO", ["ls"], "$HO", offset: 3),
            Completion("ls ${HOME}/x", ["ls"], "${HOME}/x", value: "$HOME/x", offset: 3),
            Completion("echo \"a b\" c", ["echo", "a b"], "c", offset: 11),
            Completion("echo $X/y d", ["echo", "$X/y"], "d", offset: 10),
            Completion("echo $ d", ["echo", "$"], "d", offset: 7),
            Completion("echo é ", ["echo", "é"], "", offset: 7),
            Completion("echo é/x", ["echo"], "é/x", offset: 5),
            Completion("echo a \\\n  b", ["echo", "a"], "b", offset: 11),
            Completion("echo \"x\ny", ["echo"], "\"x\ny", value: "x\ny", offset: 5, quote: .double),
        ]
        for item in cases {
            let context = try XCTUnwrap(Lexer.completionContext(item.text), line: item.line)
            XCTAssertEqual(context.words, item.words, item.text.debugDescription, line: item.line)
            XCTAssertEqual(context.partial, item.partial, item.text.debugDescription, line: item.line)
            XCTAssertEqual(context.partialValue, item.value, item.text.debugDescription, line: item.line)
            XCTAssertEqual(context.startOffset, item.offset, item.text.debugDescription, line: item.line)
            XCTAssertEqual(context.openQuote, item.quote, item.text.debugDescription, line: item.line)
            XCTAssertEqual(String(item.text[context.start...]), item.partial, item.text.debugDescription, line: item.line)
        }
    }

    func testNoCompletionInsideAComment() {
        XCTAssertNil(Lexer.completionContext("echo hi # comm"))
        XCTAssertNil(Lexer.completionContext("#"))
        XCTAssertNotNil(Lexer.completionContext("# note\nec"))
        XCTAssertNotNil(Lexer.completionContext("echo a#b"))
    }
}
