/// Every command the shell knows, built-in or registered by a host program.
/// It finds a command by name or alias, parses a command line against the
/// command's declaration, and suggests a name for a typo.
public final class CommandRegistry {
    /// The families in the order they were registered (help lists them so).
    public private(set) var families: [CommandFamily] = []

    public init(_ families: [CommandFamily] = []) {
        for family in families { register(family) }
    }

    /// Adds a command, replacing a built-in of the same name: a host program
    /// may override a built-in command with its own.
    public func register(_ family: CommandFamily) {
        families.removeAll { $0.name == family.name }
        families.append(family)
    }

    /// The family called `name`, by its name or an alias.
    public func family(named name: String) -> CommandFamily? {
        families.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// Every word that names a command, aliases included.
    public var commandWords: [String] { families.flatMap { [$0.name] + $0.aliases } }

    /// Parses and validates `words` (the expanded words of one command
    /// line) and returns what to run. Nothing runs yet.
    public func prepare(_ words: [String]) throws(CommandError) -> PreparedCommand {
        guard let name = words.first else { throw CommandError("empty command") }
        guard let family = family(named: name) else {
            let hint = Suggestion.hint(for: name, among: commandWords, otherwise: " (type `help` for the list)")
            throw CommandError("unknown command `\(name)`\(hint)", wordIndex: 0)
        }
        let (verb, firstArgument) = try selectVerb(of: family, words: words)
        let arguments = try ArgumentParser.parse(words, from: firstArgument, verb: verb, family: family)
        let action = try verb.prepare(arguments)
        return PreparedCommand(family: family, verb: verb, arguments: arguments, action: action)
    }

    /// The verb a command line names, or an error that lists the choices.
    private func selectVerb(of family: CommandFamily, words: [String]) throws(CommandError) -> (Verb, Int) {
        if let selected = family.verb(for: words) { return selected }
        let choices = family.subcommandWords
        guard words.count > 1 else {
            throw CommandError(
                "\(family.name): which one? \(choices.map { "`\(family.name) \($0)`" }.joined(separator: ", "))",
                wordIndex: 0)
        }
        let hint = Suggestion.hint(for: words[1], among: choices)
        throw CommandError(
            "\(family.name): unknown subcommand `\(words[1])`\(hint) (\(choices.joined(separator: ", ")))",
            wordIndex: 1)
    }
}

/// A command line that parsed and validated, ready to run.
public struct PreparedCommand {
    public let family: CommandFamily
    public let verb: Verb
    public let arguments: Arguments
    public let action: CommandAction

    /// `ns new`, `exec`: how messages name this command.
    public var displayName: String {
        [family.name, verb.word].compactMap { $0 }.joined(separator: " ")
    }
}
