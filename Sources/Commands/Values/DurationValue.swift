extension ValueParser {
    /// Examples shown when a duration is not understood.
    static let durationExamples = "500ms, 2s, 1m"

    /// Nanoseconds per unit. Units are lowercase, as in Go and systemd;
    /// `µs` (micro sign) and `μs` (Greek mu) are accepted for `us`.
    static let durationUnits: [Substring: UInt64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    /// A duration: a number and one unit (`ns`, `us`, `ms`, `s`, `m`, `h`),
    /// e.g. `500ms`, `2s`, `1.5s`, `1m`; `0` needs no unit. A fraction of a
    /// nanosecond is rounded down. Compound forms (`1m30s`) are not taken.
    public static func duration(_ text: String) throws(ValueError) -> Duration {
        let (numberText, unitText) = splitNumber(text)
        guard let number = DecimalNumber(numberText) else {
            throw notA("a duration", text, examples: durationExamples)
        }
        if unitText.isEmpty {
            if number.isZero { return .zero }
            throw ValueError(
                value: text,
                phrase: "`\(shown(text))` is not a duration: add a unit (examples: \(durationExamples))")
        }
        guard let unit = durationUnits[unitText] else {
            throw notA("a duration", text, examples: durationExamples)
        }
        guard let nanoseconds = number.scaled(by: unit, limit: UInt64(Int64.max)) else {
            throw ValueError(
                value: text, phrase: "`\(shown(text))` is too long a duration (examples: \(durationExamples))")
        }
        return .nanoseconds(Int64(nanoseconds))
    }
}
