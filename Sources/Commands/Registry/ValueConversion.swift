import CtrRuntime

/// Turns one word into the value its parameter kind asks for, or an error
/// that names the word and what is accepted.
enum ValueConversion {
    /// Throws unless `word` is a valid value of `kind`.
    static func validate(_ word: String, as kind: ParameterKind, for command: String, at index: Int) throws(CommandError) {
        switch kind {
        case .choice(let words) where !words.contains(word):
            let hint = Suggestion.hint(for: word, among: words)
            throw CommandError("\(command): `\(word)` is not one of \(words.joined(separator: ", "))\(hint)", wordIndex: index)
        case .namespaceList: _ = try namespaces(word, for: command, at: index)
        case .namespace: _ = try namespace(word, for: command, at: index)
        case .size: _ = try size(word, for: command, at: index)
        case .duration: _ = try duration(word, for: command, at: index)
        case .signal: _ = try signal(word, for: command, at: index)
        case .integer: _ = try integer(word, for: command, at: index)
        case .assignment: _ = try assignment(word, for: command, at: index)
        default: break
        }
    }

    static func namespaces(_ word: String, for command: String, at index: Int?) throws(CommandError) -> [NamespaceKind] {
        if word == "all" { return NamespaceKind.allCases }
        var kinds: [NamespaceKind] = []
        for part in word.split(separator: ",", omittingEmptySubsequences: false) {
            guard !part.isEmpty else {
                throw CommandError(
                    "\(command): `\(word)` has an empty item (two commas, or one at an end): write the types with one comma between each, e.g. `pid,uts`",
                    wordIndex: index)
            }
            kinds.append(try namespace(String(part), for: command, at: index))
        }
        return kinds
    }

    static func namespace(_ word: String, for command: String, at index: Int?) throws(CommandError) -> NamespaceKind {
        guard let kind = NamespaceKind(word: word) else {
            let hint = Suggestion.hint(for: word, among: NamespaceKind.words)
            throw CommandError(
                "\(command): `\(word)` is not a namespace type\(hint) (\(NamespaceKind.words.joined(separator: ", ")), all)",
                wordIndex: index)
        }
        return kind
    }

    /// Runs one of `ValueParser`'s parsers, its error prefixed with the command.
    private static func parse<T>(
        _ word: String, for command: String, at index: Int?, _ parser: (String) throws(ValueError) -> T
    ) throws(CommandError) -> T {
        do {
            return try parser(word)
        } catch {
            throw CommandError("\(command): \(error.phrase)", wordIndex: index)
        }
    }

    static func size(_ word: String, for command: String, at index: Int?) throws(CommandError) -> ByteLimit {
        try parse(word, for: command, at: index, ValueParser.size)
    }

    static func cpu(_ word: String, for command: String, at index: Int?) throws(CommandError) -> CPULimit? {
        try parse(word, for: command, at: index, ValueParser.cpu)
    }

    static func count(_ word: String, for command: String, at index: Int?) throws(CommandError) -> UInt64? {
        try parse(word, for: command, at: index, ValueParser.count)
    }

    static func duration(_ word: String, for command: String, at index: Int?) throws(CommandError) -> Duration {
        try parse(word, for: command, at: index, ValueParser.duration)
    }

    static func signal(_ word: String, for command: String, at index: Int?) throws(CommandError) -> Int32 {
        guard let number = SignalNames.number(of: word) else {
            throw CommandError("\(command): `\(word)` is not a signal (examples: TERM, SIGKILL, 9)", wordIndex: index)
        }
        return number
    }

    static func integer(_ word: String, for command: String, at index: Int?) throws(CommandError) -> Int {
        guard let number = Int(word) else {
            throw CommandError("\(command): `\(word)` is not a whole number", wordIndex: index)
        }
        return number
    }

    static func assignment(_ word: String, for command: String, at index: Int?) throws(CommandError) -> (String, String) {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
            throw CommandError("\(command): `\(word)` is not NAME=VALUE", wordIndex: index)
        }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }
}

extension Arguments {
    /// The namespace list given for `name`.
    public func namespaces(_ name: String) throws(CommandError) -> [NamespaceKind] {
        try ValueConversion.namespaces(string(name) ?? "", for: command, at: position(of: name))
    }

    /// The size given for `name`.
    public func size(_ name: String) throws(CommandError) -> ByteLimit {
        try ValueConversion.size(string(name) ?? "", for: command, at: position(of: name))
    }

    /// The duration given for the flag or parameter `name`.
    public func duration(_ name: String) throws(CommandError) -> Duration? {
        guard let word = flag(name) ?? string(name) else { return nil }
        return try ValueConversion.duration(word, for: command, at: position(of: name))
    }

    /// The signal given for `name`.
    public func signal(_ name: String) throws(CommandError) -> Int32? {
        guard let word = string(name) else { return nil }
        return try ValueConversion.signal(word, for: command, at: position(of: name))
    }
}
