/// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line
/// break, with quotes doubled. Every CSV the tool writes goes through it.
func csvField(_ s: String) -> String {
    s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
}
