import Glibc

/// A language ctrsh speaks: English, in which its phrases are written, and
/// the Portuguese of the talk it comes from. It is chosen as gettext
/// chooses: `--lang`, else the first of `LC_ALL`, `LC_MESSAGES` and `LANG`
/// that is set and not empty.
public enum Language: String, Sendable, CaseIterable {
    case english = "en"
    case portuguese = "pt"

    /// The language a locale name or a language code asks for: `pt`,
    /// `pt_BR.UTF-8`, `pt-PT` → Portuguese; `en`, `en_US.UTF-8`, `C` and
    /// `POSIX` → English; nil for a language ctrsh does not speak.
    public init?(locale: String) {
        let code = locale.prefix { $0.isLetter }.lowercased()
        switch code {
        case "pt": self = .portuguese
        case "en", "c", "posix", "": self = .english
        default: return nil
        }
    }

    /// The language `environment` asks for, English where it names none
    /// ctrsh speaks. As gettext reads them: `LC_ALL` over `LC_MESSAGES`
    /// over `LANG`; `LANGUAGE`'s list (GNU's) comes first unless the
    /// locale is `C` or `POSIX`, so `LANGUAGE=pt:en` works too.
    public static func preferred(by environment: [String: String]) -> Language {
        preferred { environment[$0] }
    }

    /// `preferred(by:)` over a lookup of one variable at a time.
    static func preferred(lookingUp variable: (String) -> String?) -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].lazy.compactMap(variable).first { !$0.isEmpty } ?? ""
        // gettext reads LANGUAGE only when the locale is not C (`C.UTF-8` too).
        let isC = ["", "C", "POSIX"].contains(locale.prefix { $0 != "." })
        if !isC, let list = variable("LANGUAGE") {
            for entry in list.split(separator: ":") {
                if let language = Language(locale: String(entry)) { return language }
            }
        }
        return Language(locale: locale) ?? .english
    }

    /// The codes `--lang` takes, for help and completion.
    public static var codes: [String] { allCases.map(\.rawValue) }
}

extension Language {
    /// The language this process's environment asks for (read without
    /// building a dictionary: this runs at every start).
    public static var preferredByEnvironment: Language {
        preferred { name in getenv(name).map { String(cString: $0) } }
    }
}
