// TEMPORARY until the lexer branch (Values/) lands.
import CtrRuntime
enum TemporaryValues {
    static func size(_ word: String) -> ByteLimit? {
        if word == "max" { return .unlimited }
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        if let last = word.last, let unit = units[last], let n = Double(word.dropLast()) { return .bytes(UInt64(n * Double(unit))) }
        return UInt64(word).map { .bytes($0) }
    }
    static func cpu(_ word: String) -> CPULimit?? {
        if word == "max" { return .some(nil) }
        if word.hasSuffix("%"), let p = Double(word.dropLast()), p > 0 { return CPULimit(cpus: p / 100) }
        if let c = Double(word), c > 0 { return CPULimit(cpus: c) }
        return nil
    }
    static func duration(_ word: String) -> Duration? {
        if word.hasSuffix("ms"), let n = Double(word.dropLast(2)) { return .milliseconds(n) }
        if word.hasSuffix("s"), let n = Double(word.dropLast()) { return .seconds(n) }
        if word.hasSuffix("m"), let n = Double(word.dropLast()) { return .seconds(n * 60) }
        return Double(word).map { .seconds($0) }
    }
}
