/// What a prepared command does when it runs.
public typealias CommandAction = (Session) throws -> Void

/// One thing a command family can do (`ns new`, `cgroup set`, or the only
/// form of `exec`): its arguments, flags and summary for help and
/// completion, and `prepare`, which turns validated arguments into an
/// action. `--check` calls `prepare` alone, so every argument error is found
/// without running anything.
public struct Verb {
    /// The subcommand word (`new`), or nil for a family's only form.
    public var word: String?
    /// Its positional arguments, declared by `Operand`s.
    public var parameters: [Parameter]
    /// Its flags, declared by `Option`s and `Switch`es.
    public var flags: [Flag]
    public var summary: String
    public var prepare: (Arguments) throws(CommandError) -> CommandAction

    public init(
        _ word: String? = nil, _ parameters: [any VerbParameter] = [], flags: [any VerbFlag] = [], summary: String,
        prepare: @escaping (Arguments) throws(CommandError) -> CommandAction
    ) {
        self.word = word
        self.parameters = parameters.map(\.parameter)
        self.flags = flags.map(\.flag)
        self.summary = summary
        self.prepare = prepare
    }

    /// A family's form without a subcommand word (`exec CMD`, `env KEY=VALUE`).
    public init(
        _ parameters: [any VerbParameter] = [], flags: [any VerbFlag] = [], summary: String,
        prepare: @escaping (Arguments) throws(CommandError) -> CommandAction
    ) {
        self.init(nil, parameters, flags: flags, summary: summary, prepare: prepare)
    }
}

/// A command as users know it: `ns`, `cgroup`, `exec`. A family either has
/// one form (a single verb without a word) or subcommands.
public struct CommandFamily {
    public var name: String
    public var aliases: [String]
    public var summary: String
    public var examples: [String]
    /// Its verbs, made when first asked for: a session registers every
    /// family at its start, and a script runs a few of them.
    public var verbs: [Verb] { declared.verbs }
    private let declared: DeclaredVerbs
    /// The words one of its parameters takes, each with what it means, for
    /// help: `cgroup set`'s limits.
    public var values: (parameter: String, words: [(word: String, meaning: String)])?

    public init(
        _ name: String, aliases: [String] = [], summary: String, examples: [String] = [],
        verbs: @autoclosure @escaping () -> [Verb],
        values: (parameter: String, words: [(word: String, meaning: String)])? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.summary = summary
        self.examples = examples
        declared = DeclaredVerbs(verbs)
        self.values = values
    }

    /// Every text of the declaration that `help` says in words: the
    /// family's summary, each verb's and flag's, and the meanings of its
    /// values. Each has its entry in the catalogs (`pt/commands.po`).
    public var helpTexts: [String] {
        [summary] + verbs.flatMap { [$0.summary] + $0.flags.map(\.summary) } + (values?.words.map(\.meaning) ?? [])
    }

    /// True when the family takes a subcommand word (`ns new`, `ns show`).
    public var hasSubcommands: Bool { verbs.contains { $0.word != nil } }

    /// The verb a command line names (`words[0]` is the command): its
    /// subcommand word, else the form without a word (`env KEY=VALUE` beside
    /// `env rm KEY`); with the index of its first argument. Nil when the
    /// line names no verb of the family.
    public func verb(for words: [String]) -> (verb: Verb, firstArgument: Int)? {
        if words.count > 1, let verb = verbs.first(where: { $0.word != nil && $0.word == words[1] }) {
            return (verb, 2)
        }
        return verbs.first { $0.word == nil }.map { ($0, 1) }
    }

    /// The subcommand words, in declaration order.
    public var subcommandWords: [String] { verbs.compactMap(\.word) }

    /// Usage lines: `ns new LIST`, `exec [-d] CMD [ARG…]`.
    public var usageLines: [String] {
        verbs.map { verb in
            let flags = verb.flags.map { flag in
                "[\(flag.short ?? flag.name)\(flag.value == nil ? "" : " " + flag.valueName)]"
            }
            return ([name] + [verb.word].compactMap { $0 } + flags + verb.parameters.map(\.usage))
                .joined(separator: " ")
        }
    }
}

/// A family's verbs, declared by a closure and made once, when first read.
private final class DeclaredVerbs {
    private let declare: () -> [Verb]
    private(set) lazy var verbs: [Verb] = declare()

    init(_ declare: @escaping () -> [Verb]) { self.declare = declare }
}
