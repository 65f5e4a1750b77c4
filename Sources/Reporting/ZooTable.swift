import SpecIO

/// The `zoo` table: each built-in network with its default resolution and variant knobs.
public enum ZooTable {
    public static func render() -> String {
        // Resolutions below 8 are refused by the variant syntax, whatever the family allows.
        let rows = NetworkZoo.families.map { family in
            [family.name, String(family.defaultResolution),
             (family.supportsWidth ? "width, " : "") + "resolution >= \(max(8, family.minimumResolution)), precision 4/8/16",
             family.summary]
        }
        let header = ["name", "default", "knobs", "description"]
        let widths = (0..<3).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        let lines = ([header] + rows).map { row in
            (0..<3).map { row[$0].padding(toLength: widths[$0] + 2, withPad: " ", startingAt: 0) }.joined() + row[3]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
