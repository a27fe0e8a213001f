/// The command reference, rendered from the registry's declarations (the
/// ones `help`, `--check` and TAB completion read), as swift-argument-parser
/// renders a man page from its model: `docs/commands.md` and the COMMANDS
/// section of `docs/man/ctrsh.1`. `ctrsh --generate-reference` prints both,
/// `scripts/generate-reference` writes them, and a test keeps the checked-in
/// copies equal to what the registry says.
public struct CommandReference {
    /// The command that rewrites every generated file (the man page, this
    /// reference and the completion scripts) from the registry.
    public static let regenerateCommand = "scripts/generate-reference"

    /// The families to describe, in the order `help` lists them.
    public let families: [CommandFamily]

    /// The reference of every command `registry` holds, built-in or a host
    /// program's own.
    public init(_ registry: CommandRegistry) {
        families = registry.families
    }

    // MARK: Markdown

    /// The whole of `docs/commands.md`.
    public func markdown() -> String {
        var lines = [
            "# ctrsh commands",
            "",
            "<!-- Generated from the command registry by `\(Self.regenerateCommand)`; do not edit. -->",
            "",
            "Every command ctrsh reads at its prompt, in a `.ctrsh` script, with `-c` and",
            "on standard input, as its registry declares it: the same declarations give",
            "`help COMMAND`, `--check` and TAB completion. The language they are written",
            "in (quoting, variables, sizes and durations) is in",
            "[language-notes.md](language-notes.md); what the commands do in depth is in",
            "[usage.md](usage.md#the-commands-in-depth).",
            "",
            "| command | summary |",
            "|---|---|",
        ]
        lines += families.map { "| [`\($0.name)`](#\($0.name)) | \(Self.tableCell($0.summary)) |" }
        for family in families { lines += [""] + markdown(family) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func markdown(_ family: CommandFamily) -> [String] {
        var lines = ["## \(family.name)", "", family.summary]
        if !family.aliases.isEmpty {
            lines += ["", "Also written " + family.aliases.map { "`\($0)`" }.joined(separator: ", ") + "."]
        }
        lines.append("")
        for (usage, verb) in zip(family.usageLines, family.verbs) {
            lines.append("- `\(usage)`: \(verb.summary)")
            for flag in verb.flags {
                let names = [flag.short, flag.name].compactMap { $0 }.map { "`\($0)`" }.joined(separator: ", ")
                lines.append("  - \(names)\(flag.value == nil ? "" : " VALUE"): \(flag.summary)")
            }
        }
        let arguments = Self.describedArguments(of: family)
        if !arguments.isEmpty {
            lines += ["", "Arguments:", ""]
            lines += arguments.map { "- `\($0.name)`: \($0.description)" }
        }
        if !family.examples.isEmpty {
            lines += ["", "Examples:", "", "```"] + family.examples + ["```"]
        }
        return lines
    }

    // MARK: mdoc

    /// The man page's COMMANDS section, from `.Sh COMMANDS` on.
    public func mdocSection() -> [String] {
        var lines = [".Sh COMMANDS"]
        lines += Mdoc.paragraph(
            "These are the commands ctrsh reads at its prompt, in a script, with `-c` and on standard input. "
                + "`help` lists them and `help COMMAND` shows one.")
        for family in families { lines += mdoc(family) }
        return lines
    }

    private func mdoc(_ family: CommandFamily) -> [String] {
        let aliases = family.aliases.isEmpty ? "" : " (also written " + family.aliases.map { "`\($0)`" }.joined(separator: ", ") + ")"
        var lines = [".Ss \(family.name)"] + Mdoc.paragraph(family.summary + aliases)
        lines.append(".Bl -tag -width Ds")
        for verb in family.verbs {
            lines.append(".It " + Self.mdocUsage(family.name, verb))
            lines += Mdoc.paragraph(verb.summary)
            guard !verb.flags.isEmpty else { continue }
            lines.append(".Bl -tag -width Ds -compact")
            for flag in verb.flags {
                let names = [flag.short, flag.name].compactMap { $0 }.map { "Fl " + $0.dropFirst() }.joined(separator: " , ")
                lines.append(".It " + names + (flag.value == nil ? "" : " Ar VALUE"))
                lines += Mdoc.paragraph(flag.summary)
            }
            lines.append(".El")
        }
        lines.append(".El")
        let arguments = Self.describedArguments(of: family)
        if !arguments.isEmpty {
            lines.append(".Bl -tag -width Ds")
            for argument in arguments {
                lines.append(".It Ar \(Mdoc.escape(argument.name))")
                lines += Mdoc.paragraph(argument.description)
            }
            lines.append(".El")
        }
        if !family.examples.isEmpty {
            lines += ["Examples:", ".Bd -literal -offset indent"]
            lines += family.examples.map(Mdoc.literalLine)
            lines.append(".Ed")
        }
        return lines
    }

    /// `Ic exec Oo Fl d Oc Oo Fl -user Ar VALUE Oc Oo Ar CMD ... Oc`: Oo and
    /// Oc, since Op would enclose everything after it on the line.
    private static func mdocUsage(_ name: String, _ verb: Verb) -> String {
        var parts = ["Ic " + ([name] + [verb.word].compactMap { $0 }).joined(separator: " ")]
        for flag in verb.flags {
            parts.append("Oo Fl " + (flag.short ?? flag.name).dropFirst() + (flag.value == nil ? "" : " Ar VALUE") + " Oc")
        }
        for parameter in verb.parameters {
            let argument = "Ar " + Mdoc.escape(parameter.name) + (parameter.repeating ? " ..." : "")
            parts.append(parameter.optional ? "Oo " + argument + " Oc" : argument)
        }
        return parts.joined(separator: " ")
    }

    // MARK: Shared

    /// Each argument of the family whose kind says more than its name, once
    /// by name (as the family's first form declares it).
    private static func describedArguments(of family: CommandFamily) -> [(name: String, description: String)] {
        var seen: [(name: String, description: String)] = []
        for parameter in family.verbs.flatMap(\.parameters) {
            guard let description = parameter.kind.referenceDescription else { continue }
            let name = parameter.repeating ? parameter.name + "…" : parameter.name
            if !seen.contains(where: { $0.name == name }) { seen.append((name, description)) }
        }
        return seen
    }

    private static func tableCell(_ text: String) -> String {
        text.split(separator: "|", omittingEmptySubsequences: false).joined(separator: "\\|")
    }
}
