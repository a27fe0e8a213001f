import CtrShell
import FuzzTargets
import TestSupport
import XCTest

/// Random and mutated input through the lexer and expansion: nothing may
/// crash or hang, every error points inside the input, and large input
/// stays linear.
final class LexerFuzzTests: XCTestCase {
    typealias Random = SplitMix

    static let fragments: [String] = [
        " ", " ", "\t", "\n", "\r\n", "\r", ";", "#", "'", "\"", "\\", "$", "{", "}", "?", "\u{0}",
        "echo", "x", "X", "NAME", "a_1", "0", "1", "9", "10", "é", "e\u{301}", "👨‍👩‍👧", "🇫🇷", "\u{301}",
        "${", "${X}", "${10}", "$?", "$X", "$NOPE", "\\\n", "\\\"", "'a b'", "\"a $X\"", "# c",
    ]

    static let corpus: [String] = [
        "echo hi", "ns new pid,uts", "cgroup set memory 64M # limit", "echo \"$X and ${NAME}\"; echo '$X'",
        "rootfs use \"/my dir\" --overlay", "echo a\\\n  b", "let X=\"a b\"", "echo $1 ${10} $?",
    ]

    /// One random line: fragments, random bytes, mutations of real lines,
    /// deep nesting, and now and then a long line.
    static func line(_ random: inout Random) -> String {
        switch random.below(10) {
        case 0:
            let bytes = (0..<random.below(80)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            return String(decoding: bytes, as: UTF8.self)
        case 1, 2:
            var line = Array(corpus[random.below(corpus.count)].unicodeScalars)
            for _ in 0..<(1 + random.below(4)) {
                let index = random.below(line.count + 1)
                let scalars = Array(fragments[random.below(fragments.count)].unicodeScalars)
                switch random.below(3) {
                case 0: line.insert(contentsOf: scalars, at: index)
                case 1: if index < line.count { line.remove(at: index) }
                default: if index < line.count { line.replaceSubrange(index...index, with: scalars) }
                }
            }
            var text = ""
            text.unicodeScalars.append(contentsOf: line)
            return text
        case 3:
            let depth = random.below(200)
            let opener = ["\"", "'", "${", "\"${", "\\", "\"'"][random.below(6)]
            let closers = String(repeating: "}\"", count: random.below(depth + 1))
            return "echo " + String(repeating: opener, count: depth) + "x" + closers
        default:
            let count = random.below(3000) == 0 ? 20_000 : random.below(24)
            return (0..<count).map { _ in fragments[random.below(fragments.count)] }.joined()
        }
    }

    func testRandomInput() {
        var random = Random(seed: 0xC7A5)
        var lines = 0
        var errors = 0
        let clock = ContinuousClock()
        let start = clock.now
        while lines < 100_000 {
            let count = 1 + random.below(20)
            let script = (0..<count).map { _ in Self.line(&random) }.joined(separator: "\n")
            lines += count
            let report = LexerInvariants.check(script)
            XCTAssertEqual(report.problems, [])
            errors += report.errors
        }
        XCTAssertGreaterThan(errors, 1000, "the generator should produce plenty of malformed input")
        print("fuzz: \(lines) lines, \(errors) errors in \(clock.now - start)")
    }

    /// A 1 MB line of many words, variables and errors lexes in linear time.
    func testMegabyteLines() throws {
        let clock = ContinuousClock()
        let inputs = [
            String(repeating: "echo $X \"a b\" 'c' é👍🏽; ", count: 40_000),
            String(repeating: "${", count: 500_000),
            String(repeating: "é ", count: 500_000),
            String(repeating: "x", count: 1 << 20),
            "echo \"" + String(repeating: "a\\\"", count: 300_000),
        ]
        for input in inputs {
            let start = clock.now
            var commands = 0
            var lexer = Lexer(input)
            while true {
                do {
                    guard let command = try lexer.next() else { break }
                    commands += 1
                    _ = try? command.expandWords { _ in "v" }
                } catch {
                    continue
                }
            }
            let elapsed = clock.now - start
            XCTAssertLessThan(elapsed, .seconds(10), "\(input.prefix(20))…: \(commands) commands")
            print("1 MB line \(input.prefix(10).debugDescription)…: \(commands) commands in \(elapsed)")
        }
    }

    func testColumnsOnALongLine() throws {
        var lexer = Lexer(String(repeating: "é ", count: 100_000) + "\"")
        XCTAssertThrowsError(try lexer.next()) { error in
            XCTAssertEqual((error as? LexError)?.location, SourceLocation(line: 1, column: 200_001))
        }
    }
}
