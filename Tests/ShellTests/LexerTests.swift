import CtrShell
import XCTest

/// The lexer's rules, one table row each: the source, then what repeated
/// `next()` calls give, each command expanded with `variables`.
final class LexerTests: XCTestCase {
    /// What one `next()` call gave: expanded words, or an error as
    /// `LINE:COL: MESSAGE` (from lexing or from expanding).
    enum Outcome: Equatable, CustomStringConvertible {
        case words([String])
        case error(String)

        var description: String {
            switch self {
            case .words(let words): "words \(words)"
            case .error(let text): "error \(text)"
            }
        }
    }

    struct Case {
        var source: String
        var expected: [Outcome]
        var line: UInt
        init(_ source: String, _ expected: [Outcome], line: UInt = #line) {
            self.source = source
            self.expected = expected
            self.line = line
        }
    }

    static let variables: [String: String] = [
        "X": "1", "NAME": "world", "EMPTY": "", "SPACED": "a b", "DOLLAR": "$X", "E": "é", "_u1": "under",
        "?": "0", "1": "first", "2": "second", "10": "tenth",
    ]

    static func w(_ words: String...) -> Outcome { .words(words) }
    static func e(_ text: String) -> Outcome { .error(text) }

    static let cases: [Case] = [
        // Words, blanks, empty input
        Case("echo hi", [w("echo", "hi")]),
        Case("", []),
        Case("   \t  ", []),
        Case("\techo\ta\t", [w("echo", "a")]),
        Case("\n\n  echo a  \n\n", [w("echo", "a")]),
        Case("let X=1", [w("let", "X=1")]),
        // Comments
        Case("# just a comment", []),
        Case("#!/usr/bin/env ctrsh\necho hi", [w("echo", "hi")]),
        Case("echo hi # comment", [w("echo", "hi")]),
        Case("echo a#b", [w("echo", "a#b")]),
        Case("echo #a", [w("echo")]),
        Case("echo \\#a \"#b\" '#'#", [w("echo", "#a", "#b", "##")]),
        Case("echo x;# comment; not a command", [w("echo", "x")]),
        Case("echo a # comment \\\necho b", [w("echo", "a"), w("echo", "b")]),
        // Semicolons
        Case("a; b", [w("a"), w("b")]),
        Case("a;b;;c;", [w("a"), w("b"), w("c")]),
        Case("echo 'a;b' \"c;d\" e\\;f", [w("echo", "a;b", "c;d", "e;f")]),
        Case("echo ';' \";\"", [w("echo", ";", ";")]),
        // Single quotes
        Case("echo 'it''s'", [w("echo", "its")]),
        Case("echo 'a \"b\" $X \\n'", [w("echo", "a \"b\" $X \\n")]),
        Case("echo '\\'", [w("echo", "\\")]),
        Case("echo 'a\\\nb'", [w("echo", "a\\\nb")]),
        Case("echo 'a\"b' \"a'b\"", [w("echo", "a\"b", "a'b")]),
        // Double quotes and their escapes
        Case("echo \"$X\"", [w("echo", "1")]),
        Case("echo \"  spaced  \"", [w("echo", "  spaced  ")]),
        Case("echo \"\\\"\\\\\\$\\`\"", [w("echo", "\"\\$`")]),
        Case("echo \"\\a\\n\"", [w("echo", "\\a\\n")]),
        Case("echo \"a\\\nb\"", [w("echo", "ab")]),
        Case("echo \"a\nb\"", [w("echo", "a\nb")]),
        Case("echo a\"b\nc\"d e", [w("echo", "ab\ncd", "e")]),
        Case("echo \"${NAME}\" \"$E$E\"", [w("echo", "world", "éé")]),
        // Empty words and joining
        Case("echo \"\"", [w("echo", "")]),
        Case("echo '' \"\"", [w("echo", "", "")]),
        Case("echo a\"b\"'c'$X", [w("echo", "abc1")]),
        Case("echo $X\"\"", [w("echo", "1")]),
        Case("echo $EMPTY", [w("echo", "")]),
        // Backslash outside quotes
        Case("echo \\a\\ b", [w("echo", "a b")]),
        Case("echo \\'x\\'", [w("echo", "'x'")]),
        Case("echo \\$X", [w("echo", "$X")]),
        Case("echo \\é", [w("echo", "é")]),
        // Line continuation
        Case("echo a\\\nb", [w("echo", "ab")]),
        Case("echo a \\\n  b", [w("echo", "a", "b")]),
        Case("echo x\\\n", [w("echo", "x")]),
        Case("echo a \\\n  b ; ls", [w("echo", "a", "b"), w("ls")]),
        // Line breaks
        Case("echo a\necho b", [w("echo", "a"), w("echo", "b")]),
        Case("echo hi\r\necho there\r\n", [w("echo", "hi"), w("echo", "there")]),
        Case("echo a\\\r\nb", [w("echo", "ab")]),
        // Variables
        Case("echo $X$X", [w("echo", "11")]),
        Case("echo $X.txt", [w("echo", "1.txt")]),
        Case("echo ${NAME}s ${X}${NAME}", [w("echo", "worlds", "1world")]),
        Case("echo $_u1", [w("echo", "under")]),
        Case("echo $SPACED", [w("echo", "a b")]),
        Case("echo $DOLLAR", [w("echo", "$X")]),
        Case("echo $? ${?}", [w("echo", "0", "0")]),
        Case("echo $1 $2", [w("echo", "first", "second")]),
        Case("echo $10 ${10}", [w("echo", "first0", "tenth")]),
        Case("echo $NAMEs", [e("1:6: unknown variable `$NAMEs`")]),
        Case("echo $0", [e("1:6: unknown variable `$0`")]),
        Case("echo x ${NOPE}", [e("1:8: unknown variable `$NOPE`")]),
        // Malformed variables
        Case("echo $", [w("echo", "$")]),
        Case("echo $\necho b", [w("echo", "$"), w("echo", "b")]),
        Case("echo $ x", [w("echo", "$", "x")]),
        Case("echo \"$\"", [w("echo", "$")]),
        Case("echo \"^$1$\"", [w("echo", "^first$")]),
        Case("echo $-", [w("echo", "$-")]),
        Case("echo ${X", [e("1:6: unterminated `${`")]),
        Case("echo ${X\n}", [e("1:6: unterminated `${`"), w("}")]),
        Case("echo \"${X\"", [e("1:7: unterminated `${`")]),
        Case("echo ${}", [e("1:6: expected a variable name inside `${}`")]),
        Case("echo ${1a}", [e("1:6: invalid variable name `1a`")]),
        Case("echo ${A-B}", [e("1:6: invalid variable name `A-B`")]),
        Case("echo ${01}", [e("1:6: invalid variable name `01`")]),
        Case("echo ${??}", [e("1:6: invalid variable name `??`")]),
        // Unterminated quotes, backslash at the end, NUL
        Case("echo 'abc", [e("1:6: unterminated single quote")]),
        Case("echo \"abc", [e("1:6: unterminated double quote")]),
        Case("echo \"a\\\"", [e("1:6: unterminated double quote")]),
        Case("echo abc\\", [e("1:9: backslash at end of input")]),
        Case("echo a\u{0}b", [e("1:7: NUL byte in input")]),
        Case("echo 'a\u{0}'", [e("1:8: NUL byte in input")]),
        Case("# a\u{0}b\necho ok", [e("1:4: NUL byte in input"), w("echo", "ok")]),
        // Columns count Characters; a tab is one column
        Case("echo é \"abc", [e("1:8: unterminated double quote")]),
        Case("echo e\u{301}\"x", [e("1:7: unterminated double quote")]),
        Case("echo 👍🏽 $NOPE", [e("1:8: unknown variable `$NOPE`")]),
        Case("echo 𝄞 é 👨‍👩‍👧 \"", [e("1:12: unterminated double quote")]),
        Case("\techo \"x", [e("1:7: unterminated double quote")]),
        // Lines are counted across blank lines, continuations and quotes
        Case("echo a\n\n\necho ${", [w("echo", "a"), e("4:6: unterminated `${`")]),
        Case("echo 'x\ny' ${\n", [e("2:4: unterminated `${`")]),
        Case("echo one \\\n  two \\\n  \"three\nx", [e("3:3: unterminated double quote"), w("x")]),
        // Recovery: after an error the next physical line lexes
        Case(
            "echo ok\necho \"bad\necho after",
            [w("echo", "ok"), e("2:6: unterminated double quote"), w("echo", "after")]),
        Case("echo ${; echo skipped\necho next", [e("1:6: unterminated `${`"), w("echo", "next")]),
        Case("echo 'a\nb\nc", [e("1:6: unterminated single quote"), w("b"), w("c")]),
        Case("echo ${ \"a\nb\"; echo c\necho d", [e("1:6: unterminated `${`"), w("echo", "d")]),
        Case("a; b ${; c \"open\nd", [w("a"), e("1:6: unterminated `${`"), w("d")]),
        // Expansion errors are per command: lexing goes on
        Case(
            "echo first; echo $NOPE; echo third",
            [w("echo", "first"), e("1:18: unknown variable `$NOPE`"), w("echo", "third")]),
    ]

