import Glibc
import TestSupport
import XCTest

/// Malformed input through `-c` and standard input: always exit status 1
/// and an `error:` line, never a crash or a signal.
final class BadInputTests: EndToEndTestCase {
    /// ctrsh exited 1 with at least one error line.
    private func assertRejected(_ result: CtrshResult, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(result.status, .exited(1), "\(what): \(result)", file: file, line: line)
        XCTAssertTrue(result.stderr.contains("error: "), "\(what): no error line: \(result)", file: file, line: line)
    }

    func testMalformedLinesThroughDashCAndStandardInput() throws {
        let lines: [(String, String)] = [
            ("echo \"abc", "1:6: error: unterminated double quote"),
            ("echo 'abc", "1:6: error: unterminated single quote"),
            ("echo ${", "1:6: error: unterminated `${`"),
            ("echo ${X", "1:6: error: unterminated `${`"),
            ("echo a\\", "1:7: error: "),
            ("\"", "1:1: error: unterminated double quote"),
            ("$X", "1:1: error: unknown variable `$X`"),
            ("echo \u{1}\u{7f} ${}", "1:9: error: expected a variable name inside `${}`"),
        ]
        for (text, message) in lines {
            let fromArgument = try ctrsh("-c", text)
            assertRejected(fromArgument, "-c \(text)")
            XCTAssertTrue(fromArgument.stderr.hasPrefix("-c:\(message)"), "-c \(text): \(fromArgument)")
            let fromInput = try ctrsh(input: text + "\n")
            assertRejected(fromInput, "stdin \(text)")
            XCTAssertTrue(fromInput.stderr.hasPrefix("<stdin>:\(message)"), "stdin \(text): \(fromInput)")
        }
    }

    func testNULBytes() throws {
        let result = try ctrsh([], inputBytes: Array("echo a".utf8) + [0] + Array("b\n".utf8))
        assertRejected(result, "NUL")
        XCTAssertEqual(result.stderr, "<stdin>:1:7: error: NUL byte: standard input is not a text file (a binary, or a device?)\n")
        assertRejected(try ctrsh([], inputBytes: [0, 0, 0, 0x0A, 0]), "NULs only")
    }

    func testOneMegabyteLines() throws {
        let long = String(repeating: "x", count: 1 << 20)
        let echoed = try ctrsh(input: "echo \(long)\n")
        assertExit(echoed, 0)
        XCTAssertEqual(echoed.stdout.count, (1 << 20) + 1)
        assertRejected(try ctrsh(input: "\"\(long)\n"), "1 MB in an open quote")
        assertRejected(try ctrsh(input: long + "\n"), "1 MB command name")
        // An argument can hold at most 128 KiB (MAX_ARG_STRLEN).
        let big = String(repeating: "y", count: 120 * 1024)
        assertRejected(try ctrsh("-c", big), "120 KiB -c command name")
        assertRejected(try ctrsh("-c", "echo '" + big), "120 KiB -c open quote")
    }

    func testRandomBytesOnStandardInput() throws {
        var generator = SplitMix(seed: 0x5eed_c75)
        for round in 0..<40 {
            let count = Int(generator.next() % 6000) + 1
            var bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            // Start with a byte that cannot begin a valid command, so the
            // first line always fails (and nothing random ever runs).
            bytes.insert(0xFF, at: 0)
            assertRejected(try ctrsh([], inputBytes: bytes), "random round \(round)")
        }
    }

    func testRandomPrintableTextThroughDashC() throws {
        var generator = SplitMix(seed: 42)
        let alphabet = Array("ab $'\"\\#;{}?\t-=./0123456789é\u{1}")
        for round in 0..<40 {
            let count = Int(generator.next() % 200) + 1
            let text = "\u{7f}" + String((0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            assertRejected(try ctrsh("-c", text), "random -c round \(round): \(text.debugDescription)")
        }
    }
}
