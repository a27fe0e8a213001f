/// Words for a person, written in English where they are said, with the
/// facts interpolated: `"container `\(name)` is not running"`. Its key is
/// the English text with `%@` where each fact goes (`%%` for a `%` of the
/// text), as gettext keys a message by its English `msgid`; a catalog
/// (`Catalog`) gives the same words in another language.
public struct Phrase: Equatable, Sendable, CustomStringConvertible, ExpressibleByStringInterpolation {
    /// One fact in a phrase: a value as it is (a name, a path, a number),
    /// or words of their own, said in the phrase's language.
    public enum Argument: Equatable, Sendable {
        case fact(String)
        case phrase(Phrase)
    }

    /// The English text with `%@` for every argument: the catalogs' key.
    public let key: String
    /// The facts, in the order the English text names them.
    public let arguments: [Argument]

    /// Text that is not words for a person (a program's output, a path, a
    /// table of facts): shown the same in every language.
    public init(verbatim text: String) {
        self.key = "%@"
        self.arguments = [.fact(text)]
    }

    init(key: String, arguments: [Argument]) {
        self.key = key
        self.arguments = arguments
    }

    public init(stringLiteral value: String) {
        self.init(key: Self.escaped(value), arguments: [])
    }

    public init(stringInterpolation: Interpolation) {
        self.init(key: stringInterpolation.key, arguments: stringInterpolation.arguments)
    }

    /// The text in `language`: the catalog's words for the key (the
    /// English text where the catalog has none), with the facts put in.
    public func text(in language: Language) -> String {
        Self.fill(Catalog.template(for: key, in: language), with: arguments.map { argument in
            switch argument {
            case .fact(let value): value
            case .phrase(let phrase): phrase.text(in: language)
            }
        })
    }

    /// The English text.
    public var description: String { text(in: .english) }

    /// `template` with its `%@` (in order) and `%N$@` (the Nth) replaced by
    /// `values`, and `%%` by `%`.
    static func fill(_ template: String, with values: [String]) -> String {
        var result = ""
        var next = 0
        var characters = template[...]
        while let percent = characters.firstIndex(of: "%") {
            result += String(characters[..<percent])  // String's own +=, not the generic one
            var rest = characters[characters.index(after: percent)...]
            if rest.first == "%" {
                result += "%"
                rest = rest.dropFirst()
            } else if rest.first == "@" {
                result += next < values.count ? values[next] : ""
                next += 1
                rest = rest.dropFirst()
            } else if let dollar = rest.firstIndex(of: "$"), let number = Int(rest[..<dollar]), number >= 1,
                rest[rest.index(after: dollar)...].first == "@"
            {
                result += number <= values.count ? values[number - 1] : ""
                rest = rest[rest.index(dollar, offsetBy: 2)...]
            } else {
                result += "%"
            }
            characters = rest
        }
        return result + String(characters)
    }

    /// A literal part of a key: its `%` doubled. (Written out: in a module
    /// where Foundation is visible, `replacingOccurrences` would be its
    /// NSString bridge, paid by every phrase ctrsh makes.)
    static func escaped(_ literal: String) -> String {
        guard literal.utf8.contains(UInt8(ascii: "%")) else { return literal }
        var result = ""
        result.reserveCapacity(literal.utf8.count + 2)
        for character in literal {
            result.append(character)
            if character == "%" { result.append("%") }
        }
        return result
    }

    /// Builds a phrase's key and facts from an interpolated literal.
    public struct Interpolation: StringInterpolationProtocol {
        var key = ""
        var arguments: [Argument] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            key.reserveCapacity(literalCapacity + 2 * interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) { key += Phrase.escaped(literal) }

        /// Words inside words: said in the same language as the phrase.
        public mutating func appendInterpolation(_ phrase: Phrase) {
            key += "%@"
            arguments.append(.phrase(phrase))
        }

        /// A fact: a value shown as it is.
        public mutating func appendInterpolation<Value>(_ value: Value) {
            key += "%@"
            arguments.append(.fact(String(describing: value)))
        }
    }
}
