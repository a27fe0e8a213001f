import CtrCommands

/// `ctrsh --check FILE`: lexes, expands and validates every command of a
/// script without running any, and reports every problem with its
/// position. Only `let` runs (it touches nothing but a variable), so later
/// `$NAME`s expand as they would; a command that uses a positional
/// argument the check was not given is parsed but not validated, unless
/// the arguments are `complete` (a demo is checked with the arguments it
/// will run with: a missing `$1` is an error before anything is typed).
public struct ScriptChecker {
    let shell: Shell
    /// Whether the arguments given are all the script will get.
    let complete: Bool

    /// A checker using `shell`'s registry and session variables.
    public init(shell: Shell, argumentsComplete: Bool = false) {
        self.shell = shell
        complete = argumentsComplete
    }

    /// Checks `text` from `path`; returns how many problems it reported.
    public func check(_ text: String, path: String, arguments: [String]) -> Int {
        let found = problems(in: text, path: path, arguments: arguments)
        for problem in found {
            shell.session.output.errorLine(LocatedError.phrase(path, line: problem.location.line, column: problem.location.column, problem.phrase))
        }
        return found.count
    }

    /// Every problem in `text` from `path`, in order, without printing them
    /// (the fuzz target checks where each one points).
    public func problems(in text: String, path: String, arguments: [String]) -> [ScriptProblem] {
        let session = shell.session
        let scope = VariableScope(session: session, arguments: [path] + arguments)
        var lexer = Lexer(text)
        var problems: [ScriptProblem] = []
        func report(_ phrase: Phrase, _ location: SourceLocation) {
            problems.append(ScriptProblem(phrase: phrase, location: location))
        }
        while true {
            let command: Command
            do {
                guard let next = try lexer.next() else { break }
                command = next
            } catch {
                report(error.phrase, error.location)
                continue
            }
            var words: [String] = []
            var unexpanded = false
            for word in command.words {
                do {
                    words.append(try word.expand(scope.value(of:)))
                } catch {
                    unexpanded = true
                    if !Self.isPositional(error) {
                        report(error.phrase, error.location)
                    } else if complete {
                        report(
                            arguments.isEmpty
                                ? "\(error.phrase): the script needs arguments (none was given): `ctrsh --demo \(path) ARG…`"
                                : "\(error.phrase): the script needs arguments (only \(arguments.count) given): `ctrsh --demo \(path) ARG…`",
                            error.location)
                    }
                }
            }
            if unexpanded { continue }
            do {
                let prepared = try session.registry.prepare(words)
                if prepared.family.name == "let" { try prepared.action(session) }
            } catch let error as CommandError {
                let location = error.wordIndex.flatMap { $0 < command.words.count ? command.words[$0].location : nil }
                report(error.phrase, location ?? command.location)
            } catch {
                report(Diagnostics.phrase(for: error), command.location)
            }
        }
        return problems
    }

    /// True when `error` is a `$1`… without a value, which a check without
    /// the script's arguments cannot know.
    private static func isPositional(_ error: LexError) -> Bool {
        if case .unknownVariable(let name) = error.kind { return name.allSatisfy(\.isNumber) }
        return false
    }
}

/// One problem `--check` found: what is wrong, and where it starts.
public struct ScriptProblem: Equatable, Sendable {
    /// One line saying what is wrong, as printed after `error: `.
    public var phrase: Phrase
    /// That line in English.
    public var message: String { phrase.description }
    /// Where in the script the problem starts.
    public var location: SourceLocation
}
