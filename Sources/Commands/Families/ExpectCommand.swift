import CtrRuntime
import Glibc

/// `expect`: assertions about the previous command, for scripts that check
/// a setup (teaching, regression checks). A failed `expect` is an error.
enum ExpectCommand {
    static var family: CommandFamily {
        let status = Operand("N", .integer)
        let outputTest = Operand("TEST", .choice(["contains", "matches"]))
        let outputText = Operand("TEXT", .text)
        let errorTest = Operand(optional: "TEST", .choice(["contains"]))
        let errorText = Operand(optional: "TEXT", .text)
        return CommandFamily(
            "expect", summary: "check the previous command's status, output or error",
            examples: ["expect status 0", "expect output contains demo", "expect output matches \"^pid=1$\"",
                       "expect error contains \"not a size\""],
            verbs: [
                Verb("status", [status], summary: "its exit status (`$?`) was N") { args in
                    let wanted = args[status]
                    return { session throws(CommandError) in
                        guard Int(session.lastStatus) == wanted else {
                            guard let lastError = session.lastError else {
                                throw CommandError("expect status: wanted \(wanted), got \(session.lastStatus)")
                            }
                            throw CommandError("expect status: wanted \(wanted), got \(session.lastStatus) (\(lastError))")
                        }
                    }
                },
                Verb("output", [outputTest, outputText],
                     summary: "what it printed (stdout and stderr) contains TEXT / has a line matching REGEX") { args throws(CommandError) in
                    let text = args[outputText]
                    if args[outputTest] == "matches" {
                        let regex = try compile(text, at: args.position(of: outputText))
                        return { session throws(CommandError) in
                            guard try matches(regex, text, in: session) else {
                                guard let printed = quoted(session.lastOutput) else {
                                    throw CommandError("expect output: no line matches `\(text)`; it printed: nothing")
                                }
                                throw CommandError("expect output: no line matches `\(text)`; it printed:\(printed)")
                            }
                        }
                    }
                    return { session throws(CommandError) in
                        guard session.lastOutput.contains(text) else {
                            guard let printed = quoted(session.lastOutput) else {
                                throw CommandError("expect output: `\(text)` not found; it printed: nothing")
                            }
                            throw CommandError("expect output: `\(text)` not found; it printed:\(printed)")
                        }
                    }
                },
                Verb("error", [errorTest, errorText],
                     summary: "it failed (with a message containing TEXT)") { args in
                    let text = args[errorText]
                    return { session throws(CommandError) in
                        guard let lastError = session.lastError else {
                            throw CommandError("expect error: the previous command succeeded")
                        }
                        if let text, !lastError.contains(text) {
                            throw CommandError("expect error: the error was `\(lastError)`, without `\(text)`")
                        }
                    }
                },
            ])
    }

    private static func compile(_ pattern: String, at wordIndex: Int?) throws(CommandError) -> Regex<AnyRegexOutput> {
        do {
            return try Regex(pattern)
        } catch {
            // not words: the regex engine says why in its own English, a fact here
            throw CommandError("expect output matches: `\(pattern)` is not a regular expression: \(error)", wordIndex: wordIndex)
        }
    }

    /// How long a match may take before it is stopped. A regex that
    /// backtracks exponentially (`(a*)*b`) never ends; any sane one takes
    /// milliseconds.
    static let matchTimeLimit = 5

    /// True when a line of the last output matches. The match runs in a
    /// copy of ctrsh that is killed after `matchTimeLimit` seconds or when
    /// ctrsh is asked to stop (see `BoundedComputation`); SIGTERM or SIGHUP
    /// meanwhile ends the session as between commands.
    private static func matches(_ regex: Regex<AnyRegexOutput>, _ pattern: String, in session: Session) throws(CommandError) -> Bool {
        let lines = session.lastOutput.split(separator: "\n", omittingEmptySubsequences: false)
        switch BoundedComputation.run(seconds: matchTimeLimit, { lines.contains { $0.contains(regex) } }) {
        case .answered(let found):
            return found
        case .timedOut:
            throw CommandError(
                "expect output matches: `\(pattern)` took longer than \(matchTimeLimit) s and was stopped: simplify it (a quantifier inside a quantified group, `(a*)*`, can backtrack without end)")
        case .interrupted(let signal) where signal == SIGINT:
            throw CommandError("expect output matches: interrupted by Ctrl-C")
        case .interrupted(let signal):
            session.exitRequest = 128 + signal
            return true  // no verdict: the session ends before the next command
        case .failed(let problem):
            throw CommandError("expect output matches: \(problem)")
        case .unanswered:
            throw CommandError("expect output matches: the matching process died without an answer")
        }
    }

    /// The output, indented as lines of its own; nil when there was none.
    private static func quoted(_ output: String) -> String? {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast(output.hasSuffix("\n") ? 1 : 0)
        if lines.isEmpty { return nil }
        return lines.prefix(10).map { "\n  | \($0)" }.joined() + (lines.count > 10 ? "\n  | …" : "")
    }
}
