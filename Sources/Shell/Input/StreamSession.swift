import CtrCommands

/// Runs commands read line by line from a stream (standard input that is
/// not a terminal, or `ctrsh -`): each complete command runs as soon as it
/// is read, and lines that leave a quote open or end in `\` wait for the
/// next one. Line numbers count from the start of the stream.
public struct StreamSession {
    let shell: Shell
    let reader: PlainLineReader
    var origin: SourceOrigin = .standardInput
    var keepGoing = false

    /// Commands from `reader`, as from `origin`.
    public init(shell: Shell, reader: PlainLineReader, origin: SourceOrigin = .standardInput, keepGoing: Bool = false) {
        self.shell = shell
        self.reader = reader
        self.origin = origin
        self.keepGoing = keepGoing
    }

    /// Runs until the end of input, a stopping failure, or `quit`.
    public func run() -> ScriptOutcome {
        var pending = ""
        var firstLine = 0
        var lineNumber = 0
        var failures = 0
        while let line = reader.readLine() {
            if pending.isEmpty { firstLine = lineNumber }
            lineNumber += 1
            pending += pending.isEmpty ? line : "\n" + line
            if Lexer.isIncomplete(pending) { continue }
            let outcome = shell.run(pending, origin: origin, keepGoing: keepGoing, lineOffset: firstLine)
            pending = ""
            switch outcome {
            case .finished(let count): failures += count
            case .stopped, .exit: return outcome
            }
        }
        if !pending.isEmpty {
            // Input ended inside a quote or after `\`: let the lexer say so.
            let outcome = shell.run(pending, origin: origin, keepGoing: keepGoing, lineOffset: firstLine)
            if case .finished(let count) = outcome { failures += count } else { return outcome }
        }
        return .finished(failures: failures)
    }
}
