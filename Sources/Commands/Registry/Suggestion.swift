/// "Did you mean" suggestions by edit distance.
enum Suggestion {
    /// The candidate closest to `word`, if it is close enough to be a typo
    /// (at most two edits, and fewer than half the word's length).
    static func closest(to word: String, among candidates: [String]) -> String? {
        let length = word.count
        let limit = min(2, max(1, length / 2))
        // The distance is at least the difference in length: skip the
        // quadratic comparison for words that cannot be close (a 1 MB line).
        let scored = candidates.filter { abs($0.count - length) <= limit }.map { ($0, distance(word, $0)) }
        if let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit { return best.0 }
        return candidates.first { $0.hasPrefix(word) && !word.isEmpty }
    }

    /// ` — did you mean `WORD`?` for the closest candidate, else
    /// `otherwise` (nothing, by default): the end of an error's phrase.
    static func hint(for word: String, among candidates: [String], otherwise: Phrase = "") -> Phrase {
        closest(to: word, among: candidates).map { " — did you mean `\($0)`?" } ?? otherwise
    }

    /// Edit distance (insertions, deletions, substitutions, and swaps of
    /// two neighbours: `nwe` is one edit from `new`, the commonest typo).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        var beforePrevious: [Int] = []
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
