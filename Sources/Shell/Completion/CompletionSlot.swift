import CtrCommands
import CtrRuntime

/// What the word under the cursor fills, as the parser reads the words
/// before it (`ArgumentWalk`: flags and their values, `-it`, `--`, a
/// program's first word ending the options), with the session's containers
/// deciding whether an optional container name before a program was one
/// (`exec web sh` beside `exec sh`).
struct CompletionSlot {
    /// The kind of the word under the cursor; nil when nothing is expected.
    private(set) var kind: ParameterKind?
    /// The kind of the parameter after it, when this one may be left out:
    /// both are offered (`exec <TAB>`: containers and programs).
    private(set) var skippableNext: ParameterKind?
    /// True for the first word of a program (looked for in `$PATH`).
    private(set) var startsProgram = false
    /// True when the word may still be one of the verb's flags.
    private(set) var takesFlags: Bool
    /// The container the command acts on: the one named, else the current one.
    private(set) var container: Container

    init(verb: Verb, words: [String], from start: Int, session: Session) {
        let walk = ArgumentWalk(words, from: start, verb: verb) { session.container(named: $0) != nil }
        container = session.current
        for case .operand(let index, let taken) in walk.steps where verb.parameters[index].kind.namesContainer {
            if let named = session.container(named: words[taken.lowerBound]) { container = named }
        }
        takesFlags = !walk.optionsEnded && walk.pendingOption == nil
        if let option = walk.pendingOption {
            kind = option.value
            return
        }
        let parameters = verb.parameters
        guard walk.nextParameter < parameters.count else { return }
        let parameter = parameters[walk.nextParameter]
        kind = parameter.kind
        startsProgram = parameter.kind == .program && walk.wordsTakenByNext == 0
        if parameter.optional && !parameter.repeating && walk.nextParameter + 1 < parameters.count {
            skippableNext = parameters[walk.nextParameter + 1].kind
            startsProgram = startsProgram || skippableNext == .program
        }
    }
}
