/// `help` and `help CMD`, printed from the registry's declarations.
enum HelpCommand {
    static var family: CommandFamily { CommandFamily(
        "help", summary: "list the commands, or show one command's usage and examples",
        examples: ["help", "help cgroup"],
        verbs: [
            Verb([Parameter("COMMAND", .command, optional: true)], summary: "print help") { args in
                let name = args.string("COMMAND")
                return { session in
                    if let name { try describe(name, session: session) } else { list(session) }
                }
            },
        ]) }

    private static func list(_ session: Session) {
        let rows = session.registry.families.map { [$0.name, $0.summary] }
        session.output.line("Commands (`help COMMAND` for one):")
        Table.print(rows, to: session.output)
    }

    private static func describe(_ name: String, session: Session) throws(CommandError) {
        guard let family = session.registry.family(named: name) else {
            let hint = Suggestion.closest(to: name, among: session.registry.commandWords).map { " — did you mean `\($0)`?" } ?? ""
            throw CommandError("help: no command `\(name)`\(hint)")
        }
        let out = session.output
        out.line("\(family.name) — \(family.summary)")
        if !family.aliases.isEmpty { out.line("aliases: \(family.aliases.joined(separator: ", "))") }
        out.line("usage:")
        for (line, verb) in zip(family.usageLines, family.verbs) {
            out.line("  \(line)")
            out.line("      \(verb.summary)")
            for flag in verb.flags { out.line("      \([flag.short, flag.name].compactMap { $0 }.joined(separator: ", "))  \(flag.summary)") }
        }
        if let values = family.values {
            out.line("\(values.parameter):")
            let width = values.words.map(\.word.count).max() ?? 0
            for (word, meaning) in values.words {
                out.line("  " + word + String(repeating: " ", count: width - word.count + 2) + meaning)
            }
        }
        if !family.examples.isEmpty {
            out.line("examples:")
            for example in family.examples { out.line("  \(example)") }
        }
    }
}
