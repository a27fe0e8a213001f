/// A command that could not be parsed or could not do its work. The shell
/// prints `error: MESSAGE`, with the script position of `wordIndex` when
/// the fault lies in one word.
public struct CommandError: Error, Equatable, CustomStringConvertible {
    /// What went wrong and what to do, in words the catalogs translate.
    public var phrase: Phrase
    /// Which word of the command line is at fault (0 is the command name).
    public var wordIndex: Int?

    public init(_ phrase: Phrase, wordIndex: Int? = nil) {
        self.phrase = phrase
        self.wordIndex = wordIndex
    }

    /// The message in English.
    public var message: String { phrase.description }

    public var description: String { message }
}
