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
        do throws(ScriptTextError) {
            while let line = try reader.readLine(number: lineNumber + 1) {
                if pending.isEmpty { firstLine = lineNumber }
                lineNumber += 1
                pending += pending.isEmpty ? line : "\n" + line
                if Lexer.isIncomplete(pending) {
                    try Self.checkLength(of: pending, lines: lineNumber - firstLine, from: firstLine)
                    continue
                }
                let outcome = shell.run(pending, origin: origin, keepGoing: keepGoing, lineOffset: firstLine)
                pending = ""
                switch outcome {
                case .finished(let count): failures += count
                case .exit: return outcome
                case .stopped:
                    // Lines are read one at a time, so the `expect` that may take
                    // this failure over is read only now: go on if it is one.
                    guard let next = try reader.readLine(number: lineNumber + 1) else { return outcome }
                    firstLine = lineNumber
                    lineNumber += 1
                    guard Self.expectsFailure(next) else { return outcome }
                    pending = next
                    if Lexer.isIncomplete(pending) { continue }
                    let check = shell.run(pending, origin: origin, keepGoing: keepGoing, lineOffset: firstLine)
                    pending = ""
                    if case .finished(let count) = check { failures += count } else { return check }
                }
            }
        } catch {
            if let signal = error.signal { return .exit(128 + signal) }
            shell.session.output.errorLine(error.report(name: origin.displayName ?? "<stdin>"))
            return .stopped
        }
        if !pending.isEmpty {
            // Input ended inside a quote or after `\`: let the lexer say so.
            let outcome = shell.run(pending, origin: origin, keepGoing: keepGoing, lineOffset: firstLine)
            if case .finished(let count) = outcome { failures += count } else { return outcome }
        }
        return .finished(failures: failures)
    }

    /// A command still open (a quote, a `\`) may span lines, but not without end.
    private static func checkLength(of pending: String, lines: Int, from firstLine: Int) throws(ScriptTextError) {
        guard pending.utf8.count > ScriptLimits.maximumContinuedBytes || lines > ScriptLimits.maximumContinuedLines else { return }
        throw ScriptTextError(
            "a command longer than \(ScriptLimits.maximumContinuedLines) lines or \(ScriptLimits.describe(ScriptLimits.maximumContinuedBytes)) on standard input (is a quote left open?); a script file has no such limit",
            at: SourceLocation(line: firstLine + 1, column: 1))
    }

    /// `expect error …` or `expect status …`: a line that checks a failure.
    private static func expectsFailure(_ line: String) -> Bool {
        var lexer = Lexer(line)
        guard let command = try? lexer.next() else { return false }
        return ScriptRunner.expectForm(command).map { $0 == "error" || $0 == "status" } ?? false
    }
}
