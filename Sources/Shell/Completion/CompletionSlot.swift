import CtrCommands
import CtrRuntime

/// Which argument of a verb the word under the cursor fills, read from the
/// words before it as the argument parser reads them: flags and their
/// values skipped (`-it` too), `--` ending them, and an optional container
/// name before a program taken only when it names a container
/// (`exec web sh` beside `exec sh`), as the command will take it.
struct CompletionSlot {
    /// The kind of the word under the cursor; nil when nothing is expected.
    private(set) var kind: ParameterKind?
    /// The kind of the parameter after it, when this one may be left out:
    /// both are offered (`exec <TAB>`: containers and programs).
    private(set) var skippableNext: ParameterKind?
    /// True for the first word of a program (looked for in `$PATH`).
    private(set) var startsProgram = false
    /// The container the command acts on: the one named, else the current one.
    private(set) var container: Container

    init(verb: Verb, arguments: [String], session: Session) {
        container = session.current
        let parameters = verb.parameters
        let runsProgram = parameters.contains { $0.kind == .program }
        var positional = 0
        var offset = 0  // words taken by a repeating parameter so far
        var flagsEnded = false
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            if !flagsEnded && word == "--" {
                flagsEnded = true
                if Self.selectsContainer(parameters, at: positional) { positional += 1 }
                index += 1
                continue
            }
            if !flagsEnded, let flag = verb.flags.first(where: { $0.name == word || $0.short == word }) {
                index += flag.value == nil ? 1 : 2
                if index > arguments.count {
                    kind = flag.value
                    return
                }
                continue
            }
            if !flagsEnded && word.hasPrefix("-") && word.count > 1 {
                index += 1  // `-it`, or a flag the verb does not know
                continue
            }
            if runsProgram { flagsEnded = true }
            index += 1
            guard positional < parameters.count else { return }
            if parameters[positional].repeating {
                offset += 1
                continue
            }
            if Self.selectsContainer(parameters, at: positional) {
                if let named = session.container(named: word) {
                    container = named
                } else {
                    offset = 1  // the word was the program
                }
                positional += 1
                continue
            }
            positional += 1
        }
        guard positional < parameters.count else { return }
        let parameter = parameters[positional]
        kind = parameter.kind
        startsProgram = parameter.kind == .program && offset == 0
        if parameter.optional && !parameter.repeating && positional + 1 < parameters.count {
            skippableNext = parameters[positional + 1].kind
            startsProgram = startsProgram || skippableNext == .program
        }
    }

    /// True for an optional container name followed by a program.
    private static func selectsContainer(_ parameters: [Parameter], at index: Int) -> Bool {
        guard index + 1 < parameters.count, parameters[index].optional, parameters[index + 1].kind == .program else { return false }
        switch parameters[index].kind {
        case .container, .containerName: return true
        default: return false
        }
    }
}
