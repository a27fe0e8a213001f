/// Takes the primary device attributes query (`CSI c`, `CSI 0 c`) out of
/// the recorded session's output, and counts the ones it took.
///
/// ctrsh asks it after each foreground program, to find where the answers
/// the terminal still owes end (see `TerminalAnswers`). The real terminal
/// still gets it and answers; the recording must not keep it: played back
/// with `asciinema play` or `cat`, each one would make the viewer's
/// terminal type an answer into their shell. The sequence may be split
/// across reads, so up to three bytes of a possible beginning wait for the
/// next read.
struct AttributesQueryFilter {
    private var held: [UInt8] = []

    /// `bytes` without the queries (and with the bytes held from the last
    /// call in front), and how many queries they held.
    mutating func filter(_ bytes: ArraySlice<UInt8>) -> (kept: [UInt8], queries: Int) {
        let input = held + bytes
        held = []
        var kept: [UInt8] = []
        kept.reserveCapacity(input.count)
        var queries = 0
        var index = 0
        while index < input.count {
            guard input[index] == 0x1b else {
                kept.append(input[index])
                index += 1
                continue
            }
            switch Self.match(input[index...]) {
            case .query(let length):
                queries += 1
                index += length
            case .partial:
                held = Array(input[index...])
                index = input.count
            case .other:
                kept.append(input[index])
                index += 1
            }
        }
        return (kept, queries)
    }

    /// What is still held at the end of the session.
    mutating func flush() -> [UInt8] {
        defer { held = [] }
        return held
    }

    private enum Match { case query(length: Int), partial, other }

    /// `ESC [ c` or `ESC [ 0 c` at the start of `bytes`.
    private static func match(_ bytes: ArraySlice<UInt8>) -> Match {
        for form in [Array("\u{1b}[c".utf8), Array("\u{1b}[0c".utf8)] {
            let common = zip(bytes, form).prefix { $0 == $1 }.count
            if common == form.count { return .query(length: form.count) }
            if common == bytes.count { return .partial }
        }
        return .other
    }
}
