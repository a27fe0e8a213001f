/// `lang`: the language ctrsh speaks in this session. A script whose
/// `expect` lines check ctrsh's own words says which language they are in.
enum LanguageCommand {
    static var family: CommandFamily {
        let code = Operand(optional: "CODE", .choice(Language.codes))
        return CommandFamily(
            "lang", summary: "the language ctrsh's words are in: English or the talk's Portuguese",
            examples: ["lang", "lang pt", "lang en"],
            verbs: [
                Verb([code],
                     summary: "speak CODE from here on (en, pt); without it, say which one is spoken") { args in
                    let code = args[code]
                    return { session in
                        if let code, let language = Language(locale: code) { session.language = language }
                        session.output.line("lang: \(session.language.rawValue) (\(name(of: session.language)))")
                    }
                },
            ])
    }

    /// A language's name in itself.
    private static func name(of language: Language) -> String {
        switch language {
        case .english: "English"
        case .portuguese: "português"
        }
    }
}
