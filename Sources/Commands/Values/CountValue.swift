extension ValueParser {
    /// Examples shown when a count is not understood.
    static let countExamples = "20, 100, max"

    /// A count with `max` for no limit (nil), as `pids 20`: a whole number
    /// from 0 to 2^63 − 1, what the kernel's cgroup files take.
    public static func count(_ text: String) throws(ValueError) -> UInt64? {
        if isMax(text) { return nil }
        guard let number = DecimalNumber(Substring(text)), !text.contains(".") else {
            throw notA("a count", text, examples: countExamples)
        }
        guard let value = number.scaled(by: 1, limit: UInt64(Int64.max)) else {
            throw ValueError(value: text, phrase: "`\(shown(text))` is too large for a count")
        }
        return value
    }

    /// A whole number of decimal digits within `range`, as
    /// `io.weight 100` (range 1...10000) or `exit 3`.
    public static func unsignedInteger(
        _ text: String, in range: ClosedRange<UInt64> = 0...UInt64.max
    ) throws(ValueError) -> UInt64 {
        guard let number = DecimalNumber(Substring(text)), !text.contains(".") else {
            throw notA("a whole number", text, examples: "0, 20, 100")
        }
        guard let value = number.scaled(by: 1, limit: range.upperBound), value >= range.lowerBound else {
            throw ValueError(
                value: text,
                phrase: "`\(shown(text))` is out of range: expected \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }
}
