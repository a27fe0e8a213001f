/// Where a config.json stops being JSON (1-based line, and column in
/// bytes), and what the grammar expected there.
public struct JSONSyntaxProblem: Equatable, Sendable {
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, in bytes.
    public var column: Int
    /// What is wrong there.
    public var kind: Kind

    public init(line: Int, column: Int, kind: Kind) {
        self.line = line
        self.column = column
        self.kind = kind
    }

    /// What is wrong at that place.
    public enum Kind: Equatable, Sendable {
        /// More text after the one JSON value.
        case trailingText(found: JSONFound)
        /// No value where one must be.
        case expectedValue(found: JSONFound)
        /// Objects and lists nest deeper than this many levels.
        case tooDeep(Int)
        /// No member name in double quotes.
        case expectedMemberName(found: JSONFound)
        /// No `:` after a member name.
        case expectedColon(found: JSONFound)
        /// No `,` or `}` after a member.
        case expectedCommaOrBrace(found: JSONFound)
        /// No `,` or `]` after a list element.
        case expectedCommaOrBracket(found: JSONFound)
        /// `\` followed by no escape JSON knows.
        case unknownEscape(found: JSONFound)
        /// A control character (this byte) written into a string as it is.
        case controlCharacter(UInt8)
        /// A string not closed before the end of the file.
        case unclosedString
        /// `\u0000`: a NUL character cannot be in a path, an argument or a variable.
        case nulCharacter
        /// A UTF-16 low surrogate (`\uHEX`) with no high one before it.
        case loneLowSurrogate(String)
        /// A UTF-16 high surrogate (`\uHEX`) with no low one after it.
        case loneHighSurrogate(String)
        /// `\u` without four hexadecimal digits.
        case hexDigits(found: JSONFound)
        /// Bytes that are not UTF-8, starting with this one.
        case notUTF8(UInt8)
        /// No digit where a number starts.
        case expectedDigit(found: JSONFound)
        /// A number starting with 0 followed by digits.
        case leadingZero
        /// No digit after a number's `.`.
        case expectedFractionDigit(found: JSONFound)
        /// No digit in a number's exponent.
        case expectedExponentDigit(found: JSONFound)
        /// Not the literal `true`, `false` or `null` it began as.
        case expectedLiteral(String, found: JSONFound)
    }
}

/// What the grammar found where it expected something else.
public enum JSONFound: Equatable, Sendable {
    /// The end of the file.
    case endOfFile
    /// A printable ASCII character.
    case character(Character)
    /// Any other byte.
    case byte(UInt8)
}
