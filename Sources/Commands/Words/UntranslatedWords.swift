import Glibc

/// For translators: with `CTRSH_UNTRANSLATED=FILE` in the environment,
/// every key ctrsh says in a language whose catalog has no entry for it is
/// appended to FILE, one key a line (as its `msgid`, `\n` for a newline):
/// the words a run left in English. Keys without a word (`%@: %@`) need
/// no entry and are not noted.
enum UntranslatedWords {
    /// The file keys are noted in, opened on first use; nil when the
    /// variable is not set or the file cannot be opened.
    private static let log: Int32? = {
        guard let path = getenv("CTRSH_UNTRANSLATED"), path.pointee != 0 else { return nil }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        return fd >= 0 ? fd : nil
    }()

    /// Notes `key`, said without a translation, when it has words.
    static func note(_ key: String) {
        guard let log, key.contains(where: \.isLetter) else { return }
        var line = ""
        for character in key { line += character == "\n" ? "\\n" : String(character) }
        line += "\n"
        _ = line.utf8CString.withUnsafeBufferPointer { write(log, $0.baseAddress, $0.count - 1) }
    }
}
