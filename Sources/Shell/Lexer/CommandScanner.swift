/// How a command ended.
enum Terminator {
    case newline, semicolon, end
}

/// One command as scanned, valid or not.
struct ScannedCommand {
    /// The words, with an error or without.
    var words: [Word] = []
    /// The byte range from the first word's start to the last word's end.
    var range: Range<Int>?
    /// The first error in the command.
    var error: LexError?
    /// The opening quote when the input ended inside quotes.
    var openQuote: Mark?
    /// True when the input ended with a backslash escaping nothing.
    var endsWithBackslash = false
    /// What ended the command.
    var terminator = Terminator.end
}

/// Scanning commands: blanks, comments, `;` and line breaks between words.
extension Scanner {
    /// Scans the next command. With `skippingEmpty`, blank lines, comment
    /// lines and empty `;` pieces are passed over; without it, a line break
    /// or `;` ends the command even when it has no words.
    mutating func scanCommand(skippingEmpty: Bool = true) -> ScannedCommand {
        var command = ScannedCommand()
        while true {
            skipBlanks()
            guard let byte = current else {
                command.terminator = .end
                return command
            }
            if byte == Byte.semicolon || newlineLength(at: offset) > 0 {
                let isNewline = byte != Byte.semicolon
                if isNewline { consumeNewline() } else { skip(1) }
                if skippingEmpty, command.words.isEmpty, command.error == nil { continue }
                command.terminator = isNewline ? .newline : .semicolon
                return command
            }
            if byte == Byte.hash {
                if let nul = skipComment(), command.error == nil {
                    command.error = LexError(.nulByte, at: location(of: nul))
                }
                continue
            }
            let scanned = scanWord()
            command.words.append(scanned.word)
            command.range = (command.range?.lowerBound ?? scanned.start)..<scanned.end
            if command.error == nil { command.error = scanned.error }
            if command.openQuote == nil { command.openQuote = scanned.openQuote }
            command.endsWithBackslash = scanned.endsWithBackslash
        }
    }

    /// Moves past blanks (space, tab) and line continuations.
    mutating func skipBlanks() {
        while let byte = current {
            if byte == Byte.space || byte == Byte.tab {
                skip(1)
            } else if !consumeContinuation() {
                return
            }
        }
    }

    /// Moves from a `#` to the line break that ends the comment, and
    /// returns where the first NUL byte in it is. A comment ending in `\`
    /// does not continue, as in sh.
    mutating func skipComment() -> Mark? {
        var nul: Mark?
        while let byte = current, byte != Byte.newline {
            if byte == Byte.nul, nul == nil { nul = mark }
            skip(1)
        }
        return nul
    }
}
