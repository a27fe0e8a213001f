/// The state of one word while it is scanned: its parts so far, and the
/// first problem found in it.
///
/// Scanning never stops at an error: it records the first one and goes on
/// as if the offending character were literal, so the word's extent is the
/// same whether or not it is valid. The prompt's completion relies on that.
struct WordBuilder {
    /// The parts finished so far.
    private var parts: [WordPart] = []
    /// Literal bytes not yet turned into a part.
    private var pending: [UInt8] = []
    /// The first error in the word.
    var error: LexError?
    /// The opening quote when the input ended inside quotes.
    var openQuote: Mark?
    /// True when the input ended with a backslash escaping nothing.
    var endsWithBackslash = false

    /// Adds one literal byte.
    mutating func append(_ byte: UInt8) {
        pending.append(byte)
    }

    /// Adds literal bytes.
    mutating func append(_ bytes: ArraySlice<UInt8>) {
        pending.append(contentsOf: bytes)
    }

    /// Adds a variable reference after the text so far.
    mutating func appendVariable(_ name: String, at location: SourceLocation) {
        flush()
        parts.append(.variable(name: name, location: location))
    }

    /// The parts of the finished word; a word with nothing in it (`""`) is
    /// one empty literal.
    mutating func finish() -> [WordPart] {
        flush()
        return parts.isEmpty ? [.literal("")] : parts
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        // The bytes were cut from valid UTF-8 at ASCII characters only, so
        // decoding them loses nothing.
        parts.append(.literal(String(decoding: pending, as: UTF8.self)))
        pending.removeAll(keepingCapacity: true)
    }
}

/// One word as scanned, with where it lies in the source.
struct ScannedWord {
    /// The word.
    var word: Word
    /// The byte offset of its first character.
    var start: Int
    /// The byte offset just past its last character (a trailing line
    /// continuation is not part of the word).
    var end: Int
    /// The first error in it.
    var error: LexError?
    /// The opening quote when the input ended inside quotes.
    var openQuote: Mark?
    /// True when the input ended with a backslash escaping nothing.
    var endsWithBackslash: Bool
}