    func testTable() {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 60)
        for item in Self.cases {
            XCTAssertEqual(
                Self.outcomes(item.source), item.expected, "source: \(item.source.debugDescription)", line: item.line)
        }
    }

    /// Every `next()` result for `source`, expanding with `variables`.
    static func outcomes(_ source: String) -> [Outcome] {
        var lexer = Lexer(source)
        var result: [Outcome] = []
        while result.count < 1000 {
            do {
                guard let command = try lexer.next() else { break }
                do {
                    result.append(.words(try command.expandWords { variables[$0] }))
                } catch {
                    result.append(.error("\(error.location): \(error.message)"))
                }
            } catch {
                result.append(.error("\(error.location): \(error.message)"))
            }
        }
        return result
    }

    // MARK: - Commands and words as written

    func testSourceRawTextAndLocations() throws {
        var lexer = Lexer("  echo  \"a b\"  $X # c\n  é\\\n x ; ls")
        let first = try XCTUnwrap(lexer.next())
        XCTAssertEqual(first.source, "echo  \"a b\"  $X")
        XCTAssertEqual(first.location, SourceLocation(line: 1, column: 3))
        XCTAssertEqual(first.words.map(\.raw), ["echo", "\"a b\"", "$X"])
        XCTAssertEqual(first.words.map(\.location.description), ["1:3", "1:9", "1:16"])
        XCTAssertEqual(first.words[2].parts, [.variable(name: "X", location: SourceLocation(line: 1, column: 16))])
        XCTAssertEqual(first.words[1].literal, "a b")
        XCTAssertNil(first.words[2].literal)
        XCTAssertTrue(first.words[2].hasVariables)

        let second = try XCTUnwrap(lexer.next())
        XCTAssertEqual(second.source, "é\\\n x")
        XCTAssertEqual(second.words.map(\.raw), ["é", "x"])
        XCTAssertEqual(second.words.map(\.location.description), ["2:3", "3:2"])

        let third = try XCTUnwrap(lexer.next())
        XCTAssertEqual(third.source, "ls")
        XCTAssertEqual(third.location, SourceLocation(line: 3, column: 6))
        XCTAssertNil(try lexer.next())
        XCTAssertNil(try lexer.next())
    }

    func testWordPartsMergeLiterals() throws {
        var lexer = Lexer("a\"b\"'c'${X}d$1")
        let word = try XCTUnwrap(lexer.next()).words[0]
        XCTAssertEqual(word.raw, "a\"b\"'c'${X}d$1")
        XCTAssertEqual(
            word.parts,
            [
                .literal("abc"), .variable(name: "X", location: SourceLocation(line: 1, column: 8)),
                .literal("d"), .variable(name: "1", location: SourceLocation(line: 1, column: 13)),
            ])
    }

    func testErrorsCarryKindAndHint() {
        var lexer = Lexer("echo \"x")
        XCTAssertThrowsError(try lexer.next()) { error in
            guard let error = error as? LexError else { return XCTFail("not a LexError: \(error)") }
            XCTAssertEqual(error.kind, .unterminatedDoubleQuote)
            XCTAssertTrue(error.isIncompleteInput)
            XCTAssertEqual(error.hint, "close it with `\"`")
        }
        let location = SourceLocation(line: 2, column: 3)
        let word = Word(parts: [.variable(name: "NOPE", location: location)], location: location, raw: "$NOPE")
        XCTAssertThrowsError(try word.expand { _ in nil }) { error in
            guard let error = error as? LexError else { return XCTFail("not a LexError: \(error)") }
            XCTAssertEqual(error.message, "unknown variable `$NOPE`")
            XCTAssertEqual(error.hint, "set it with `let NOPE=VALUE`")
            XCTAssertEqual(error.location.description, "2:3")
        }
    }

    func testUnknownVariableHints() {
        let location = SourceLocation(line: 1, column: 1)
        let hints = ["X": "set it with `let X=VALUE`", "3": "the script was given fewer than 3 arguments"]
        for (name, hint) in hints {
            XCTAssertEqual(LexError(.unknownVariable(name), at: location).hint, hint)
        }
        XCTAssertNil(LexError(.unknownVariable("?"), at: location).hint)
    }

    func testLongNamesAreShortenedInMessages() {
        let name = String(repeating: "a", count: 100) + "-"
        XCTAssertEqual(
            Self.outcomes("${\(name)}"), [.error("1:1: invalid variable name `\(String(repeating: "a", count: 40))…`")])
    }
}
