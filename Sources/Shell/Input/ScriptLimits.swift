/// How much ctrsh reads as source text. Real scripts are a few KiB; the
/// bounds are there so that a hostile input (`ctrsh /dev/zero`, a line
/// without end on standard input) is an error, never an unbounded read.
public enum ScriptLimits {
    /// The longest line: 2 MiB (a 1 MiB argument fits, with room).
    public static let maximumLineBytes = 2 << 20
    /// The largest script or `source`d file: 8 MiB.
    public static let maximumScriptBytes = 8 << 20
    /// A command read from standard input that goes on over several lines
    /// (an open quote, a `\` at the end) is lexed again at each line until
    /// it is complete: at most this many lines and `maximumContinuedBytes`
    /// bytes, so that the work stays bounded (lines × bytes).
    public static let maximumContinuedLines = 1000
    /// The most bytes of such a command: 256 KiB.
    public static let maximumContinuedBytes = 256 << 10

    /// `2 MiB`, `256 KiB`.
    static func describe(_ bytes: Int) -> String { bytes >= 1 << 20 ? "\(bytes >> 20) MiB" : "\(bytes >> 10) KiB" }
}
