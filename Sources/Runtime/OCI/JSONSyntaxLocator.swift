/// The strict JSON (RFC 8259) grammar ctrsh holds a config.json to, run
/// before JSONDecoder, which is lenient (it takes trailing commas) and
/// reports its refusals without a position: this finds the first place a
/// text stops being JSON, with the line and column. Stricter than the RFC
/// in two ways a runtime needs: no NUL character in a string (`\u0000`
/// would cut a path or an argument short), and no lone UTF-16 surrogate
/// (`\ud800`), which is no character at all.
enum JSONSyntaxLocator {
    /// The first place the text breaks the grammar.
    struct Problem: Equatable, CustomStringConvertible {
        /// 1-based line and column (in bytes).
        var line: Int
        var column: Int
        var message: String
        var description: String { "line \(line), column \(column): \(message)" }
    }

    /// How deep arrays and objects may nest: JSONDecoder's own limit.
    static let maximumDepth = 512

    /// The first problem in `bytes`, or nil when they are valid JSON.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var scanner = Scanner(bytes: bytes)
        do throws(Failure) {
            scanner.skipWhitespace()
            try scanner.value(depth: 1)
            scanner.skipWhitespace()
            if scanner.index < bytes.count { throw scanner.failure("expected the end of the file after the JSON value, found \(scanner.current)") }
            return nil
        } catch {
            var line = 1
            var lineStart = 0
            for (offset, byte) in bytes[0..<min(error.offset, bytes.count)].enumerated() where byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = offset + 1
            }
            return Problem(line: line, column: error.offset - lineStart + 1, message: error.message)
        }
    }

    private struct Failure: Error {
        var offset: Int
        var message: String
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        /// The byte at `index`, as a message shows it.
        var current: String {
            guard index < bytes.count else { return "the end of the file" }
            let byte = bytes[index]
            return (0x21..<0x7f).contains(byte) ? "`\(Character(Unicode.Scalar(byte)))`" : "byte 0x\(String(byte, radix: 16))"
        }

        func failure(_ message: String) -> Failure { Failure(offset: index, message: message) }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(Failure) {
            guard index < bytes.count else { throw failure("expected a value, found the end of the file") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: throw failure("expected a value, found \(current)")
            }
        }

        private mutating func object(depth: Int) throws(Failure) {
            guard depth <= maximumDepth else { throw failure("objects and lists nest deeper than \(maximumDepth) levels") }
            index += 1
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") { index += 1; return }
            while true {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure("expected a member name in double quotes, found \(current)")
                }
                try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected `:` after the member name, found \(current)") }
                index += 1
                skipWhitespace()
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count, [UInt8(ascii: ","), UInt8(ascii: "}")].contains(bytes[index]) else {
                    throw failure("expected `,` or `}` after the member, found \(current)")
                }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "}") { return }
                skipWhitespace()
            }
        }

        private mutating func array(depth: Int) throws(Failure) {
            guard depth <= maximumDepth else { throw failure("objects and lists nest deeper than \(maximumDepth) levels") }
            index += 1
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count, [UInt8(ascii: ","), UInt8(ascii: "]")].contains(bytes[index]) else {
                    throw failure("expected `,` or `]` after the list element, found \(current)")
                }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "]") { return }
                skipWhitespace()
            }
        }

        private mutating func string() throws(Failure) {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { break }
                    if bytes[index] == UInt8(ascii: "u") {
                        try unicodeEscape(at: index - 1)
                    } else if Array("\"\\/bfnrt".utf8).contains(bytes[index]) {
                        index += 1
                    } else {
                        throw failure("unknown escape `\\` followed by \(current)")
                    }
                case 0..<0x20: throw failure("a control character (byte 0x\(String(byte, radix: 16))) inside a string: write it as an escape")
                case 0x80...: try utf8Sequence()
                default: index += 1
                }
            }
            throw failure("the string is not closed: expected `\"`, found the end of the file")
        }

        /// `\uXXXX` starting at `start` (its backslash), with the low half
        /// that must follow a high surrogate.
        private mutating func unicodeEscape(at start: Int) throws(Failure) {
            let unit = try hexUnit()
            if unit == 0 {
                throw Failure(offset: start, message: "`\\u0000` inside a string: a NUL character cannot be in a path, an argument or a variable")
            }
            if (0xDC00...0xDFFF).contains(unit) {
                throw Failure(offset: start, message: "a lone UTF-16 low surrogate `\\u\(String(unit, radix: 16))`: no character")
            }
            guard (0xD800...0xDBFF).contains(unit) else { return }
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw Failure(offset: start, message: "a lone UTF-16 high surrogate `\\u\(String(unit, radix: 16))`: a `\\uDC00`–`\\uDFFF` must follow it")
            }
            index += 1
            let low = try hexUnit()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw Failure(offset: start, message: "a lone UTF-16 high surrogate `\\u\(String(unit, radix: 16))`: a `\\uDC00`–`\\uDFFF` must follow it")
            }
        }

        /// The four hexadecimal digits after a `u` at `index`.
        private mutating func hexUnit() throws(Failure) -> UInt16 {
            index += 1
            var unit: UInt16 = 0
            for _ in 0..<4 {
                guard index < bytes.count, let digit = bytes[index].hexValue else {
                    throw failure("`\\u` needs four hexadecimal digits, found \(current)")
                }
                unit = unit << 4 | UInt16(digit)
                index += 1
            }
            return unit
        }

        /// One UTF-8 encoded character beyond ASCII.
        private mutating func utf8Sequence() throws(Failure) {
            let lead = bytes[index]
            let length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 0
            let end = index + length
            guard length > 0, end <= bytes.count, bytes[(index + 1)..<end].allSatisfy({ $0 & 0xc0 == 0x80 }),
                  String(validating: bytes[index..<end], as: UTF8.self) != nil
            else { throw failure("not UTF-8 (byte 0x\(String(lead, radix: 16)))") }
            index = end
        }

        private mutating func number() throws(Failure) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, bytes[index].isDigit else { throw failure("expected a digit in the number, found \(current)") }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count && bytes[index].isDigit { throw failure("a number cannot start with 0 followed by digits") }
            } else {
                while index < bytes.count && bytes[index].isDigit { index += 1 }
            }
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                try digits(after: "`.`")
            }
            if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
                index += 1
                if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
                try digits(after: "the exponent")
            }
        }

        private mutating func digits(after what: String) throws(Failure) {
            guard index < bytes.count, bytes[index].isDigit else { throw failure("expected a digit after \(what), found \(current)") }
            while index < bytes.count && bytes[index].isDigit { index += 1 }
        }

        private mutating func literal(_ word: String) throws(Failure) {
            for expected in word.utf8 {
                guard index < bytes.count, bytes[index] == expected else {
                    throw failure("expected `\(word)`, found \(current)")
                }
                index += 1
            }
        }
    }
}

private extension UInt8 {
    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
    var hexValue: UInt8? {
        if isDigit { return self - UInt8(ascii: "0") }
        if self >= UInt8(ascii: "a") && self <= UInt8(ascii: "f") { return self - UInt8(ascii: "a") + 10 }
        if self >= UInt8(ascii: "A") && self <= UInt8(ascii: "F") { return self - UInt8(ascii: "A") + 10 }
        return nil
    }
}
