/// Scanning one word: quotes, escapes and variable references.
extension Scanner {
    /// Scans the word at the cursor, which is not a blank, a line break,
    /// `;` or a comment. Stops before the blank, line break or `;` that
    /// ends it, or at the end of the input.
    mutating func scanWord() -> ScannedWord {
        let start = offset
        let location = location()
        var builder = WordBuilder()
        var end = offset
        scanning: while let byte = current {
            switch byte {
            case Byte.space, Byte.tab, Byte.newline, Byte.semicolon:
                break scanning
            case Byte.carriageReturn where newlineLength(at: offset) == 2:
                break scanning
            case Byte.backslash:
                if consumeContinuation() { continue scanning }
                scanEscape(into: &builder)
            case Byte.singleQuote:
                scanSingleQuoted(into: &builder)
            case Byte.doubleQuote:
                scanDoubleQuoted(into: &builder)
            case Byte.dollar:
                scanVariable(into: &builder)
            default:
                scanRun(into: &builder)
            }
            end = offset
        }
        let word = Word(parts: builder.finish(), location: location, raw: string(start..<end))
        return ScannedWord(
            word: word, start: start, end: end, error: builder.error,
            openQuote: builder.openQuote, endsWithBackslash: builder.endsWithBackslash)
    }

    /// Records `kind` at `mark` unless the word already has an error.
    mutating func fail(_ kind: LexError.Kind, at mark: Mark, in builder: inout WordBuilder) {
        guard builder.error == nil else { return }
        builder.error = LexError(kind, at: location(of: mark))
    }

    // MARK: - Unquoted

    /// Plain characters: everything up to the next one with a meaning.
    private mutating func scanRun(into builder: inout WordBuilder) {
        let start = offset
        while let byte = current {
            switch byte {
            case Byte.space, Byte.tab, Byte.newline, Byte.semicolon, Byte.backslash,
                Byte.singleQuote, Byte.doubleQuote, Byte.dollar:
                builder.append(bytes[start..<offset])
                return
            case Byte.carriageReturn where newlineLength(at: offset) == 2:
                builder.append(bytes[start..<offset])
                return
            case Byte.nul:
                fail(.nulByte, at: mark, in: &builder)
            default:
                break
            }
            skip(1)
        }
        builder.append(bytes[start..<offset])
    }

    /// `\x` outside quotes: `x` literally, whatever it is.
    private mutating func scanEscape(into builder: inout WordBuilder) {
        let backslash = mark
        skip(1)
        guard let byte = current else {
            fail(.backslashAtEndOfInput, at: backslash, in: &builder)
            builder.endsWithBackslash = true
            return
        }
        if byte == Byte.nul { fail(.nulByte, at: mark, in: &builder) }
        // A multi-byte character's other bytes have no meaning, so they
        // follow as plain text.
        builder.append(byte)
        advance()
    }

    // MARK: - Quotes

    /// `'…'`: everything up to the next `'` literally, line breaks included.
    private mutating func scanSingleQuoted(into builder: inout WordBuilder) {
        let quote = mark
        skip(1)
        let start = offset
        while let byte = current, byte != Byte.singleQuote {
            if byte == Byte.nul { fail(.nulByte, at: mark, in: &builder) }
            advance()
        }
        builder.append(bytes[start..<offset])
        if isAtEnd {
            fail(.unterminatedSingleQuote, at: quote, in: &builder)
            builder.openQuote = quote
        } else {
            skip(1)
        }
    }

    /// `"…"`: variables expand; `\"`, `\\`, `\$`, `` \` `` and a backslash
    /// before a line break are escapes; any other backslash stays, as in sh.
    private mutating func scanDoubleQuoted(into builder: inout WordBuilder) {
        let quote = mark
        skip(1)
        while let byte = current {
            switch byte {
            case Byte.doubleQuote:
                skip(1)
                return
            case Byte.dollar:
                scanVariable(into: &builder)
            case Byte.backslash:
                if consumeContinuation() { continue }
                if let next = peek(1),
                    next == Byte.doubleQuote || next == Byte.backslash || next == Byte.dollar || next == Byte.backtick
                {
                    builder.append(next)
                    skip(2)
                } else {
                    builder.append(byte)
                    skip(1)
                }
            default:
                let start = offset
                while let byte = current, byte != Byte.doubleQuote, byte != Byte.dollar, byte != Byte.backslash {
                    if byte == Byte.nul { fail(.nulByte, at: mark, in: &builder) }
                    advance()
                }
                builder.append(bytes[start..<offset])
            }
        }
        fail(.unterminatedDoubleQuote, at: quote, in: &builder)
        builder.openQuote = quote
    }

    // MARK: - Variables

    /// `$NAME`, `${NAME}`, `$?` or a positional `$1`…`$9`, `${10}`. A `$`
    /// that starts none of these is a literal dollar sign, as in sh: the
    /// regex `"^$1$"` ends in one. On an error in `${…}` the `$` is taken
    /// literally and scanning goes on after it.
    private mutating func scanVariable(into builder: inout WordBuilder) {
        let dollar = mark
        let location = location()
        skip(1)
        guard let byte = current, newlineLength(at: offset) == 0 else {
            builder.append(Byte.dollar)
            return
        }
        if byte == Byte.question || Byte.isDigit(byte) {
            skip(1)
            builder.appendVariable(string(offset - 1..<offset), at: location)
        } else if Byte.isNameStart(byte) {
            let start = offset
            while let next = current, Byte.isNameContinue(next) { skip(1) }
            builder.appendVariable(string(start..<offset), at: location)
        } else if byte == Byte.openBrace {
            scanBraced(dollar: dollar, location: location, into: &builder)
        } else {
            builder.append(Byte.dollar)
        }
    }

    /// `${…}`, with the cursor on the `{`. The name ends at `}`; a line
    /// break, `$` or `{` first means the brace was never closed (stopping
    /// there keeps a line full of `${` linear).
    private mutating func scanBraced(dollar: Mark, location: SourceLocation, into builder: inout WordBuilder) {
        var close = offset + 1
        while close < bytes.count {
            let byte = bytes[close]
            if byte == Byte.closeBrace || byte == Byte.newline || byte == Byte.dollar || byte == Byte.openBrace {
                break
            }
            close += 1
        }
        guard close < bytes.count, bytes[close] == Byte.closeBrace else {
            fail(.unterminatedBrace, at: dollar, in: &builder)
            builder.append(Byte.dollar)
            return
        }
        let name = bytes[(offset + 1)..<close]
        guard Scanner.isValidName(name) else {
            if let nul = name.firstIndex(of: Byte.nul) {
                fail(.nulByte, at: Mark(offset: nul, line: line, lineStart: lineStart), in: &builder)
            } else {
                let kind: LexError.Kind = name.isEmpty ? .emptyBraces : .invalidVariableName(string(offset + 1..<close))
                fail(kind, at: dollar, in: &builder)
            }
            builder.append(Byte.dollar)
            return
        }
        builder.appendVariable(string(offset + 1..<close), at: location)
        skip(close + 1 - offset)
    }

    /// A name in braces: `NAME`, `?`, or a number without leading zeros.
    static func isValidName(_ name: ArraySlice<UInt8>) -> Bool {
        guard let first = name.first else { return false }
        if Byte.isNameStart(first) { return name.allSatisfy(Byte.isNameContinue) }
        if first == Byte.question { return name.count == 1 }
        if first == UInt8(ascii: "0") { return name.count == 1 }
        return name.allSatisfy(Byte.isDigit)
    }
}
