import CtrCommands

/// Why a script's text was refused before any of it ran: it could not be
/// read, it is too big, or it is not UTF-8 text. Problems inside the text
/// carry their position; the caller prefixes `FILE:` (`FILE:LINE:COL: error:`).
public struct ScriptTextError: Error, Equatable, Sendable, CustomStringConvertible, Diagnosable {
    /// Where in the text the problem is, when it is inside it.
    public var location: SourceLocation?
    /// One lowercase line saying what is wrong and what to do.
    public var phrase: Phrase
    /// The signal (SIGINT, SIGTERM, SIGHUP) that ended the read, if one did.
    public var signal: Int32?

    /// A problem at `location` (nil: the file as a whole).
    public init(_ phrase: Phrase, at location: SourceLocation? = nil, signal: Int32? = nil) {
        self.phrase = phrase
        self.location = location
        self.signal = signal
    }

    /// The message in English.
    public var message: String { phrase.description }

    public var description: String { message }

    /// `NAME:LINE:COL: error: MESSAGE`, or `ctrsh: MESSAGE` for the file as a whole.
    public func report(name: String) -> Phrase {
        guard let location else { return "ctrsh: \(phrase)" }
        return LocatedError.phrase(name, line: location.line, column: location.column, phrase)
    }
}
