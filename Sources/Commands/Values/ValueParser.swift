/// Parsers for the values commands take: sizes (`64M`), CPU amounts
/// (`50%`), durations (`500ms`), counts (`20`, `max`) and plain unsigned
/// integers. Each is a pure function from the word as typed to a value, or
/// a `ValueError` whose message names the word and gives examples.
///
/// Numbers are plain decimals: digits with at most one `.` (`1.5`, `.5`,
/// `2.`), no sign, no exponent, no `_`. Results are computed exactly from
/// the digits, never through floating point (except CPU amounts, which
/// are `Double` in `CPULimit`).
public enum ValueParser {
    /// The value as a message names it: cut if it is long (the message
    /// puts it in backticks).
    static func shown(_ text: String) -> String {
        let limit = 40
        return text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// The usual error: `` `VALUE` is not a KIND (examples: …) ``, or, for
    /// an empty value, `an empty value is not a KIND (examples: …)`.
    static func notA(_ kind: Phrase, _ text: String, examples: String) -> ValueError {
        let subject: Phrase = text.isEmpty ? "an empty value" : "`\(shown(text))`"
        return ValueError(value: text, phrase: "\(subject) is not \(kind) (examples: \(examples))")
    }

    /// True for `max`, in any case: the word for "no limit".
    static func isMax(_ text: String) -> Bool {
        text.count == 3 && text.lowercased() == "max"
    }

    /// `text` split before its first character that is not a digit or `.`:
    /// `1.5G` → (`1.5`, `G`).
    static func splitNumber(_ text: String) -> (number: Substring, suffix: Substring) {
        let end = text.utf8.firstIndex { !(Byte.isDigit($0) || $0 == Byte.dot) } ?? text.utf8.endIndex
        return (text[..<end], text[end...])
    }
}

/// A value a command was given that it cannot use.
public struct ValueError: Error, Equatable, Sendable, CustomStringConvertible, Diagnosable {
    /// The value as the user typed it.
    public var value: String
    /// One line saying what is wrong, with examples of what would do.
    public var phrase: Phrase

    /// An error about `value`, explained by `phrase`.
    public init(value: String, phrase: Phrase) {
        self.value = value
        self.phrase = phrase
    }

    /// The message in English.
    public var message: String { phrase.description }

    /// The message in English.
    public var description: String { message }
}

/// The ASCII bytes number parsing looks at.
enum Byte {
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
