/// A positional argument of a command, declared once and used twice: in
/// the verb's declaration (`Verb([name, program], …)`) and to read its value
/// from the parsed line (`args[name]`), already converted to `Value`.
///
/// `Operand("LIST", .namespaceList)` is required and reads as
/// `[NamespaceKind]`; `Operand(optional: "NAME", .containerName)` reads as
/// `String?`; `Operand(repeating: "CMD", .program)` takes every remaining
/// word and reads as `[String]`.
public struct Operand<Value: Sendable>: VerbParameter {
    /// The declaration help, completion and the parser read.
    public let parameter: Parameter
    /// The value when the line leaves the operand out; nil when it is required.
    let absent: Value?
    /// The value from the converted words the operand took.
    let value: @Sendable ([any Sendable]) -> Value

    /// A required operand taking one word.
    public init(_ name: String, _ kind: ValueKind<Value>) {
        parameter = Parameter(name, kind)
        absent = nil
        value = { converted in converted[0] as! Value }  // stored by `kind`'s own conversion
    }

    /// An operand that may be left out.
    public init<Wrapped>(optional name: String, _ kind: ValueKind<Wrapped>) where Value == Wrapped? {
        parameter = Parameter(name, kind, optional: true)
        absent = .some(nil)
        value = { converted in converted.first.map { $0 as! Wrapped } }
    }

    /// An operand taking every remaining word, flags included (a program
    /// and its arguments); `optional` when it may take none.
    public init<Element>(repeating name: String, _ kind: ValueKind<Element>, optional: Bool = false) where Value == [Element] {
        parameter = Parameter(name, kind, optional: optional, repeating: true)
        absent = optional ? [] : nil
        value = { converted in converted.map { $0 as! Element } }
    }
}

/// What a verb's parameter list holds: operands of any value type.
public protocol VerbParameter: Sendable {
    /// The declaration help, completion and the parser read.
    var parameter: Parameter { get }
}
