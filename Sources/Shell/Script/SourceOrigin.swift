/// Where commands come from, which decides how errors are shown and what
/// happens after one.
public enum SourceOrigin: Equatable, Sendable {
    /// Typed at the prompt: errors are shown and the session goes on.
    case prompt
    /// A script file (or a `source`d one): errors name `FILE:LINE:COL` and stop it.
    case file(String)
    /// `ctrsh -c '…'`.
    case commandLine
    /// Standard input that is not a terminal.
    case standardInput

    /// The name used in `NAME:LINE:COL: error:`, or nil at the prompt.
    var displayName: String? {
        switch self {
        case .prompt: nil
        case .file(let path): path
        case .commandLine: "-c"
        case .standardInput: "<stdin>"
        }
    }

    /// True where the first failing command ends the run.
    var stopsOnError: Bool { self != .prompt }
}
