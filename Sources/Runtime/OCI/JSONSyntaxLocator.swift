import CtrKernel

/// The strict JSON (RFC 8259) grammar ctrsh holds a config.json to, run
/// before JSONDecoder, which is lenient (it takes trailing commas) and
/// reports its refusals without a position: this finds the first place a
/// text stops being JSON, with the line and column. Stricter than the RFC
/// in two ways a runtime needs: no NUL character in a string (`\u0000`
/// would cut a path or an argument short), and no lone UTF-16 surrogate
/// (`\ud800`), which is no character at all.
enum JSONSyntaxLocator {
    /// How deep arrays and objects may nest: JSONDecoder's own limit.
    static let maximumDepth = 512

    /// The first problem in `bytes`, or nil when they are valid JSON.
    static func firstProblem(in bytes: [UInt8]) -> JSONSyntaxProblem? {
        var scanner = Scanner(bytes: bytes)
        do throws(Failure) {
            scanner.skipWhitespace()
            try scanner.value(depth: 1)
            scanner.skipWhitespace()
            if scanner.index < bytes.count { throw scanner.failure(.trailingText(found: scanner.current)) }
            return nil
        } catch {
            var line = 1
            var lineStart = 0
            for (offset, byte) in bytes[0..<min(error.offset, bytes.count)].enumerated() where byte == UInt8(ascii: "\n") {
                line += 1
                lineStart = offset + 1
            }
            return JSONSyntaxProblem(line: line, column: error.offset - lineStart + 1, kind: error.kind)
        }
    }

    private struct Failure: Error {
        var offset: Int
        var kind: JSONSyntaxProblem.Kind
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        /// The byte at `index`, as a problem names it.
        var current: JSONFound {
            guard index < bytes.count else { return .endOfFile }
            let byte = bytes[index]
            return (0x21..<0x7f).contains(byte) ? .character(Character(Unicode.Scalar(byte))) : .byte(byte)
        }

        func failure(_ kind: JSONSyntaxProblem.Kind) -> Failure { Failure(offset: index, kind: kind) }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(Failure) {
            guard index < bytes.count else { throw failure(.expectedValue(found: .endOfFile)) }
            switch bytes[index] {
            case UInt8(ascii: "{"): try object(depth: depth)
            case UInt8(ascii: "["): try array(depth: depth)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: throw failure(.expectedValue(found: current))
            }
        }

        private mutating func object(depth: Int) throws(Failure) {
            guard depth <= maximumDepth else { throw failure(.tooDeep(maximumDepth)) }
            index += 1
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "}") { index += 1; return }
            while true {
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                    throw failure(.expectedMemberName(found: current))
                }
                try string()
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure(.expectedColon(found: current)) }
                index += 1
                skipWhitespace()
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count, [UInt8(ascii: ","), UInt8(ascii: "}")].contains(bytes[index]) else {
                    throw failure(.expectedCommaOrBrace(found: current))
                }
                index += 1
                if bytes[index - 1] == UInt8(ascii: "}") { return }
                skipWhitespace()
            }
        }

        private mutating func array(depth: Int) throws(Failure) {
            guard depth <= maximumDepth else { throw failure(.tooDeep(maximumDepth)) }
            index += 1
            skipWhitespace()
            if index < bytes.count && bytes[index] == UInt8(ascii: "]") { index += 1; return }
            while true {
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count, [UInt8(ascii: ","), UInt8(ascii: "]")].contains(bytes[index]) else {
                    throw failure(.expectedCommaOrBracket(found: current))
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
                        throw failure(.unknownEscape(found: current))
                    }
                case 0..<0x20: throw failure(.controlCharacter(byte))
                case 0x80...: try utf8Sequence()
                default: index += 1
                }
            }
            throw failure(.unclosedString)
        }

        /// `\uXXXX` starting at `start` (its backslash), with the low half
        /// that must follow a high surrogate.
        private mutating func unicodeEscape(at start: Int) throws(Failure) {
            let unit = try hexUnit()
            if unit == 0 {
                throw Failure(offset: start, kind: .nulCharacter)
            }
            if (0xDC00...0xDFFF).contains(unit) {
                throw Failure(offset: start, kind: .loneLowSurrogate(String(unit, radix: 16)))
            }
            guard (0xD800...0xDBFF).contains(unit) else { return }
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw Failure(offset: start, kind: .loneHighSurrogate(String(unit, radix: 16)))
            }
            index += 1
            let low = try hexUnit()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw Failure(offset: start, kind: .loneHighSurrogate(String(unit, radix: 16)))
            }
        }

        /// The four hexadecimal digits after a `u` at `index`.
        private mutating func hexUnit() throws(Failure) -> UInt16 {
            index += 1
            var unit: UInt16 = 0
            for _ in 0..<4 {
                guard index < bytes.count, let digit = bytes[index].hexValue else {
                    throw failure(.hexDigits(found: current))
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
            else { throw failure(.notUTF8(lead)) }
            index = end
        }

        private mutating func number() throws(Failure) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, bytes[index].isDigit else { throw failure(.expectedDigit(found: current)) }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count && bytes[index].isDigit { throw failure(.leadingZero) }
            } else {
                while index < bytes.count && bytes[index].isDigit { index += 1 }
            }
            if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
                index += 1
                try digits { .expectedFractionDigit(found: $0) }
            }
            if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
                index += 1
                if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
                try digits { .expectedExponentDigit(found: $0) }
            }
        }

        /// One digit or more; `missing` is the problem when there is none.
        private mutating func digits(_ missing: (JSONFound) -> JSONSyntaxProblem.Kind) throws(Failure) {
            guard index < bytes.count, bytes[index].isDigit else { throw failure(missing(current)) }
            while index < bytes.count && bytes[index].isDigit { index += 1 }
        }

        private mutating func literal(_ word: String) throws(Failure) {
            for expected in word.utf8 {
                guard index < bytes.count, bytes[index] == expected else {
                    throw failure(.expectedLiteral(word, found: current))
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
