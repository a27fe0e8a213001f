import CtrCommands

/// `history [N]`: the prompt's line history, oldest first, numbered as
/// `!N` takes it; with N, only the last N lines.
enum HistoryCommand {
    static func family(for shell: Shell) -> CommandFamily {
        let lines = Operand(optional: "N", .integer)
        return CommandFamily(
            "history", summary: "the prompt's line history, kept across sessions; `!N` at the prompt runs line N again",
            examples: ["history", "history 10"],
            verbs: [
                Verb([lines], summary: "list the history (the last N lines)") { [weak shell] args throws(CommandError) in
                    let count = args[lines]
                    if let count, count < 0 {
                        throw args.error("history: `\(count)` is not a count of lines (a whole number, 0 or more)", at: lines)
                    }
                    return { session in
                        guard let entries = shell?.history.entries else { return }
                        let width = String(entries.count).count
                        let first = count.map { max(0, entries.count - $0) } ?? 0
                        for (index, entry) in entries.enumerated().dropFirst(first) {
                            let number = String(index + 1)
                            session.output.line(verbatim: String(repeating: " ", count: width - number.count) + "\(number)  \(entry)")
                        }
                    }
                },
            ])
    }
}
