/// Matches the words after a command's name against its verb's flags and
/// parameters, validating each word by its parameter's kind.
enum ArgumentParser {
    static func parse(
        _ words: [String], from start: Int, verb: Verb, family: CommandFamily
    ) throws(CommandError) -> Arguments {
        var arguments = Arguments(command: family.name, words: words)
        let name = ([family.name] + [verb.word].compactMap { $0 }).joined(separator: " ")
        let usage: Phrase = "usage: \(family.usageLines.joined(separator: " | "))"
        var index = start
        var parameters = verb.parameters[...]
        var flagsEnded = verb.flags.isEmpty
        while index < words.count {
            let word = words[index]
            if !flagsEnded && word == "--" {
                flagsEnded = true
                arguments.endOptionsExplicitly()
                index += 1
                continue
            }
            if !flagsEnded && word.hasPrefix("-") && word.count > 1 && Double(word) == nil {
                if let switches = combinedSwitches(word, verb: verb) {
                    for flag in switches { arguments.setFlag(flag.name, value: "") }
                    index += 1
                } else {
                    index = try parseFlag(at: index, words, verb: verb, name: name, usage: usage, into: &arguments)
                }
                continue
            }
            // As docker's: the options of a command that runs a program end
            // at its first positional word (`exec web sh -c …`, `-c` is sh's).
            if verb.parameters.contains(where: { $0.kind == .program }) { flagsEnded = true }
            guard let parameter = parameters.popFirst() else {
                throw CommandError("\(name): unexpected argument `\(word)` (\(usage))", wordIndex: index)
            }
            // A repeating parameter takes every remaining word, flags included:
            // `exec -d sh -c …` gives `-c` to sh.
            let taken = parameter.repeating ? Array(words[index...]) : [word]
            if parameter.kind != .program {
                for (offset, element) in taken.enumerated() {
                    try ValueConversion.validate(element, as: parameter.kind, for: name, at: index + offset)
                }
            }
            arguments.set(parameter.name, taken, at: index)
            index += taken.count
        }
        if let missing = parameters.first(where: { !$0.optional }) {
            throw CommandError("\(name): missing \(missing.name) (\(usage))")
        }
        return arguments
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

    /// Parses one flag (and its value) and returns the index after it.
    private static func parseFlag(
        at index: Int, _ words: [String], verb: Verb, name: String, usage: Phrase, into arguments: inout Arguments
    ) throws(CommandError) -> Int {
        let word = words[index]
        guard let flag = verb.flags.first(where: { $0.name == word || $0.short == word }) else {
            throw CommandError("\(name): unknown option `\(word)` (\(usage))", wordIndex: index)
        }
        guard let kind = flag.value else {
            arguments.setFlag(flag.name, value: "")
            return index + 1
        }
        guard index + 1 < words.count else {
            throw CommandError("\(name): `\(word)` needs a value (\(usage))", wordIndex: index)
        }
        try ValueConversion.validate(words[index + 1], as: kind, for: "\(name) \(word)", at: index + 1)
        arguments.setFlag(flag.name, value: words[index + 1])
        return index + 2
    }
}
