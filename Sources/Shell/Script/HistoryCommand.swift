import CtrCommands

/// `history`: the prompt's line history, oldest first, numbered.
enum HistoryCommand {
    static func family(for shell: Shell) -> CommandFamily {
        CommandFamily(
            "history", summary: "the prompt's line history, kept across sessions",
            examples: ["history"],
            verbs: [
                Verb(summary: "list the history") { [weak shell] _ in
                    { session in
                        guard let entries = shell?.history.entries else { return }
                        let width = String(entries.count).count
                        for (index, entry) in entries.enumerated() {
                            let number = String(index + 1)
                            session.output.line(String(repeating: " ", count: width - number.count) + "\(number)  \(entry)")
                        }
                    }
                },
            ])
    }
}
