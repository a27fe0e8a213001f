extension StringProtocol where SubSequence == Substring {
    /// The text without leading and trailing spaces, tabs and newlines.
    package var trimmed: Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isBlank($0) }),
              let end = lastIndex(where: { !isBlank($0) })
        else { return self[endIndex...] }
        return self[start...end]
    }
}
