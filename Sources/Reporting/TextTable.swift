/// Column-aligned text tables for the terminal: the first `leftAligned` columns are padded
/// on the right (names), the others on the left (numbers), with a rule under the header.
public enum TextTable {
    public static func render(_ rows: [[String]], leftAligned: Int) -> [String] {
        guard let header = rows.first else { return [] }
        let widths = header.indices.map { col in rows.map { col < $0.count ? $0[col].count : 0 }.max() ?? 0 }
        var out = rows.map { row in
            row.enumerated().map { i, cell in
                i < leftAligned ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ")
        }
        out.insert(String(repeating: "-", count: out[0].count), at: 1)
        return out
    }
}
