/// Why a script's text was refused before any of it ran: it could not be
/// read, it is too big, or it is not UTF-8 text. Problems inside the text
/// carry their position; the caller prefixes `FILE:` (`FILE:LINE:COL: error:`).
public struct ScriptTextError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where in the text the problem is, when it is inside it.
    public var location: SourceLocation?
    /// One lowercase line saying what is wrong and what to do.
    public var message: String
    /// The signal (SIGINT, SIGTERM, SIGHUP) that ended the read, if one did.
    public var signal: Int32?

    /// A problem at `location` (nil: the file as a whole).
    public init(_ message: String, at location: SourceLocation? = nil, signal: Int32? = nil) {
        self.message = message
        self.location = location
        self.signal = signal
    }

    public var description: String { message }

    /// `NAME:LINE:COL: error: MESSAGE`, or `ctrsh: NAME: MESSAGE` for the file as a whole.
    public func report(name: String) -> String {
        guard let location else { return "ctrsh: \(message)" }
        return "\(name):\(location.line):\(location.column): error: \(message)"
    }
}
