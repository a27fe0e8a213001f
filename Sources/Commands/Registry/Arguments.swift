/// The arguments of one command line, converted by their kinds when the
/// line was parsed, and read through the declarations that declared them:
/// `args[list]` for an `Operand`, `args[timeout]` for an `Option`,
/// `args[detach]` for a `Switch`. Each value remembers its word, for the
/// position of an error.
public struct Arguments: Sendable {
    /// The family name as declared (not the alias typed).
    public let command: String
    /// The words of the command line, as expanded.
    public let words: [String]
    private var operands: [String: [any Sendable]] = [:]
    private var flagValues: [String: [any Sendable]] = [:]
    private var switches: Set<String> = []
    private var positions: [String: Int] = [:]

    init(command: String, words: [String]) {
        self.command = command
        self.words = words
    }

    mutating func set(_ name: String, _ converted: [any Sendable], at index: Int) {
        operands[name] = converted
        positions[name] = index
    }

    mutating func addFlagValue(_ converted: any Sendable, for name: String, at index: Int) {
        flagValues[name, default: []].append(converted)
        positions[name] = index
    }

    mutating func setSwitch(_ name: String) {
        switches.insert(name)
    }

    func has(parameter name: String) -> Bool { operands[name] != nil }

    /// The operand's value: its words converted, or its value when left out.
    public subscript<Value>(_ operand: Operand<Value>) -> Value {
        if let converted = operands[operand.parameter.name] { return operand.value(converted) }
        guard let absent = operand.absent else {
            preconditionFailure("`\(command)` reads \(operand.parameter.name), which the parser would have required")
        }
        return absent
    }

    /// The option's value: the last one given, or every one for a repeating option.
    public subscript<Value>(_ option: Option<Value>) -> Value {
        option.value(flagValues[option.flag.name] ?? [])
    }

    /// True when the switch was given.
    public subscript(_ flag: Switch) -> Bool { switches.contains(flag.flag.name) }

    /// The index of the word an operand came from, for errors.
    public func position(of operand: some VerbParameter) -> Int? { positions[operand.parameter.name] }

    /// An error located at the operand's word.
    public func error(_ message: Phrase, at operand: some VerbParameter) -> CommandError {
        CommandError(message, wordIndex: positions[operand.parameter.name])
    }

    /// An error located at the option's (last) value.
    public func error(_ message: Phrase, at option: some VerbFlag) -> CommandError {
        CommandError(message, wordIndex: positions[option.flag.name])
    }
}
