/// Font sizes in px; every chart uses these three.
enum FontSize {
    static let title = 13.0
    static let axisTitle = 12.0
    static let label = 11.0
}

/// Text widths estimated without fonts: the report uses the browser's sans-serif, unknown at render time, so the
/// estimate is generous (0.62 em per character covers digits and capitals in common faces). Layout reserves room
/// by it, which is what keeps text inside the viewBox.
enum TextMetrics {
    static let emPerCharacter = 0.62

    static func width(_ text: String, size: Double) -> Double {
        Double(text.count) * emPerCharacter * size
    }

    /// `text` itself if it fits `width`, else as many leading characters as fit followed by "…" (or "" if not even
    /// that fits). Callers that cut text keep the full version in a `<title>`.
    static func fit(_ text: String, width: Double, size: Double) -> String {
        guard self.width(text, size: size) > width else { return text }
        let room = Int((width / (emPerCharacter * size)).rounded(.down))
        guard room >= 1 else { return "" }
        var kept = String(text.prefix(room - 1))
        while kept.last?.isWhitespace == true { kept.removeLast() }
        return kept + "…"
    }
}
