/// The arguments of one command line, converted by their kinds when the
/// line was parsed, and read through the declarations that declared them:
/// `args[list]` for an `Operand`, `args[timeout]` for an `Option`,
/// `args[detach]` for a `Switch`. Each value remembers its word, for the
/// position of an error.
public struct Arguments: Sendable {
    /// The family name as declared (not the alias typed).
    public let command: String
    /// Each operand's and option's converted words, by declared name, in
    /// the order given: a few per line, so a list (a first dictionary of
    /// strings costs a start a scan of the binary's conformance records).
    private var given: [Given] = []
    private var switches: [String] = []

    /// One operand's words, or one option's values, converted.
    private struct Given {
        var name: String
        var converted: [any Sendable]
        var position: Int
    }

    init(command: String) {
        self.command = command
    }

    mutating func set(_ name: String, _ converted: [any Sendable], at index: Int) {
        given.append(Given(name: name, converted: converted, position: index))
    }

    mutating func addFlagValue(_ converted: any Sendable, for name: String, at index: Int) {
        guard let existing = given.firstIndex(where: { $0.name == name }) else {
            given.append(Given(name: name, converted: [converted], position: index))
            return
        }
        given[existing].converted.append(converted)
        given[existing].position = index
    }

    mutating func setSwitch(_ name: String) {
        switches.append(name)
    }

    private func converted(_ name: String) -> [any Sendable]? { given.first { $0.name == name }?.converted }

    func has(parameter name: String) -> Bool { converted(name) != nil }

    /// The operand's value: its words converted, or its value when left out.
    public subscript<Value>(_ operand: Operand<Value>) -> Value {
        if let converted = converted(operand.parameter.name) { return operand.value(converted) }
        guard let absent = operand.absent else {
            preconditionFailure("`\(command)` reads \(operand.parameter.name), which the parser would have required")
        }
        return absent
    }

    /// The option's value: the last one given, or every one for a repeating option.
    public subscript<Value>(_ option: Option<Value>) -> Value {
        option.value(converted(option.flag.name) ?? [])
    }

    /// True when the switch was given.
    public subscript(_ flag: Switch) -> Bool { switches.contains(flag.flag.name) }

    /// The index of the word an operand came from, for errors.
    public func position(of operand: some VerbParameter) -> Int? { position(operand.parameter.name) }

    /// An error located at the operand's word.
    public func error(_ message: Phrase, at operand: some VerbParameter) -> CommandError {
        CommandError(message, wordIndex: position(operand.parameter.name))
    }

    /// An error located at the option's (last) value.
    public func error(_ message: Phrase, at option: some VerbFlag) -> CommandError {
        CommandError(message, wordIndex: position(option.flag.name))
    }

    private func position(_ name: String) -> Int? { given.first { $0.name == name }?.position }
}
