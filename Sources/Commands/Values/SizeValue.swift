import CtrRuntime

extension ValueParser {
    /// Examples shown when a size is not understood.
    static let sizeExamples = "64M, 1.5G, 512K, max"

    /// Binary units by lowercase suffix: `k`, `ki`, `kib` and `kb` are all
    /// 1024 (ctrsh sizes are binary, as cgroup users expect); `b` or no
    /// suffix is bytes.
    static let sizeUnits: [String: UInt64] = {
        var units: [String: UInt64] = ["": 1, "b": 1]
        for (index, letter) in ["k", "m", "g", "t"].enumerated() {
            let size = UInt64(1) << (10 * (index + 1))
            for suffix in ["", "i", "ib", "b"] { units[letter + suffix] = size }
        }
        return units
    }()

    /// A memory size: `64M`, `1.5G`, `512K`, `1048576`, `max`.
    ///
    /// The unit is one of K, M, G, T (binary: K = 1024), in any case,
    /// optionally followed by `i`, `iB` or `B` (`64MiB`, `64mb`); a bare
    /// number or a `B` suffix is bytes. A fraction is rounded down to whole
    /// bytes. `max` (any case) is no limit. The largest size is 2^63 − 1
    /// bytes, what the kernel's cgroup files take.
    public static func size(_ text: String) throws(ValueError) -> ByteLimit {
        if isMax(text) { return .unlimited }
        let (numberText, suffix) = splitNumber(text)
        guard let number = DecimalNumber(numberText), let unit = sizeUnits[suffix.lowercased()] else {
            throw notA("a size", text, examples: sizeExamples)
        }
        guard let bytes = number.scaled(by: unit, limit: UInt64(Int64.max)) else {
            throw ValueError(
                value: text, phrase: "`\(shown(text))` is too large for a size (examples: \(sizeExamples))")
        }
        return .bytes(bytes)
    }
}
