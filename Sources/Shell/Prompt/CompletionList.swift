/// Candidates laid out in columns, as a shell lists them after a second TAB.
enum CompletionList {
    static func format(_ candidates: [String], width: Int) -> String {
        let columnWidth = (candidates.map(\.count).max() ?? 0) + 2
        let columns = max(1, width / max(columnWidth, 1))
        let rows = (candidates.count + columns - 1) / columns
        var lines: [String] = []
        for row in 0..<rows {
            var line = ""
            for column in 0..<columns {
                let index = column * rows + row
                guard index < candidates.count else { continue }
                let cell = candidates[index]
                line += column == columns - 1 || index + rows >= candidates.count
                    ? cell : cell + String(repeating: " ", count: columnWidth - cell.count)
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
