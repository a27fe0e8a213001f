/// Aligned columns, two spaces apart, indented by two, as `ns show` and
/// `container ls` print them.
public enum Table {
    /// Prints `rows` (the first is the header) with columns padded to fit;
    /// the columns in `rightAligned` (numbers) are padded on the left.
    public static func print(_ rows: [[String]], to output: Output, rightAligned: Set<Int> = []) {
        for line in format(rows, rightAligned: rightAligned) { output.line(verbatim: line) }
    }

    /// The lines `print` would write.
    public static func format(_ rows: [[String]], rightAligned: Set<Int> = []) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if rightAligned.contains(column) { return padding + cell }
                return column == row.count - 1 ? cell : cell + padding
            }
            return "  " + cells.joined(separator: "  ")
        }
    }
}
