import CtrRuntime

/// An error that can say what went wrong in words the catalogs translate.
public protocol Diagnosable: Error {
    /// What went wrong and what to do.
    var phrase: Phrase { get }
}

extension CommandError: Diagnosable {}

/// How ctrsh says what went wrong, whatever failed: a command's own error,
/// the runtime's facts (`RuntimeError`, worded in `Diagnostics+*.swift`),
/// or the shell's. The one way an error becomes words.
public enum Diagnostics {
    /// The words for `error`.
    public static func phrase(for error: any Error) -> Phrase {
        switch error {
        case let error as any Diagnosable: error.phrase
        default: Phrase(verbatim: String(describing: error))
        }
    }

    /// The words for `error` in `language`.
    public static func message(for error: any Error, in language: Language) -> String {
        phrase(for: error).text(in: language)
    }
}
