import CtrCommands

/// A syntax error in ctrsh source, or a variable that could not be expanded.
///
/// `location` is where the problem starts: the opening quote of an
/// unterminated string, the `$` of a bad variable. The message has no
/// position in it; a script runner prints
/// `FILE:\(location): error: \(message)`, the prompt may point at the column.
public struct LexError: Error, Equatable, Sendable, Diagnosable {
    /// What went wrong, for callers that react to one kind (the prompt
    /// asks for another line on an unterminated quote).
    public enum Kind: Equatable, Sendable {
        /// A `'` with no closing `'` before the end of the input.
        case unterminatedSingleQuote
        /// A `"` with no closing `"` before the end of the input.
        case unterminatedDoubleQuote
        /// A `${` with no `}` on the same line.
        case unterminatedBrace
        /// `${}`: braces with no name between them.
        case emptyBraces
        /// `${…}` holding something that is not a name, `?` or a number.
        case invalidVariableName(String)
        /// A `\` as the very last character of the input, escaping nothing.
        case backslashAtEndOfInput
        /// A NUL byte, which no command argument can hold.
        case nulByte
        /// Expansion found no value for the variable with this name.
        case unknownVariable(String)
    }

    /// What went wrong.
    public var kind: Kind
    /// Where the problem starts.
    public var location: SourceLocation

    /// An error of `kind` starting at `location`.
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// One lowercase line saying what is wrong, names in backticks, in English.
    public var message: String { phrase.description }

    /// One lowercase line saying what is wrong, names in backticks.
    public var phrase: Phrase {
        switch kind {
        case .unterminatedSingleQuote: "unterminated single quote"
        case .unterminatedDoubleQuote: "unterminated double quote"
        case .unterminatedBrace: "unterminated `${`"
        case .emptyBraces: "expected a variable name inside `${}`"
        case .invalidVariableName(let name): "invalid variable name `\(LexError.shortened(name))`"
        case .backslashAtEndOfInput: "backslash at end of input"
        case .nulByte: "NUL byte in input"
        case .unknownVariable(let name): "unknown variable `$\(LexError.shortened(name))`"
        }
    }

    /// What to do about it, when there is something useful to say, in English.
    public var hint: String? { hintPhrase?.description }

    /// What to do about it, when there is something useful to say.
    public var hintPhrase: Phrase? {
        switch kind {
        case .unterminatedSingleQuote: "close it with `'`"
        case .unterminatedDoubleQuote: "close it with `\"`"
        case .unterminatedBrace: "close it with `}`"
        case .emptyBraces, .invalidVariableName:
            "a name is letters, digits and `_`, not starting with a digit; `${10}` is an argument"
        case .backslashAtEndOfInput: "remove it, or write `\\\\` for a literal backslash"
        case .nulByte: "ctrsh reads text: is this a binary file?"
        case .unknownVariable(let name):
            if name == "?" {
                nil
            } else if name == "0" {
                "`$0` is the script's name, set only when a script runs"
            } else if name.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                "the script was given fewer than \(name) arguments"
            } else {
                "set it with `let \(LexError.shortened(name))=VALUE`"
            }
        }
    }

    /// True when more input could make the text valid: an open quote or a
    /// backslash with nothing after it.
    public var isIncompleteInput: Bool {
        switch kind {
        case .unterminatedSingleQuote, .unterminatedDoubleQuote, .backslashAtEndOfInput: true
        default: false
        }
    }

    /// `text` cut to a length that fits in one message line.
    static func shortened(_ text: String) -> String {
        let limit = 40
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "…"
    }
}
