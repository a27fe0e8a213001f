import Glibc
import TestSupport
import XCTest

/// Input that used to crash or hang ctrsh: devices and binaries as
/// scripts (a Swift allocation trap, status 134), invalid UTF-8 (silently
/// U+FFFD), endless lines, and the small command-line and `quit` mistakes.
/// Each is a clear error with its position, and nothing runs.
final class HostileInputTests: EndToEndTestCase {
    private let notText = "error: NUL byte: `/dev/zero` is not a text file (a binary, or a device?)"

    func testDevZeroAsAScriptAsStandardInputAndSourced() throws {
        let direct = try ctrsh("/dev/zero")
        assertExit(direct, 1)
        XCTAssertEqual(direct.stderr, "/dev/zero:1:1: \(notText)\n")

        let piped = try runner().run(program: "/bin/sh", ["sh", "-c", "exec \"$0\" - < /dev/zero", CtrshBinary.path])
        XCTAssertEqual(piped.status, .exited(1), "\(piped)")
        XCTAssertEqual(piped.stderr, "<stdin>:1:1: error: NUL byte: standard input is not a text file (a binary, or a device?)\n")

        let script = try write("echo before\nsource /dev/zero\necho not-reached\n", to: "zero.ctrsh")
        let sourced = try ctrsh(script)
        assertExit(sourced, 1)
        XCTAssertEqual(sourced.stdout, "before\n")
        XCTAssertEqual(sourced.stderr, "/dev/zero:1:1: \(notText)\n")
    }

    func testABinaryScriptIsRefusedBeforeAnythingRuns() throws {
        let result = try ctrsh(CtrshBinary.path)
        assertExit(result, 1)
        XCTAssertTrue(result.stderr.hasPrefix(CtrshBinary.path + ":1:"), result.stderr)
        XCTAssertTrue(result.stderr.contains(": error: "), result.stderr)
        XCTAssertEqual(result.stdout, "")
    }

    func testAFIFOIsAScriptAndADirectoryIsNot() throws {
        let fifo = try runner().run(program: "/bin/bash", ["bash", "-c", "\"$0\" <(printf 'echo from-a-fifo\\n')", CtrshBinary.path])
        XCTAssertEqual(fifo.status, .exited(0), "\(fifo)")
        XCTAssertEqual(fifo.stdout, "from-a-fifo\n")

        let directory = try ctrsh(scratch)
        assertExit(directory, 1)
        XCTAssertEqual(directory.stderr, "ctrsh: `\(scratch)` is a directory, not a script\n")
    }

    func testInvalidUTF8HasAPosition() throws {
        let cases: [([UInt8], String)] = [
            (Array("echo ok\necho h".utf8) + [0xFF] + Array("llo\n".utf8), "2:7: error: invalid UTF-8 (byte 0xff)"),
            // A UTF-16 surrogate (U+D800) encoded as UTF-8: never valid.
            (Array("echo é".utf8) + [0xED, 0xA0, 0x80] + Array("\n".utf8), "1:7: error: invalid UTF-8 (byte 0xed)"),
            (Array("# comment\n\"".utf8) + [0xC3] + Array("\"\n".utf8), "2:2: error: invalid UTF-8 (byte 0xc3)"),
        ]
        for (index, (bytes, message)) in cases.enumerated() {
            let path = writeBytes(bytes, to: "utf8-\(index).ctrsh")
            let fromFile = try ctrsh(path)
            assertExit(fromFile, 1, message)
            XCTAssertTrue(fromFile.stderr.hasPrefix("\(path):\(message): ctrsh source text is UTF-8"), fromFile.stderr)
            XCTAssertEqual(fromFile.stdout, "", "nothing of the file runs")
            let fromInput = try ctrsh([], inputBytes: bytes)
            assertExit(fromInput, 1, message)
            XCTAssertTrue(fromInput.stderr.contains("<stdin>:\(message)"), fromInput.stderr)
        }
    }

