import CtrRuntime

extension ValueParser {
    /// Examples shown when a CPU amount is not understood.
    static let cpuExamples = "50%, 0.5, 2, max"

    /// The most CPUs a limit may name.
    static let maximumCPUs = 1024.0

    /// The fewest: the kernel's smallest quota, 1 ms per 100 ms period.
    static let minimumCPUs = 0.01

    /// A CPU amount: `50%` and `0.5` are half of one CPU, `2` is two CPUs,
    /// `max` is no limit (nil).
    ///
    /// The amount must be at least 1% (0.01 CPU, the kernel's smallest
    /// quota) and at most 1024 CPUs; zero and negative amounts are refused.
    public static func cpu(_ text: String) throws(ValueError) -> CPULimit? {
        if isMax(text) { return nil }
        let isPercent = text.hasSuffix("%")
        let numberText = isPercent ? text.dropLast() : Substring(text)
        guard let number = DecimalNumber(numberText) else {
            throw notA("a CPU amount", text, examples: cpuExamples)
        }
        let cpus = isPercent ? number.doubleValue / 100 : number.doubleValue
        guard cpus > 0 else {
            throw ValueError(value: text, phrase: "`\(shown(text))` is no CPU time at all: give more than 0 (examples: \(cpuExamples))")
        }
        guard cpus >= minimumCPUs else {
            throw ValueError(value: text, phrase: "`\(shown(text))` is less than the smallest CPU amount, 1% (0.01) (examples: \(cpuExamples))")
        }
        guard cpus <= maximumCPUs else {
            throw ValueError(value: text, phrase: "`\(shown(text))` is more than 1024 CPUs (examples: \(cpuExamples))")
        }
        return CPULimit(cpus: cpus)
    }
}
