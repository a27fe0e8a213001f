/// Why a config.json that is JSON is not a runtime-spec config: the field
/// (a path such as `process.args[1]`; nil for the top level) and what it
/// should have held.
public enum ConfigDecodeProblem: Equatable, Sendable {
    /// The field holds another kind of value (`found`, when known).
    case expected(field: String?, JSONKind, found: JSONKind?)
    /// A field runtime-spec requires is missing.
    case missing(field: String?)
    /// A number that is not a whole number from `min` to `max`.
    case notWholeNumber(field: String?, min: String, max: String)
    /// The decoder refused the field, in its own words.
    case invalid(field: String?, detail: String)
    /// Not JSON, in the decoder's words (the strict grammar found no place).
    case notValidJSON(detail: String)
    /// Not JSON, at the place the strict grammar names.
    case notJSON(JSONSyntaxProblem)
    /// Any other failure, in the decoder's words.
    case other(String)
}

/// The kinds of JSON value a config's fields hold.
public enum JSONKind: Equatable, Sendable {
    /// A string.
    case string
    /// `true` or `false`.
    case bool
    /// A whole number.
    case wholeNumber
    /// Any number.
    case number
    /// A list (JSON's array).
    case list
    /// An object.
    case object
    /// `null`.
    case null
    /// A kind the decoder named otherwise, in its words.
    case named(String)
}
