import CtrCommands

/// The checks that make bytes ctrsh source text: UTF-8 without NUL bytes,
/// in lines of at most `ScriptLimits.maximumLineBytes`. A hostile file
/// (`/dev/zero`, a binary, a line without end) is refused at its first bad
/// byte with its position, instead of being read on or silently turned
/// into U+FFFD.
enum TextCheck {
    /// The first problem in `bytes`, whose first line is line `firstLine`;
    /// nil when they are text. `name` is how messages call the source.
    static func firstProblem(in bytes: ArraySlice<UInt8>, firstLine: Int = 1, name: Phrase) -> ScriptTextError? {
        var line = firstLine
        var lineStart = bytes.startIndex
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = bytes.startIndex
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .emptyInput:
                return nil
            case .valid(let encoded):
                let byte = encoded.first ?? 0
                if byte == 0 {
                    return ScriptTextError(
                        "NUL byte: \(name) is not a text file (a binary, or a device?)",
                        at: location(line, bytes[lineStart..<offset]))
                }
                offset += encoded.count
                if byte == 0x0A {
                    line += 1
                    lineStart = offset
                } else if offset - lineStart > ScriptLimits.maximumLineBytes {
                    return ScriptTextError(
                        "line longer than \(ScriptLimits.describe(ScriptLimits.maximumLineBytes)), the longest ctrsh reads: split it (a `\\` at the end of a line continues it)",
                        at: SourceLocation(line: line, column: 1))
                }
            case .error(let length):
                let bad = bytes[offset..<(offset + length)].map { "0x" + String($0, radix: 16) }.joined(separator: " ")
                let problem: Phrase = length == 1
                    ? "invalid UTF-8 (byte \(bad)): ctrsh source text is UTF-8; convert it (iconv -t UTF-8)"
                    : "invalid UTF-8 (bytes \(bad)): ctrsh source text is UTF-8; convert it (iconv -t UTF-8)"
                return ScriptTextError(problem, at: location(line, bytes[lineStart..<offset]))
            }
        }
    }

    /// The position just after `before`, the valid text that starts its line.
    private static func location(_ line: Int, _ before: ArraySlice<UInt8>) -> SourceLocation {
        SourceLocation(line: line, column: String(decoding: before, as: UTF8.self).count + 1)
    }
}
