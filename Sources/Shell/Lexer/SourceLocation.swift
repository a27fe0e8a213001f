/// A position in ctrsh source text, as error messages print it (`4:11`).
///
/// Both numbers are 1-based. Lines are separated by `\n` (a `\r\n` pair
/// counts as one line break). Columns count `Character`s, the way a person
/// counts on screen: `é` and `👍🏽` are one column each, whatever their
/// size in bytes.
public struct SourceLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The line number, starting at 1.
    public var line: Int
    /// The column on that line, in `Character`s, starting at 1.
    public var column: Int

    /// A location at `line` and `column` (both 1-based).
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// Earlier lines first, then earlier columns.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// `LINE:COLUMN`, the form a script runner prefixes with `FILE:`.
    public var description: String { "\(line):\(column)" }
}
