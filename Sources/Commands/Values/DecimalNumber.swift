/// A non-negative decimal number as written, kept as its digits so that
/// scaling it by a unit is exact: `1.5` × 1 GiB is 1610612736 bytes, with
/// no floating-point rounding on the way.
struct DecimalNumber {
    /// The digits before the `.`, as values 0–9 (maybe none: `.5`).
    var integerDigits: [UInt64]
    /// The digits after the `.`, as values 0–9 (maybe none: `2`, `2.`).
    var fractionDigits: [UInt64]

    /// Reads `text` whole: digits with at most one `.` and at least one
    /// digit. Nil for anything else (signs, exponents, blanks, `1.2.3`).
    init?(_ text: Substring) {
        var integer: [UInt64] = []
        var fraction: [UInt64] = []
        var seenDot = false
        for byte in text.utf8 {
            if byte == Byte.dot {
                guard !seenDot else { return nil }
                seenDot = true
            } else if Byte.isDigit(byte) {
                let digit = UInt64(byte - Byte.zero)
                if seenDot { fraction.append(digit) } else { integer.append(digit) }
            } else {
                return nil
            }
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        integerDigits = integer
        fractionDigits = fraction
    }

    /// True when every digit is 0.
    var isZero: Bool {
        integerDigits.allSatisfy { $0 == 0 } && fractionDigits.allSatisfy { $0 == 0 }
    }

    /// True when there are no digits after a `.`, or only zeros.
    var isWhole: Bool { fractionDigits.allSatisfy { $0 == 0 } }

    /// The number times `unit`, rounded down; nil when it exceeds `limit`.
    /// `unit` must be below `UInt64.max / 10`.
    func scaled(by unit: UInt64, limit: UInt64) -> UInt64? {
        var whole: UInt64 = 0
        for digit in integerDigits {
            let (times10, overflow) = whole.multipliedReportingOverflow(by: 10)
            let (next, sumOverflow) = times10.addingReportingOverflow(digit)
            guard !overflow, !sumOverflow, next <= limit else { return nil }
            whole = next
        }
        let (product, overflow) = whole.multipliedReportingOverflow(by: unit)
        guard !overflow else { return nil }
        // floor(0.d1d2…dn × unit), exactly: from the last digit backwards,
        // part = floor((digit × unit + part) / 10), since nested floor
        // divisions by 10 equal one floor division by 10^n.
        var part: UInt64 = 0
        for digit in fractionDigits.reversed() {
            part = (digit * unit + part) / 10
        }
        let (total, sumOverflow) = product.addingReportingOverflow(part)
        guard !sumOverflow, total <= limit else { return nil }
        return total
    }

    /// The number as a Double (correctly rounded).
    var doubleValue: Double {
        let integer = integerDigits.isEmpty ? "0" : String(integerDigits.map { Character(String($0)) })
        let fraction = fractionDigits.isEmpty ? "0" : String(fractionDigits.map { Character(String($0)) })
        return Double(integer + "." + fraction) ?? .infinity
    }
}
