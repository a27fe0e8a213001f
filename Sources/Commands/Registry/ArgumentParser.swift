/// Turns the words after a command's name into its verb's typed
/// arguments: the walk says what each word is, and each value is converted
/// by its kind, once, here.
enum ArgumentParser {
    static func parse(
        _ words: [String], from start: Int, verb: Verb, family: CommandFamily
    ) throws(CommandError) -> Arguments {
        var arguments = Arguments(command: family.name)
        let name = verb.word.map { family.name + " " + $0 } ?? family.name
        var usage: Phrase { "usage: \(family.usageLines.joined(separator: " | "))" }  // only for an error
        let walk = ArgumentWalk(words, from: start, verb: verb)
        for step in walk.steps {
            switch step {
            case .switches(let flags, _):
                for flag in flags { arguments.setSwitch(flag.name) }
            case .option(let flag, let index):
                guard index + 1 < words.count, let convert = flag.convert else {
                    throw CommandError("\(name): `\(words[index])` needs a value (\(usage))", wordIndex: index)
                }
                let site = ValueSite(command: "\(name) \(words[index])", wordIndex: index + 1)
                arguments.addFlagValue(try convert(words[index + 1], site), for: flag.name, at: index + 1)
            case .unknownFlag(let index):
                throw CommandError("\(name): unknown option `\(words[index])` (\(usage))", wordIndex: index)
            case .surplus(let index):
                throw CommandError("\(name): unexpected argument `\(words[index])` (\(usage))", wordIndex: index)
            case .operand(let parameterIndex, let taken):
                let parameter = verb.parameters[parameterIndex]
                var converted: [any Sendable] = []
                for index in taken {
                    converted.append(try parameter.convert(words[index], ValueSite(command: name, wordIndex: index)))
                }
                arguments.set(parameter.name, converted, at: taken.lowerBound)
            }
        }
        if let missing = verb.parameters.first(where: { !$0.optional && !arguments.has(parameter: $0.name) }) {
            throw CommandError("\(name): missing \(missing.name) (\(usage))")
        }
        return arguments
    }
}
