/// Aligned columns, two spaces apart, indented by two, as `ns show` and
/// `container ls` print them.
public enum Table {
    /// Prints `rows` (the first is the header) with columns padded to fit.
    public static func print(_ rows: [[String]], to output: Output) {
        for line in format(rows) { output.line(line) }
    }

    /// The lines `print` would write.
    public static func format(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            return "  " + cells.joined(separator: "  ")
        }
    }
}
