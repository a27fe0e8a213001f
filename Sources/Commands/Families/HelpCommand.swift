/// `help` and `help CMD`, printed from the registry's declarations in the
/// session's language (each summary and help text through the catalog;
/// names, usage lines and examples are commands and stay): wrapped to the
/// terminal's width, and paged when longer than it.
enum HelpCommand {
    static var family: CommandFamily {
        let command = Operand(optional: "COMMAND", .command)
        return CommandFamily(
            "help", summary: "list the commands, or show one command's usage and examples",
            examples: ["help", "help cgroup"],
            verbs: [
                Verb([command],
                     summary: "print help; at a terminal it fits the width, and pages ($PAGER, or Space/Enter/q) when longer than the screen") { args in
                    let name = args[command]
                    return { session in
                        let width = session.output.terminalSize?.columns
                        let lines = try name.map { name throws(CommandError) in try describe(name, session: session, width: width) }
                            ?? list(session, width: width)
                        if let ending = Pager.show(lines, on: session.output) { session.exitRequest = 128 + ending }
                    }
                },
            ])
    }

    private static func list(_ session: Session, width: Int?) -> [String] {
        let language = session.language
        let names = session.registry.families.map(\.name)
        let column = (names.map(\.count).max() ?? 0) + 4
        let heading: Phrase = "Commands (`help COMMAND` for one):"
        return [heading.text(in: language)] + session.registry.families.flatMap { family in
            let name = "  " + family.name + String(repeating: " ", count: column - 2 - family.name.count)
            return TextWrap.lines(
                Catalog.translate(family.summary, to: language), width: width, first: name, rest: String(repeating: " ", count: column))
        }
    }

    private static func describe(_ name: String, session: Session, width: Int?) throws(CommandError) -> [String] {
        guard let family = session.registry.family(named: name) else {
            let hint = Suggestion.hint(for: name, among: session.registry.commandWords)
            throw CommandError("help: no command `\(name)`\(hint)")
        }
        let language = session.language
        func say(_ text: String) -> String { Catalog.translate(text, to: language) }
        var lines = TextWrap.lines("\(family.name) — \(say(family.summary))", width: width, first: "", rest: "  ")
        if !family.aliases.isEmpty {
            let aliases: Phrase = "aliases: \(family.aliases.joined(separator: ", "))"
            lines.append(aliases.text(in: language))
        }
        lines.append(("usage:" as Phrase).text(in: language))
        for (line, verb) in zip(family.usageLines, family.verbs) {
            lines += TextWrap.lines(line, width: width, first: "  ", rest: "      ")
            lines += TextWrap.lines(say(verb.summary), width: width, first: "      ", rest: "      ")
            for flag in verb.flags {
                let names = [flag.short, flag.name].compactMap { $0 }.joined(separator: ", ")
                lines += TextWrap.lines("\(names)  \(say(flag.summary))", width: width, first: "      ", rest: "          ")
            }
        }
        if let values = family.values {
            lines.append("\(values.parameter):")
            let column = (values.words.map(\.word.count).max() ?? 0) + 4
            for (word, meaning) in values.words {
                let first = "  " + word + String(repeating: " ", count: column - 2 - word.count)
                lines += TextWrap.lines(say(meaning), width: width, first: first, rest: String(repeating: " ", count: column))
            }
        }
        if !family.examples.isEmpty {
            lines.append(("examples:" as Phrase).text(in: language))
            for example in family.examples { lines.append("  \(example)") }
        }
        return lines
    }
}

/// Words wrapped to a width, as help text is shown at a terminal.
enum TextWrap {
    /// `text` in lines of at most `width` characters (nil: one line), the
    /// first after `first`, the others after `rest`. A word longer than a
    /// line gets a line of its own.
    static func lines(_ text: String, width: Int?, first: String, rest: String) -> [String] {
        guard let width else { return [first + text] }
        var lines: [String] = []
        var line = first
        var lineHasWord = false
        for word in text.split(separator: " ") {
            if lineHasWord && line.count + 1 + word.count > width {
                lines.append(line)
                line = rest
                lineHasWord = false
            }
            line += (lineHasWord ? " " : "") + word
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
