extension Phrase {
    /// `phrases` one after another with `separator` between them (a list of
    /// notes: `overlay, read-only`), each said in the language of the whole.
    public static func joined(_ phrases: [Phrase], separator: String = ", ") -> Phrase {
        Phrase(
            key: phrases.map { _ in "%@" }.joined(separator: escaped(separator)),
            arguments: phrases.map { .phrase($0) })
    }
}
