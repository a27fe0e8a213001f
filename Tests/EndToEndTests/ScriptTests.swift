import Glibc
import TestSupport
import XCTest

/// `ctrsh FILE [ARG…]`: stopping on the first error with its position,
/// `--keep-going`, positional arguments, the shebang line, `source`.
final class ScriptTests: EndToEndTestCase {
    func testScriptStopsAtTheFirstErrorWithItsPosition() throws {
        let script = try write("echo one\n\necho \"two\"  # comment\n  cgroup set memory 64Q\necho three\n", to: "stop.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "one\ntwo\n")
        XCTAssertEqual(
            result.stderr, "\(script):4:21: error: cgroup set memory: `64Q` is not a size (examples: 64M, 1.5G, 512K, max)\n")
    }

    func testUnknownCommandAndLexErrorsStopWithTheirPositions() throws {
        let unknown = try write("echo a; nss new pid\necho b\n", to: "unknown.ctrsh")
        let first = try ctrsh(unknown)
        assertExit(first, 1)
        XCTAssertEqual(first.stdout, "a\n")
        XCTAssertEqual(first.stderr, "\(unknown):1:9: error: unknown command `nss` — did you mean `ns`?\n")

        let quote = try write("echo a\necho 'b\n", to: "quote.ctrsh")
        let second = try ctrsh(quote)
        assertExit(second, 1)
        XCTAssertEqual(second.stdout, "a\n")
        XCTAssertEqual(second.stderr, "\(quote):2:6: error: unterminated single quote\n")
    }

    func testKeepGoingRunsEverythingAndStillFails() throws {
        let script = try write("echo one\ncgroup set memory 64Q\necho $NOPE\necho three\n", to: "keep.ctrsh")
        let result = try ctrsh("--keep-going", script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "one\nthree\n")
        XCTAssertEqual(result.errorLines.count, 2, "\(result)")
        XCTAssertTrue(result.errorLines.first?.hasPrefix("\(script):2:19: error: ") ?? false, "\(result)")
        XCTAssertEqual(result.errorLines.last, "\(script):3:6: error: unknown variable `$NOPE`")
    }

    func testPositionalArguments() throws {
        let script = try write("echo \"[$1]\" [$2] ${3}\necho $0\necho $4\n", to: "args.ctrsh")
        let result = try ctrsh(script, "a b", "c", "d")
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "[a b] [c] d\n\(script)\n")
        XCTAssertEqual(result.stderr, "\(script):3:6: error: unknown variable `$4`\n")
    }

    func testShebangScriptRunsThroughEnv() throws {
        let script = try write("#!/usr/bin/env ctrsh\necho shebang \"$1\"\nexit 7\n", to: "tour.ctrsh", mode: 0o755)
        let result = try runner().run(program: script, [script, "box"])
        XCTAssertEqual(result.status, .exited(7), "\(result)")
        XCTAssertEqual(result.stdout, "shebang box\n")
        XCTAssertEqual(result.stderr, "")
    }

    func testSourceRunsInTheSameSession() throws {
        try write("let GREETING=\"hello there\"\necho sourced\n", to: "lib.ctrsh")
        let script = try write("source lib.ctrsh\necho \"$GREETING\"\nsource lib.ctrsh\n", to: "main.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 0)
        XCTAssertEqual(result.stdout, "sourced\nhello there\nsourced\n")
    }

    func testErrorInASourcedScriptNamesThatScriptAndStops() throws {
        let library = try write("echo in-lib\necho $MISSING\n", to: "broken-lib.ctrsh")
        let script = try write("source \(library)\necho after\n", to: "main.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "in-lib\n")
        XCTAssertEqual(result.stderr, "\(library):2:6: error: unknown variable `$MISSING`\n")
    }

    func testScriptThatSourcesItselfStopsWithAnError() throws {
        try write("echo level\nsource self.ctrsh\n", to: "self.ctrsh")
        let result = try ctrsh("self.ctrsh")
        assertExit(result, 1)
        XCTAssertEqual(result.stdout.split(separator: "\n").count, 33, "the top level and 32 nested ones")
        XCTAssertEqual(result.errorLines.count, 1, "\(result)")
        XCTAssertTrue(result.errorLines.first?.hasPrefix("self.ctrsh:2:1: error: source: ") ?? false, "\(result)")
        XCTAssertTrue(result.stderr.contains("does it source itself?"), "\(result)")
    }

    func testMissingScriptFile() throws {
        let result = try ctrsh("no-such.ctrsh")
        assertExit(result, 1)
        XCTAssertTrue(result.stderr.contains("no-such.ctrsh"), "\(result)")
    }

    func testExitStatusOfQuit() throws {
        assertExit(try ctrsh("-c", "echo a; exit 5; echo b"), 5)
        assertExit(try ctrsh("-c", "quit"), 0)
    }
}
