import CtrRuntime

/// The words for why `import oci` cannot read a config.json: where it
/// stops being JSON, or which field holds what it should not.
extension ConfigDecodeProblem {
    var phrase: Phrase {
        switch self {
        case .expected(let field, let kind, nil): "\(Self.field(field)): expected \(kind.phrase)"
        case .expected(let field, let kind, let found?): "\(Self.field(field)): expected \(kind.phrase), found \(found.phrase)"
        case .missing(let field): "\(Self.field(field)): missing (runtime-spec requires it)"
        case .notWholeNumber(let field, let min, let max): "\(Self.field(field)): expected a whole number from \(min) to \(max)"
        case .invalid(let field, let detail): "\(Self.field(field)): \(detail)"
        case .notValidJSON(let detail): "not valid JSON (\(detail))"
        case .notJSON(let problem): "not JSON: \(problem.phrase)"
        case .other(let text): Phrase(verbatim: text)
        }
    }

    /// The field's path, or the top of the file.
    private static func field(_ field: String?) -> Phrase {
        field.map { Phrase(verbatim: $0) } ?? "the top level"
    }
}

extension JSONKind {
    /// "a string", "true or false", "a list".
    var phrase: Phrase {
        switch self {
        case .string: "a string"
        case .bool: "true or false"
        case .wholeNumber: "a whole number"
        case .number: "a number"
        case .list: "a list"
        case .object: "an object"
        case .null: "null"
        case .named(let noun):
            // The decoder's own noun, with its article.
            Phrase(verbatim: noun.hasPrefix("a ") || noun.hasPrefix("an ") ? noun : ("aeiou".contains(noun.first ?? "x") ? "an " : "a ") + noun)
        }
    }
}

extension JSONSyntaxProblem {
    /// "line 3, column 28: expected `,` or `]` after the list element, found `}`".
    var phrase: Phrase { "line \(line), column \(column): \(kind.phrase)" }
}

extension JSONSyntaxProblem.Kind {
    var phrase: Phrase {
        switch self {
        case .trailingText(let found): "expected the end of the file after the JSON value, found \(found.phrase)"
        case .expectedValue(let found): "expected a value, found \(found.phrase)"
        case .tooDeep(let levels): "objects and lists nest deeper than \(levels) levels"
        case .expectedMemberName(let found): "expected a member name in double quotes, found \(found.phrase)"
        case .expectedColon(let found): "expected `:` after the member name, found \(found.phrase)"
        case .expectedCommaOrBrace(let found): "expected `,` or `}` after the member, found \(found.phrase)"
        case .expectedCommaOrBracket(let found): "expected `,` or `]` after the list element, found \(found.phrase)"
        case .unknownEscape(let found): "unknown escape `\\` followed by \(found.phrase)"
        case .controlCharacter(let byte): "a control character (byte 0x\(String(byte, radix: 16))) inside a string: write it as an escape"
        case .unclosedString: "the string is not closed: expected `\"`, found the end of the file"
        case .nulCharacter: "`\\u0000` inside a string: a NUL character cannot be in a path, an argument or a variable"
        case .loneLowSurrogate(let hex): "a lone UTF-16 low surrogate `\\u\(hex)`: no character"
        case .loneHighSurrogate(let hex): "a lone UTF-16 high surrogate `\\u\(hex)`: a `\\uDC00`–`\\uDFFF` must follow it"
        case .hexDigits(let found): "`\\u` needs four hexadecimal digits, found \(found.phrase)"
        case .notUTF8(let byte): "not UTF-8 (byte 0x\(String(byte, radix: 16)))"
        case .expectedDigit(let found): "expected a digit in the number, found \(found.phrase)"
        case .leadingZero: "a number cannot start with 0 followed by digits"
        case .expectedFractionDigit(let found): "expected a digit after `.`, found \(found.phrase)"
        case .expectedExponentDigit(let found): "expected a digit after the exponent, found \(found.phrase)"
        case .expectedLiteral(let word, let found): "expected `\(word)`, found \(found.phrase)"
        }
    }
}

extension JSONFound {
    var phrase: Phrase {
        switch self {
        case .endOfFile: "the end of the file"
        case .character(let character): "`\(character)`"
        case .byte(let byte): "byte 0x\(String(byte, radix: 16))"
        }
    }
}
