/// The ASCII bytes the lexer gives a meaning to. Every one of them is a
/// whole UTF-8 character, so the lexer can work on bytes and still cut the
/// text only between characters.
enum Byte {
    static let nul: UInt8 = 0
    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    static let semicolon = UInt8(ascii: ";")
    static let hash = UInt8(ascii: "#")
    static let backslash = UInt8(ascii: "\\")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backtick = UInt8(ascii: "`")
    static let dollar = UInt8(ascii: "$")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let question = UInt8(ascii: "?")
    static let underscore = UInt8(ascii: "_")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == underscore
    }

    static func isNameContinue(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }
}

/// A position remembered cheaply; it becomes a `SourceLocation` only when
/// needed (an error), because counting columns costs a walk over the line.
struct Mark {
    var offset: Int
    var line: Int
    var lineStart: Int
}

/// A cursor over the UTF-8 bytes of the source that keeps the line number,
/// and turns byte offsets into Character columns.
///
/// Columns are counted incrementally: asking for positions left to right on
/// a line costs one walk over it in total, so a 1 MB line with many words
/// stays linear.
struct Scanner: Sendable {
    /// The source, kept for its Character boundaries.
    let text: String
    /// The source as UTF-8, which the lexer reads.
    let bytes: [UInt8]
    /// The next byte to read.
    private(set) var offset = 0
    /// The line `offset` is on (1-based).
    private(set) var line = 1
    /// The offset of the first byte of that line.
    private(set) var lineStart = 0
    /// The offset just past the last line continuation skipped, or -1.
    private(set) var lastContinuationEnd = -1

    // The column cache: on the line starting at `cacheLineStart`, `cacheCount`
    // Characters start before `cacheTarget`, and `cacheNext` is the first
    // Character start at or after it.
    private var cacheLineStart = 0
    private var cacheTarget = 0
    private var cacheNext = 0
    private var cacheCount = 0

    init(_ text: String) {
        self.text = text
        bytes = Array(text.utf8)
    }

    /// The byte at the cursor, nil at the end of the input.
    var current: UInt8? { offset < bytes.count ? bytes[offset] : nil }

    /// The byte `distance` bytes after the cursor, nil past the end.
    func peek(_ distance: Int) -> UInt8? {
        offset + distance < bytes.count ? bytes[offset + distance] : nil
    }

    /// True when every byte has been read.
    var isAtEnd: Bool { offset >= bytes.count }

    /// The cursor's position, to turn into a location later if needed.
    var mark: Mark { Mark(offset: offset, line: line, lineStart: lineStart) }

    /// Moves past one byte, counting lines.
    mutating func advance() {
        if bytes[offset] == Byte.newline {
            line += 1
            lineStart = offset + 1
        }
        offset += 1
    }

    /// Moves past `count` bytes the caller knows hold no newline.
    mutating func skip(_ count: Int) {
        offset += count
    }

    /// The length of the line break at `index` (`\n` 1, `\r\n` 2), or 0.
    func newlineLength(at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        if bytes[index] == Byte.newline { return 1 }
        if bytes[index] == Byte.carriageReturn, index + 1 < bytes.count, bytes[index + 1] == Byte.newline {
            return 2
        }
        return 0
    }

    /// The length of a line continuation (`\` then a line break) at the
    /// cursor, or 0.
    var continuationLength: Int {
        guard current == Byte.backslash else { return 0 }
        let length = newlineLength(at: offset + 1)
        return length == 0 ? 0 : 1 + length
    }

    /// Moves past the line break at the cursor, if there is one.
    mutating func consumeNewline() {
        for _ in 0..<newlineLength(at: offset) { advance() }
    }

    /// Moves past a line continuation at the cursor; false if there is none.
    mutating func consumeContinuation() -> Bool {
        let length = continuationLength
        guard length > 0 else { return false }
        for _ in 0..<length { advance() }
        lastContinuationEnd = offset
        return true
    }

    /// The source bytes in `range` as a String.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// The line and Character column of `mark`.
    mutating func location(of mark: Mark) -> SourceLocation {
        if mark.lineStart != cacheLineStart || mark.offset < cacheTarget {
            cacheLineStart = mark.lineStart
            cacheTarget = mark.lineStart
            cacheNext = mark.lineStart
            cacheCount = 0
        }
        var next = cacheNext
        var count = cacheCount
        while next < mark.offset {
            count += 1
            next = characterEnd(from: next)
        }
        cacheTarget = mark.offset
        cacheNext = next
        cacheCount = count
        return SourceLocation(line: mark.line, column: count + 1)
    }

    /// The cursor's line and Character column.
    mutating func location() -> SourceLocation { location(of: mark) }

    /// Puts the cursor at the start of the line after the logical line that
    /// holds `mark`: past the next line break that no backslash escapes.
    /// Quotes are not looked at: this is how the lexer goes on after an
    /// unterminated quote swallowed the rest of the input.
    mutating func resume(afterLogicalLineOf mark: Mark) {
        offset = mark.offset
        line = mark.line
        lineStart = mark.lineStart
        while let byte = current {
            advance()
            if byte == Byte.newline { return }
            if byte == Byte.backslash {
                // Skip what it escapes, a whole `\r\n` included.
                for _ in 0..<max(1, newlineLength(at: offset)) where !isAtEnd { advance() }
            }
        }
    }

    /// The offset where the Character starting at `index` ends.
    private func characterEnd(from index: Int) -> Int {
        let byte = bytes[index]
        // Two ASCII bytes always have a Character boundary between them,
        // except `\r\n`.
        if byte < 0x80, byte != Byte.carriageReturn, index + 1 >= bytes.count || bytes[index + 1] < 0x80 {
            return index + 1
        }
        // Likewise a character of U+0080…U+05FF (Latin, Greek, Cyrillic,
        // Hebrew; none of them a prefix that joins what follows) before an
        // ASCII byte.
        if byte >= 0xC2, byte <= 0xD7, index + 2 >= bytes.count || bytes[index + 2] < 0x80 {
            return index + 2
        }
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: index)
        return utf8.distance(from: utf8.startIndex, to: text.index(after: start))
    }
}
