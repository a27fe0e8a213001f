import CtrCommands

/// `!N`, `!-N` and `!!` at the start of a line typed at the prompt, as
/// bash and fish users type them: the line is history entry N (as
/// `history` numbers them), the Nth from the end, or the last, with the
/// rest of the typed line after it. Only at the prompt: scripts read `!`
/// as any other character.
enum HistoryExpansion {
    /// The line `line` stands for; nil when it does not start with a
    /// history reference. Throws for a number with no entry.
    static func expand(_ line: String, entries: [String]) throws(CommandError) -> String? {
        let text = line.drop { $0 == " " || $0 == "\t" }
        guard text.hasPrefix("!"), text.count > 1 else { return nil }
        let reference = text.dropFirst().prefix { $0 != " " && $0 != "\t" && $0 != ";" }
        let rest = text.dropFirst(1 + reference.count)
        let index: Int
        if reference == "!" {
            index = entries.count - 1
        } else if reference.hasPrefix("-"), let back = Int(reference.dropFirst()), back > 0 {
            index = entries.count - back
        } else if let number = Int(reference), number > 0, reference.allSatisfy(\.isNumber) {
            index = number - 1
        } else {
            return nil
        }
        guard entries.indices.contains(index) else {
            throw CommandError(
                entries.isEmpty
                    ? "!\(reference): no such history entry (the history is empty)"
                    : "!\(reference): no such history entry (entries are 1–\(entries.count); `history` lists them)")
        }
        return entries[index] + rest
    }
}
