/// The ctrsh lexer: splits source text into commands of words.
///
/// One lexer serves the prompt, scripts, `ctrsh -c` and standard input.
/// It yields one command at a time because a script runs command by
/// command: `let X=1` on one line changes what `$X` means on the next, and
/// a syntax error on line 7 must not stop lines 1–6 from running. Words
/// are therefore expanded by the caller, when their command runs
/// (`Word.expand`).
///
/// The rules, as in sh unless said otherwise:
/// - one command per line; `;` separates commands outside quotes; empty
///   commands (blank lines, comment lines, `;;`) yield nothing;
/// - words split on blanks (space, tab); adjacent pieces join into one
///   word (`a"b"'c'$X`), and `""` is an (empty) word;
/// - `#` at the start of a word starts a comment up to the end of the line
///   (`a#b` is one word);
/// - `\` then a line break continues the line (both disappear); elsewhere
///   outside quotes `\` makes the next character literal;
/// - `'…'` is literal; `"…"` expands variables and takes `\"`, `\\`, `\$`,
///   `` \` `` and `\` + line break; other backslashes in it stay. Quotes may
///   span lines;
/// - variables are `$NAME`, `${NAME}` (`[A-Za-z_][A-Za-z0-9_]*`), `$?`,
///   `$0`…`$9` and `${10}`; any other `$` is an error (`\$` and `'$'` are
///   literal dollars);
/// - a `\r\n` line break counts as `\n`; a NUL byte is an error.
///
/// Syntax is recognized on bytes (every special character is ASCII), so a
/// combining mark after a quote does not hide the quote; columns in
/// locations count `Character`s.
public struct Lexer: Sendable {
    private var scanner: Scanner

    /// A lexer over `source`: one line, `-c` text, or a whole script.
    public init(_ source: String) {
        scanner = Scanner(source)
    }

    /// The next command, or nil at the end of the input.
    ///
    /// - Throws: `LexError` for the first syntax error of a command. The
    ///   lexer has then moved to the start of the next physical line (past
    ///   the rest of a line holding several `;`-separated commands, and past
    ///   the line of an unterminated quote rather than the whole input), so
    ///   calling `next()` again goes on with the rest: `--keep-going` runs
    ///   it, `--check` reports every error.
    public mutating func next() throws(LexError) -> Command? {
        let scanned = scanner.scanCommand()
        if let error = scanned.error {
            recover(after: scanned)
            throw error
        }
        guard let range = scanned.range, let first = scanned.words.first else { return nil }
        return Command(words: scanned.words, location: first.location, source: scanner.string(range))
    }

    /// Moves past the rest of the physical line after a failed command.
    private mutating func recover(after failed: ScannedCommand) {
        var openQuote = failed.openQuote
        var terminator = failed.terminator
        while openQuote == nil, terminator == .semicolon {
            let skipped = scanner.scanCommand(skippingEmpty: false)
            openQuote = skipped.openQuote
            terminator = skipped.terminator
        }
        if let openQuote {
            scanner.resume(afterLogicalLineOf: openQuote)
        }
    }
}
