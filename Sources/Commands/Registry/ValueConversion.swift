import CtrRuntime

/// Turns one word into the value its kind asks for, or an error that names
/// the word and what is accepted: the conversions `ValueKind` runs.
enum ValueConversion {
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

    static func assignment(_ word: String, for command: String, at index: Int?) throws(CommandError) -> Assignment {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
            throw CommandError("\(command): `\(word)` is not NAME=VALUE", wordIndex: index)
        }
        return Assignment(name: String(word[..<equals]), value: String(word[word.index(after: equals)...]))
    }

    /// The capability names in a comma list, checked; `all` is every one.
    static func capabilities(_ word: String, at index: Int?) throws(CommandError) -> [String] {
        if word == "all" { return Capability.names }
        var names: [String] = []
        for part in word.split(separator: ",", omittingEmptySubsequences: false) {
            guard let number = Capability.number(of: String(part)) else {
                guard let closest = Suggestion.closest(to: part.lowercased(), among: Capability.names) else {
                    throw CommandError("cap: `\(part)` is not a capability (e.g. net_admin, sys_admin; `cap show` lists the kept ones)", wordIndex: index)
                }
                throw CommandError(
                    "cap: `\(part)` is not a capability — did you mean `\(closest)`? (e.g. net_admin, sys_admin; `cap show` lists the kept ones)",
                    wordIndex: index)
            }
            names.append(Capability.names[number])
        }
        return names
    }
}
