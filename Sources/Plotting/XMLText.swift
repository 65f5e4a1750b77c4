/// Text inside XML or HTML markup: one escaping for the charts and the pages that hold them,
/// so a design name with `<` or `&` reads the same in a tooltip and in a table.
public enum XMLText {
    /// Escapes the five XML special characters and drops characters XML 1.0 forbids (most C0
    /// controls, U+FFFE/F), so that any caller text yields well-formed markup.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
