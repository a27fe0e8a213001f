/// One command: the words of one line, or of one `;`-separated piece of it.
public struct Command: Equatable, Sendable {
    /// The words, in order; there is at least one.
    public var words: [Word]
    /// Where the command's first word starts.
    public var location: SourceLocation
    /// The command exactly as typed, from its first word to the end of its
    /// last, for `record`, history and `--check`: no leading blanks, no
    /// trailing `;` or comment, line continuations kept as written.
    public var source: String

    /// A command of `words` starting at `location`, written as `source`.
    public init(words: [Word], location: SourceLocation, source: String) {
        self.words = words
        self.location = location
        self.source = source
    }

    /// Every word expanded with `lookup`, in order (see `Word.expand`).
    ///
    /// - Throws: `LexError` `.unknownVariable` for the first variable
    ///   `lookup` has no value for.
    public func expandWords(_ lookup: (String) -> String?) throws(LexError) -> [String] {
        var values: [String] = []
        values.reserveCapacity(words.count)
        for word in words {
            values.append(try word.expand(lookup))
        }
        return values
    }
}
