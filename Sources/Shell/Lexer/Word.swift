/// One piece of a word: literal text, or a variable to expand.
///
/// Quoting is resolved while lexing, so a part does not say whether it was
/// quoted: ctrsh never splits a variable's value into several words.
public enum WordPart: Equatable, Sendable {
    /// Text with quotes, escapes and line continuations already removed.
    case literal(String)
    /// `$NAME`, `${NAME}`, `$?` or `$1`: the name without `$` or braces
    /// (`NAME`, `?`, `1`), and where its `$` is.
    case variable(name: String, location: SourceLocation)
}

/// One word of a command, before expansion.
///
/// Adjacent pieces join into one word: `a"b"'c'$X` is one word of two
/// parts, `.literal("abc")` then `.variable(name: "X", …)`.
/// Words are expanded only when their command runs, because an earlier
/// command (`let`) or its exit status (`$?`) changes what they mean.
public struct Word: Equatable, Sendable {
    /// The pieces, in order; literal pieces next to each other are merged.
    /// An empty quoted word (`""`) is one empty literal.
    public var parts: [WordPart]
    /// Where the word's first character is.
    public var location: SourceLocation
    /// The word exactly as written, quotes and backslashes included.
    public var raw: String

    /// A word made of `parts`, starting at `location`, written as `raw`.
    public init(parts: [WordPart], location: SourceLocation, raw: String) {
        self.parts = parts
        self.location = location
        self.raw = raw
    }

    /// True when expanding the word needs variables.
    public var hasVariables: Bool {
        parts.contains { if case .variable = $0 { true } else { false } }
    }

    /// The word's value when it has no variables, else nil.
    public var literal: String? {
        var text = ""
        for part in parts {
            guard case .literal(let piece) = part else { return nil }
            text += piece
        }
        return text
    }

    /// The word's value, each variable replaced by what `lookup` returns
    /// for its name (`NAME`, `?`, `1`). The value is used as it is: it is
    /// never split into words or expanded again.
    ///
    /// - Throws: `LexError` `.unknownVariable` at the variable's `$` when
    ///   `lookup` returns nil.
    public func expand(_ lookup: (String) -> String?) throws(LexError) -> String {
        var text = ""
        for part in parts {
            switch part {
            case .literal(let piece):
                text += piece
            case .variable(let name, let location):
                guard let value = lookup(name) else {
                    throw LexError(.unknownVariable(name), at: location)
                }
                text += value
            }
        }
        return text
    }
}
