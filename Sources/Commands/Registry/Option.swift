/// A `--flag VALUE` of a command, declared once and used twice: in the
/// verb's declaration and to read its value from the parsed line
/// (`args[timeout]`), already converted.
///
/// `Option("--timeout", .duration, summary: …)` reads as `Duration?` (the
/// last one given); `Option(repeating: "--env", short: "-e", .text, …)`
/// reads every value given, in order, as `[String]`.
public struct Option<Value: Sendable>: VerbFlag {
    /// The declaration help, completion and the parser read.
    public let flag: Flag
    /// The value from the converted values given, in order (none when absent).
    let value: @Sendable ([any Sendable]) -> Value

    /// A flag whose last value counts; nil when it is not given.
    public init<Wrapped>(
        _ name: String, short: String? = nil, _ kind: ValueKind<Wrapped>, valueName: String = "VALUE", summary: String
    ) where Value == Wrapped? {
        flag = Flag(name, short: short, value: kind, valueName: valueName, summary: summary)
        value = { converted in converted.last.map { $0 as! Wrapped } }
    }

    /// A flag that may be given again and again (`-e A=1 -e B=2`).
    public init<Element>(
        repeating name: String, short: String? = nil, _ kind: ValueKind<Element>, valueName: String = "VALUE", summary: String
    ) where Value == [Element] {
        flag = Flag(name, short: short, value: kind, valueName: valueName, summary: summary)
        value = { converted in converted.map { $0 as! Element } }
    }
}

/// A `--flag` without a value (`--detach`, `-d`): read as true when given.
public struct Switch: VerbFlag {
    /// The declaration help, completion and the parser read.
    public let flag: Flag

    public init(_ name: String, short: String? = nil, summary: String) {
        flag = Flag(name, short: short, summary: summary)
    }
}

/// What a verb's flag list holds: options of any value type and switches.
public protocol VerbFlag: Sendable {
    /// The declaration help, completion and the parser read.
    var flag: Flag { get }
}
