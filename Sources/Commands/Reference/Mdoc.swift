/// Text for an mdoc(7) man page, written so that `mandoc -Tlint` has
/// nothing to say: ASCII only, one sentence per line, lines under 80 bytes,
/// nothing that roff would read as a request.
public enum Mdoc {
    /// Input lines stay below this many bytes (mandoc's style check).
    static let lineLimit = 79

    /// A paragraph of prose as text lines: backquoted spans become quoted
    /// literals, each sentence starts a line, long lines are wrapped at
    /// spaces.
    public static func paragraph(_ prose: String) -> [String] {
        sentences(in: prose).flatMap { wrap(escape(quotingSpans(in: $0))) }
    }

    /// `text` escaped for a text or macro line: backslashes, and characters
    /// outside ASCII as roff's named or numbered glyphs.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\e"
            case "\u{2014}": out += "\\(em"
            case "\u{2013}": out += "\\(en"
            case "\u{2026}": out += "\\&..."
            case "\u{2192}": out += "\\(->"
            case Self.openQuote: out += "\\(oq"
            case Self.closeQuote: out += "\\(cq"
            case Self.minus: out += "\\-"
            case _ where scalar.isASCII: out.unicodeScalars.append(scalar)
            default: out += "\\[u" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) + "]"
            }
        }
        return out
    }

    /// A line of a literal display (`.Bd -literal`): escaped, and protected
    /// where it would start with a control character.
    public static func literalLine(_ line: String) -> String {
        protected(escape(line))
    }

    /// `\&` before a line's first character where roff would take it for
    /// the start of a request.
    static func protected(_ line: String) -> String {
        line.hasPrefix(".") || line.hasPrefix("'") ? "\\&" + line : line
    }

    /// Markers `quotingSpans` leaves for `escape` to turn into `\(oq`,
    /// `\(cq` and `\-` (control characters no prose contains).
    static let openQuote: Unicode.Scalar = "\u{1}"
    static let closeQuote: Unicode.Scalar = "\u{2}"
    static let minus: Unicode.Scalar = "\u{3}"

    /// `` `word` `` spans as quoted literals (‘word’), dashes inside them
    /// as minus signs, so that options copy and paste as typed.
    static func quotingSpans(in text: String) -> String {
        var out = ""
        var inSpan = false
        for character in text {
            if character == "`" {
                out.unicodeScalars.append(inSpan ? closeQuote : openQuote)
                inSpan.toggle()
            } else if inSpan && character == "-" {
                out.unicodeScalars.append(minus)
            } else {
                out.append(character)
            }
        }
        return out
    }

    /// Splits at a sentence's end (`.`, `?` or `!` and a space before a
    /// capital letter or a quote), which mandoc wants at the end of a line.
    static func sentences(in prose: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(prose.split(whereSeparator: \.isNewline).joined(separator: " "))
        var index = 0
        while index < characters.count {
            let character = characters[index]
            current.append(character)
            let next = index + 2 < characters.count ? characters[index + 2] : nil
            if ".?!".contains(character), index + 1 < characters.count, characters[index + 1] == " ",
               let next, next.isUppercase || next == "`" || next == "(" {
                sentences.append(current)
                current = ""
                index += 2
                continue
            }
            index += 1
        }
        if !current.isEmpty { sentences.append(current) }
        return sentences
    }

    /// Wraps one escaped sentence at spaces into lines under the limit. A
    /// line that would start with `.` or `'` is protected with `\&`.
    static func wrap(_ sentence: String) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in sentence.split(separator: " ", omittingEmptySubsequences: true) {
            if !line.isEmpty && line.utf8.count + 1 + word.utf8.count > lineLimit {
                lines.append(line)
                line = ""
            }
            line += line.isEmpty ? protected(String(word)) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
