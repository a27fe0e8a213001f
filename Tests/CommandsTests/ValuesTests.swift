import CtrCommands
import CtrRuntime
import XCTest

/// The value parsers, one table each: what a word parses to, or the exact
/// error message.
final class ValuesTests: XCTestCase {
    /// A parse outcome: the value's description, or `error: MESSAGE`.
    static func outcome<T>(_ parse: () throws(ValueError) -> T) -> String {
        do {
            return "\(try parse())"
        } catch {
            return "error: \(error.message)"
        }
    }

    static let KiB: UInt64 = 1 << 10
    static let MiB: UInt64 = 1 << 20
    static let GiB: UInt64 = 1 << 30
    static let TiB: UInt64 = 1 << 40

    func testSizes() {
        let examples = "64M, 1.5G, 512K, max"
        let bad = " is not a size (examples: \(examples))"
        let cases: [(String, String, UInt)] = [
            ("64M", "bytes(\(64 * Self.MiB))", #line),
            ("64m", "bytes(\(64 * Self.MiB))", #line),
            ("64MiB", "bytes(\(64 * Self.MiB))", #line),
            ("64mib", "bytes(\(64 * Self.MiB))", #line),
            ("64Mi", "bytes(\(64 * Self.MiB))", #line),
            ("64MB", "bytes(\(64 * Self.MiB))", #line),
            ("1.5G", "bytes(\(3 * Self.GiB / 2))", #line),
            ("512K", "bytes(\(512 * Self.KiB))", #line),
            ("2T", "bytes(\(2 * Self.TiB))", #line),
            ("1048576", "bytes(1048576)", #line),
            ("0", "bytes(0)", #line),
            ("512B", "bytes(512)", #line),
            ("1.5", "bytes(1)", #line),
            (".5K", "bytes(512)", #line),
            ("2.K", "bytes(2048)", #line),
            ("0.1K", "bytes(102)", #line),
            ("1.0000000000000000000000001M", "bytes(\(Self.MiB))", #line),
            ("0.999999999999999999999999G", "bytes(\(Self.GiB - 1))", #line),
            ("8388607T", "bytes(\(8_388_607 * Self.TiB))", #line),
            ("max", "unlimited", #line),
            ("MAX", "unlimited", #line),
            ("64Q", "error: `64Q`\(bad)", #line),
            ("", "error: an empty value\(bad)", #line),
            ("-1M", "error: `-1M`\(bad)", #line),
            ("M", "error: `M`\(bad)", #line),
            ("1.2.3M", "error: `1.2.3M`\(bad)", #line),
            ("64 M", "error: `64 M`\(bad)", #line),
            ("1e3", "error: `1e3`\(bad)", #line),
            ("64MiBs", "error: `64MiBs`\(bad)", #line),
            ("maximum", "error: `maximum`\(bad)", #line),
            ("8388608T", "error: `8388608T` is too large for a size (examples: \(examples))", #line),
            ("99999999999999999999", "error: `99999999999999999999` is too large for a size (examples: \(examples))", #line),
        ]
        for (text, expected, line) in cases {
            let outcome = Self.outcome { () throws(ValueError) in
                switch try ValueParser.size(text) {
                case .bytes(let count): "bytes(\(count))"
                case .unlimited: "unlimited"
                }
            }
            XCTAssertEqual(outcome, expected, text, line: line)
        }
    }

    func testCPU() {
        let examples = " (examples: 50%, 0.5, 2, max)"
        let cases: [(String, String, UInt)] = [
            ("50%", "0.5", #line),
            ("0.5", "0.5", #line),
            ("2", "2.0", #line),
            ("1.25", "1.25", #line),
            ("12.5%", "0.125", #line),
            ("1%", "0.01", #line),
            ("0.01", "0.01", #line),
            ("1024", "1024.0", #line),
            ("1024.0", "1024.0", #line),
            ("max", "nil", #line),
            ("0", "error: `0` is no CPU time at all: give more than 0\(examples)", #line),
            ("0%", "error: `0%` is no CPU time at all: give more than 0\(examples)", #line),
            ("0.001", "error: `0.001` is less than the smallest CPU amount, 1% (0.01)\(examples)", #line),
            ("1025", "error: `1025` is more than 1024 CPUs\(examples)", #line),
            ("-1", "error: `-1` is not a CPU amount\(examples)", #line),
            ("half", "error: `half` is not a CPU amount\(examples)", #line),
            ("50 %", "error: `50 %` is not a CPU amount\(examples)", #line),
            ("%", "error: `%` is not a CPU amount\(examples)", #line),
            ("", "error: an empty value is not a CPU amount\(examples)", #line),
            ("inf", "error: `inf` is not a CPU amount\(examples)", #line),
        ]
        for (text, expected, line) in cases {
            let outcome = Self.outcome { () throws(ValueError) in try ValueParser.cpu(text).map { "\($0.cpus)" } ?? "nil" }
            XCTAssertEqual(outcome, expected, text, line: line)
        }
        XCTAssertEqual(try ValueParser.cpu("50%")?.cpus, 0.5)
        XCTAssertEqual(try ValueParser.cpu("0.5")?.quotaMicroseconds, 50_000)
    }

    func testDurations() {
        let examples = " (examples: 500ms, 2s, 1m)"
        let cases: [(String, Duration?, String?, UInt)] = [
            ("500ms", .milliseconds(500), nil, #line),
            ("2s", .seconds(2), nil, #line),
            ("1m", .seconds(60), nil, #line),
            ("1.5s", .milliseconds(1500), nil, #line),
            ("0", .zero, nil, #line),
            ("0s", .zero, nil, #line),
            ("250us", .microseconds(250), nil, #line),
            ("250µs", .microseconds(250), nil, #line),
            ("7ns", .nanoseconds(7), nil, #line),
            ("2h", .seconds(7200), nil, #line),
            ("0.5h", .seconds(1800), nil, #line),
            ("1.0000000001ns", .nanoseconds(1), nil, #line),
            ("2", nil, "`2` is not a duration: add a unit\(examples)", #line),
            ("2S", nil, "`2S` is not a duration\(examples)", #line),
            ("1m30s", nil, "`1m30s` is not a duration\(examples)", #line),
            ("-1s", nil, "`-1s` is not a duration\(examples)", #line),
            ("s", nil, "`s` is not a duration\(examples)", #line),
            ("", nil, "an empty value is not a duration\(examples)", #line),
            ("2 s", nil, "`2 s` is not a duration\(examples)", #line),
            ("3000000h", nil, "`3000000h` is too long a duration\(examples)", #line),
        ]
        for (text, value, message, line) in cases {
            do throws(ValueError) {
                let parsed = try ValueParser.duration(text)
                XCTAssertEqual(parsed, value, text, line: line)
                XCTAssertNil(message, text, line: line)
            } catch {
                XCTAssertEqual(error.message, message, text, line: line)
                XCTAssertNil(value, text, line: line)
                XCTAssertEqual(error.value, text, line: line)
            }
        }
    }

    func testCounts() {
        let bad = " is not a count (examples: 20, 100, max)"
        let cases: [(String, String, UInt)] = [
            ("20", "20", #line),
            ("0", "0", #line),
            ("007", "7", #line),
            ("max", "nil", #line),
            ("Max", "nil", #line),
            ("9223372036854775807", "9223372036854775807", #line),
            ("9223372036854775808", "error: `9223372036854775808` is too large for a count", #line),
            ("-1", "error: `-1`\(bad)", #line),
            ("2.5", "error: `2.5`\(bad)", #line),
            ("20k", "error: `20k`\(bad)", #line),
            ("", "error: an empty value\(bad)", #line),
        ]
        for (text, expected, line) in cases {
            let outcome = Self.outcome { () throws(ValueError) in try ValueParser.count(text).map { "\($0)" } ?? "nil" }
            XCTAssertEqual(outcome, expected, text, line: line)
        }
    }

    func testUnsignedIntegers() {
        let outOfRange = " is out of range: expected 0 to 18446744073709551615"
        let cases: [(String, ClosedRange<UInt64>, String, UInt)] = [
            ("100", 1...10_000, "100", #line),
            ("1", 1...10_000, "1", #line),
            ("10000", 1...10_000, "10000", #line),
            ("0", 1...10_000, "error: `0` is out of range: expected 1 to 10000", #line),
            ("10001", 1...10_000, "error: `10001` is out of range: expected 1 to 10000", #line),
            ("18446744073709551615", 0...UInt64.max, "18446744073709551615", #line),
            ("18446744073709551616", 0...UInt64.max, "error: `18446744073709551616`\(outOfRange)", #line),
            ("18446744073709551619", 0...UInt64.max, "error: `18446744073709551619`\(outOfRange)", #line),
            ("+1", 0...UInt64.max, "error: `+1` is not a whole number (examples: 0, 20, 100)", #line),
            ("1.", 0...UInt64.max, "error: `1.` is not a whole number (examples: 0, 20, 100)", #line),
            ("x", 0...UInt64.max, "error: `x` is not a whole number (examples: 0, 20, 100)", #line),
        ]
        for (text, range, expected, line) in cases {
            let outcome = Self.outcome { () throws(ValueError) in try ValueParser.unsignedInteger(text, in: range) }
            XCTAssertEqual(outcome, expected, text, line: line)
        }
    }

    func testLongValuesAreShortenedInMessages() {
        let text = String(repeating: "9", count: 100) + "Q"
        XCTAssertThrowsError(try ValueParser.size(text)) { error in
            XCTAssertEqual(
                (error as? ValueError)?.message,
                "`\(String(repeating: "9", count: 40))…` is not a size (examples: 64M, 1.5G, 512K, max)")
        }
    }
}
