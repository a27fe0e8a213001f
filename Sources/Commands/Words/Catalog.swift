/// Where ctrsh's words come from in each language it speaks. English is
/// the phrases as written; every other language has a catalog keyed by
/// the English text (`Phrase.key`), as a gettext catalog is keyed by
/// `msgid`. The catalogs are the `.po` files in `Words/pt/`, which
/// translators' tools read and `msgfmt --check` checks, compiled into
/// the binary by `scripts/generate-catalog` (`Catalog+Portuguese.swift`):
/// a static executable carries its words with it.
public enum Catalog {
    /// The words for `key` in `language`, `%@` where the facts go; the key
    /// itself (the English) when the language has no entry for it (noted
    /// for translators: `UntranslatedWords`).
    public static func template(for key: String, in language: Language) -> String {
        switch language {
        case .english: return key
        case .portuguese:
            if let words = portuguese[key] { return words }
            UntranslatedWords.note(key)
            return key
        }
    }

    /// The words for an English text without facts (a command's summary,
    /// a parameter's help) in `language`.
    public static func translate(_ english: String, to language: Language) -> String {
        Phrase(stringLiteral: english).text(in: language)
    }

    /// Every key and its Portuguese words.
    public static var portugueseEntries: [String: String] { portuguese }
}
