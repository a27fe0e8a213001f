import CtrRuntime

/// The validated arguments of one command line, typed by their parameter's
/// kind, each remembering which word it came from for error positions.
public struct Arguments: Sendable {
    /// The family name as declared (not the alias typed).
    public let command: String
    /// The words of the command line, as expanded.
    public let words: [String]
    private(set) var values: [String: [String]] = [:]
    private(set) var positions: [String: Int] = [:]
    private(set) var flagValues: [String: [String]] = [:]
    /// True when `--` ended the options: the next word is a program even
    /// where it could name a container (`exec -- web`).
    public private(set) var optionsEndedExplicitly = false

    init(command: String, words: [String]) {
        self.command = command
        self.words = words
    }

    mutating func set(_ name: String, _ words: [String], at index: Int) {
        values[name] = words
        positions[name] = index
    }

    mutating func setFlag(_ name: String, value: String) {
        flagValues[name, default: []].append(value)
    }

    mutating func endOptionsExplicitly() {
        optionsEndedExplicitly = true
    }

    /// The index of the word a parameter came from, for errors.
    public func position(of name: String) -> Int? { positions[name] }

    /// An error located at the parameter's word.
    public func error(_ message: Phrase, at name: String) -> CommandError {
        CommandError(message, wordIndex: positions[name])
    }

    /// The word given for a single parameter.
    public func string(_ name: String) -> String? { values[name]?.first }

    /// Every word given for a repeating parameter.
    public func list(_ name: String) -> [String] { values[name] ?? [] }

    /// True when the switch `name` (`--overlay`) was given.
    public func has(_ flag: String) -> Bool { flagValues[flag] != nil }

    /// The value given to a flag that takes one (the last, when repeated).
    public func flag(_ name: String) -> String? { flagValues[name]?.last }

    /// Every value given to a flag that may repeat (`-e A=1 -e B=2`), in order.
    public func flagList(_ name: String) -> [String] { flagValues[name] ?? [] }
}