    func testInvalidUTF8InTheDashCTextHasAPosition() throws {
        let bad = try runner().run(program: "/bin/bash", ["bash", "-c", "exec \"$0\" -c $'echo ok; echo h\\xffi'", CtrshBinary.path])
        XCTAssertEqual(bad.status, .exited(1), "\(bad)")
        XCTAssertEqual(bad.stdout, "")
        XCTAssertTrue(bad.stderr.hasPrefix("-c:1:16: error: invalid UTF-8 (byte 0xff)"), bad.stderr)
        let replacementCharacter = try ctrsh("-c", "echo h\u{FFFD}i")
        assertExit(replacementCharacter, 0)
        XCTAssertEqual(replacementCharacter.stdout, "h\u{FFFD}i\n")
    }

    func testLinesAndCommandsBeyondTheLimits() throws {
        let long = String(repeating: "x", count: (2 << 20) + 1)
        let path = try write("echo ok\necho \(long)\n", to: "long.ctrsh")
        let fromFile = try ctrsh(path)
        assertExit(fromFile, 1)
        XCTAssertTrue(fromFile.stderr.hasPrefix("\(path):2:1: error: line longer than 2 MiB, the longest ctrsh reads"), fromFile.stderr)
        let fromInput = try ctrsh(input: "echo \(long)\n")
        assertExit(fromInput, 1)
        XCTAssertTrue(fromInput.stderr.hasPrefix("<stdin>:1:1: error: line longer than 2 MiB"), fromInput.stderr)
        // A quote left open on standard input: lines gather for one command, up to a bound.
        let open = try ctrsh(input: "echo 'open\n" + String(repeating: "line\n", count: 1001))
        assertExit(open, 1)
        XCTAssertTrue(open.stderr.hasPrefix("<stdin>:1:1: error: a command longer than 1000 lines or 256 KiB on standard input (is a quote left open?)"), open.stderr)
    }

    func testSourceOfAMissingFileNamesTheSourceLine() throws {
        let script = try write("echo before\n  source missing.ctrsh\necho not-reached\n", to: "outer.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 1)
        XCTAssertEqual(result.stdout, "before\n")
        XCTAssertEqual(result.stderr, "\(script):2:3: error: source: open `missing.ctrsh`: No such file or directory\n")
    }

    func testQuitTakesOnlyAnExitStatus() throws {
        for word in ["256", "-1", "99999999999", "x"] {
            let result = try ctrsh("-c", "quit \(word); echo not-reached")
            assertExit(result, 1, word)
            XCTAssertEqual(result.stdout, "", word)
            XCTAssertTrue(result.stderr.hasPrefix("-c:1:6: error: quit: `\(word)` is not"), result.stderr)
        }
        assertExit(try ctrsh("-c", "quit 255"), 255)
        assertExit(try ctrsh("-c", "exit 0"), 0)
    }

    func testGcTakesNoWords() throws {
        let help = try ctrsh("gc", "--help")
        assertExit(help, 0)
        XCTAssertTrue(help.stdout.hasPrefix("gc — remove what ctrsh sessions that were killed left behind"), help.stdout)
        XCTAssertTrue(help.stdout.contains("usage:"), help.stdout)
        XCTAssertEqual(help.stderr, "")
        let extra = try ctrsh("gc", "extra", "words")
        assertExit(extra, 64)
        XCTAssertEqual(extra.stdout, "")
        XCTAssertEqual(extra.stderr, "ctrsh: gc takes no arguments, found `extra words`; usage: ctrsh gc (nothing was collected)\n")
    }

    func testACatastrophicRegexIsStoppedWithAnError() throws {
        let script = try write(
            """
            echo \(String(repeating: "a", count: 40))
            expect output matches '^(a*)*b$'
            echo not-reached

            """, to: "regex.ctrsh")
        let result = try ctrsh(script)
        assertExit(result, 1)
        XCTAssertFalse(result.stdout.contains("not-reached"))
        XCTAssertTrue(
            result.stderr.hasPrefix("\(script):2:1: error: expect output matches: `^(a*)*b$` took longer than 5 s and was stopped: simplify it"),
            result.stderr)
    }

    private func writeBytes(_ bytes: [UInt8], to name: String) -> String {
        let path = scratch + "/" + name
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        XCTAssertGreaterThanOrEqual(fd, 0, path)
        XCTAssertEqual(bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }, bytes.count)
        close(fd)
        return path
    }
}
