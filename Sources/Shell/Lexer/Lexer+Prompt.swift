/// The lexer's two services to the prompt: whether to ask for another line,
/// and what the cursor is in for TAB completion. Both follow the lexer's
/// rules exactly, and never fail: invalid text is read the way the lexer
/// reads it when it goes on after an error.
extension Lexer {
    /// True when `text` needs another line to be complete: it ends inside
    /// a quote, after a backslash, or after a line continuation. The prompt
    /// then shows its continuation prompt and appends a line break and the
    /// next line. Other errors do not make text incomplete: they are
    /// reported when the text is run.
    public static func isIncomplete(_ text: String) -> Bool {
        var scanner = Scanner(text)
        while true {
            let command = scanner.scanCommand(skippingEmpty: false)
            if command.openQuote != nil { return true }
            if command.terminator == .end {
                return command.endsWithBackslash || scanner.lastContinuationEnd == scanner.bytes.count
            }
        }
    }

    /// The completion context for the text before the cursor, or nil when
    /// the cursor is inside a comment (nothing to complete).
    ///
    /// Only the current command counts: words before the last `;` or line
    /// break (outside quotes) belong to earlier commands. A word that runs
    /// up to the cursor is the partial word, also when it is inside an
    /// unterminated quote (`cat "my fi` → partial `"my fi`, value `my fi`);
    /// after a blank the partial word is empty and starts at the cursor.
    public static func completionContext(_ textBeforeCursor: String) -> CompletionContext? {
        let text = textBeforeCursor
        var scanner = Scanner(text)
        var words: [String] = []
        while true {
            scanner.skipBlanks()
            guard let byte = scanner.current else {
                return CompletionContext(
                    words: words, partial: "", partialValue: "", start: text.endIndex, startOffset: text.count,
                    openQuote: nil)
            }
            if byte == Byte.semicolon || scanner.newlineLength(at: scanner.offset) > 0 {
                if byte == Byte.semicolon { scanner.skip(1) } else { scanner.consumeNewline() }
                words = []
                continue
            }
            if byte == Byte.hash {
                _ = scanner.skipComment()
                if scanner.isAtEnd { return nil }
                continue
            }
            let scanned = scanner.scanWord()
            guard scanner.isAtEnd else {
                words.append(scanned.word.literal ?? scanned.word.raw)
                continue
            }
            let start = text.utf8.index(text.utf8.startIndex, offsetBy: scanned.start)
            var quote: CompletionContext.Quote?
            if let open = scanned.openQuote {
                quote = scanner.bytes[open.offset] == Byte.singleQuote ? .single : .double
            }
            return CompletionContext(
                words: words, partial: scanner.string(scanned.start..<scanner.bytes.count),
                partialValue: value(of: scanned.word),
                start: start, startOffset: text.distance(from: text.startIndex, to: start), openQuote: quote)
        }
    }

    /// A word's text with variables written as `$NAME`.
    private static func value(of word: Word) -> String {
        var text = ""
        for part in word.parts {
            switch part {
            case .literal(let piece): text += piece
            case .variable(let name, _): text += "$" + name
            }
        }
        return text
    }
}
