/// What TAB does to a line: text to insert at the cursor (what every
/// candidate shares beyond the word typed so far, plus a space when only
/// one candidate is left), and the candidates to list when several remain.
public struct Completion: Equatable, Sendable {
    /// Inserted at the cursor; empty when TAB cannot extend the word.
    public var insertion: String
    /// Every full word that fits (for a comma list, the item being typed).
    public var candidates: [String]

    public init(insertion: String, candidates: [String]) {
        self.insertion = insertion
        self.candidates = candidates
    }

    /// The completion of `partial` among `candidates` (already filtered or not).
    static func of(_ partial: String, among candidates: [String], terminator: String = " ") -> Completion {
        let matching = Array(Set(candidates.filter { $0.hasPrefix(partial) })).sorted()
        guard let first = matching.first else { return Completion(insertion: "", candidates: []) }
        var common = first
        for candidate in matching.dropFirst() {
            common = String(zip(common, candidate).prefix { $0 == $1 }.map(\.0))
        }
        var insertion = String(common.dropFirst(partial.count))
        if matching.count == 1 && !first.hasSuffix("/") { insertion += terminator }
        return Completion(insertion: insertion, candidates: matching)
    }

    /// The insertion written so the lexer reads it back as the candidate:
    /// blanks and special characters escaped with `\` outside quotes, `"`
    /// `\` `$` `` ` `` inside double quotes; a finished word inside a quote
    /// also closes it before its trailing space.
    func quoted(for quote: CompletionContext.Quote?) -> Completion {
        var body = insertion
        var end = ""
        if candidates.count == 1, body.hasSuffix(" "), candidates[0].hasSuffix(String(body.dropLast())),
           !candidates[0].hasSuffix(" ") {
            body.removeLast()
            end = " "
        }
        let special: Set<Character> = switch quote {
        case nil: [" ", "\t", "\"", "'", "\\", "$", ";", "#", "`"]
        case .double: ["\"", "\\", "$", "`"]
        case .single: []
        }
        var escaped = ""
        for character in body {
            if special.contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        if !end.isEmpty, let quote { end = (quote == .single ? "'" : "\"") + end }
        return Completion(insertion: escaped + end, candidates: candidates)
    }
}
