/// What TAB completion at the prompt needs to know about the text before
/// the cursor: the words of the command being typed, and the partial word
/// under the cursor that a completion replaces.
public struct CompletionContext: Equatable, Sendable {
    /// A quote left open at the cursor.
    public enum Quote: Equatable, Sendable {
        /// Inside `'…`: a completion is inserted as it is.
        case single
        /// Inside `"…`: a completion needs `"`, `\`, `$` and `` ` `` escaped.
        case double
    }

    /// The complete words of the current command (the text after the last
    /// `;` or line break), before the partial word. A word without
    /// variables is given as its value (`"my dir"` → `my dir`); a word
    /// with variables as written (`$HOME/x`), since their values may
    /// change before the command runs.
    public var words: [String]
    /// The partial word as typed, quotes and backslashes included; empty
    /// when the cursor follows a blank, `;` or a line break.
    public var partial: String
    /// The partial word's value so far: quotes and escapes removed,
    /// variables left as `$NAME`. This is what candidates are matched
    /// against.
    public var partialValue: String
    /// Where the partial word starts in the text; it ends at the cursor.
    /// Convert it to the unit an editor needs, e.g.
    /// `text.unicodeScalars.distance(from: start, to: text.endIndex)`
    /// characters to delete before inserting the completion.
    public var start: String.Index
    /// The same position, in `Character`s from the start of the text.
    public var startOffset: Int
    /// The quote still open at the cursor, if the partial word is in one.
    public var openQuote: Quote?

    /// A context with these fields (see each property).
    public init(
        words: [String], partial: String, partialValue: String, start: String.Index, startOffset: Int,
        openQuote: Quote?
    ) {
        self.words = words
        self.partial = partial
        self.partialValue = partialValue
        self.start = start
        self.startOffset = startOffset
        self.openQuote = openQuote
    }
}
