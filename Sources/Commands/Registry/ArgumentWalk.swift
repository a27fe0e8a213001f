/// One reading of a command line's words against a verb's declaration,
/// the same for running the line and for TAB: which words are switches,
/// which a flag and its value, where the options end (`--`, or a
/// program's first word), and which parameter each other word fills. The
/// parser converts what the walk finds; completion walks the words before
/// the cursor and asks what the next word fills.
public struct ArgumentWalk {
    /// What one word (or a flag and its value) of the line is.
    public enum Step {
        /// Switches: `-d`, or several in one word (`-it`), at word `at`.
        case switches([Flag], at: Int)
        /// A flag that takes a value, at word `at`; its value is the word after.
        case option(Flag, at: Int)
        /// A word that looks like a flag the verb does not have.
        case unknownFlag(at: Int)
        /// The words parameter `index` took.
        case operand(index: Int, words: Range<Int>)
        /// A word beyond the verb's parameters.
        case surplus(at: Int)
    }

    /// The walk's steps, in the order of the words.
    public private(set) var steps: [Step] = []
    /// The parameter the next word fills; `verb.parameters.count` when none.
    public private(set) var nextParameter = 0
    /// How many words the next parameter has taken already (a repeating one).
    public private(set) var wordsTakenByNext = 0
    /// True once the options ended: the next word is no flag of the verb.
    public private(set) var optionsEnded: Bool
    /// The flag whose value the next word is (the words ended after it).
    public private(set) var pendingOption: Flag?

    /// Walks `words` from `start` (the first word after the command and
    /// subcommand). `namesContainer` decides, where a container name may
    /// come before a program (`exec web sh` beside `exec sh`), whether a
    /// word names a container; without it (when the line is parsed to run,
    /// before the containers are known) such a word is taken as the name,
    /// and the command decides when it runs.
    public init(_ words: [String], from start: Int, verb: Verb, namesContainer: ((String) -> Bool)? = nil) {
        let parameters = verb.parameters
        let runsProgram = parameters.contains { $0.kind == .program }
        optionsEnded = verb.flags.isEmpty
        var index = start
        while index < words.count {
            let word = words[index]
            if !optionsEnded && word == "--" {
                // `exec -- web`: the word after runs as a program, even where it names a container.
                optionsEnded = true
                if Self.selectsContainer(parameters, at: nextParameter) { nextParameter += 1 }
                index += 1
                continue
            }
            if !optionsEnded && word.hasPrefix("-") && word.count > 1 && Double(word) == nil {
                index = flag(at: index, words, verb: verb)
                continue
            }
            // As docker's: the options of a command that runs a program end
            // at its first positional word (`exec web sh -c …`, `-c` is sh's).
            if runsProgram { optionsEnded = true }
            guard nextParameter < parameters.count else {
                steps.append(.surplus(at: index))
                index += 1
                continue
            }
            if Self.selectsContainer(parameters, at: nextParameter), let namesContainer, !namesContainer(word) {
                nextParameter += 1  // the word is the program
                continue
            }
            if parameters[nextParameter].repeating {
                // It takes every remaining word, flags included: `exec -d sh -c …` gives `-c` to sh.
                steps.append(.operand(index: nextParameter, words: index..<words.count))
                wordsTakenByNext = words.count - index
                return
            }
            steps.append(.operand(index: nextParameter, words: index..<index + 1))
            nextParameter += 1
            index += 1
        }
    }

    /// Reads the flag word at `index` (and its value) and returns the index after.
    private mutating func flag(at index: Int, _ words: [String], verb: Verb) -> Int {
        let word = words[index]
        if let switches = Self.combinedSwitches(word, verb: verb) {
            steps.append(.switches(switches, at: index))
            return index + 1
        }
        guard let flag = verb.flags.first(where: { $0.isSpelled(word) }) else {
            steps.append(.unknownFlag(at: index))
            return index + 1
        }
        guard flag.value != nil else {
            steps.append(.switches([flag], at: index))
            return index + 1
        }
        steps.append(.option(flag, at: index))
        if index + 1 == words.count { pendingOption = flag }
        return index + 2
    }

    /// `-it`: several one-letter switches in one word, as getopt takes
    /// them; nil unless every letter is a switch of `verb`.
    private static func combinedSwitches(_ word: String, verb: Verb) -> [Flag]? {
        guard !word.hasPrefix("--"), word.count > 2 else { return nil }
        var flags: [Flag] = []
        for letter in word.dropFirst() {
            guard let flag = verb.flags.first(where: { $0.short == "-\(letter)" && $0.value == nil }) else { return nil }
            flags.append(flag)
        }
        return flags
    }

    /// True for an optional container name followed by a program.
    static func selectsContainer(_ parameters: [Parameter], at index: Int) -> Bool {
        index + 1 < parameters.count && parameters[index].optional && parameters[index].kind.namesContainer
            && parameters[index + 1].kind == .program
    }
}
