/// A command that could not be parsed or could not do its work. The shell
/// prints `error: MESSAGE`, with the script position of `wordIndex` when
/// the fault lies in one word.
public struct CommandError: Error, Equatable, CustomStringConvertible {
    public var message: String
    /// Which word of the command line is at fault (0 is the command name).
    public var wordIndex: Int?

    public init(_ message: String, wordIndex: Int? = nil) {
        self.message = message
        self.wordIndex = wordIndex
    }

    public var description: String { message }
}
