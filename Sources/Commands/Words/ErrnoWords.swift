import CtrRuntime

/// The kernel's error numbers in words: the C library's English text
/// (`strerror`), which the catalogs translate like any other phrase.
public enum ErrnoWords {
    /// "Permission denied" for EPERM, in the phrase's language.
    public static func phrase(_ code: Int32) -> Phrase {
        Phrase(stringLiteral: errnoText(code))
    }
}
