/// The `<svg>` element shared by all charts. Its opening tag, `<title id="<id>-title">` and single plot-area group
/// are what the report's browser test looks for.
enum Document {
    /// Opens the svg, its accessible title and the visible title; everything else goes inside a group that sets
    /// the font family (sans-serif only: reports embed no web fonts).
    static func begin(id: String, title: String, width: Double, height: Double) -> SVGWriter {
        var w = SVGWriter()
        let (wide, high) = (SVGWriter.number(width), SVGWriter.number(height))
        w.open("svg", [("xmlns", "http://www.w3.org/2000/svg"), ("viewBox", "0 0 \(wide) \(high)"), ("width", wide),
                       ("height", high), ("role", "img"), ("aria-labelledby", id + "-title"), ("class", "chart")])
        w.content("title", [("id", id + "-title")], title)
        w.open("g", [("font-family", "sans-serif"), ("fill", "#333333")])
        let shown = TextMetrics.fit(title, width: width - 16, size: FontSize.title)
        w.text(shown, x: 8, y: 18, size: FontSize.title, [("font-weight", "bold")])
        return w
    }

    static func end(_ w: inout SVGWriter) -> String {
        w.close("g")
        w.close("svg")
        return w.markup
    }

    /// Written into the plot-area group when a chart has nothing to draw, so that the group is never empty and
    /// the reader sees why.
    static func noData(in plot: Rect, into w: inout SVGWriter) {
        w.text("no data", x: plot.midX, y: plot.midY + 4, size: FontSize.axisTitle, anchor: .middle,
               [("class", "no-data"), ("fill", "#888888")])
    }

    /// Element ids must be valid XML names, so the caller's prefix keeps only ASCII letters, digits, "-", "_" and
    /// "." (others become "-") and starts with a letter or "_" ("c" is prepended otherwise).
    static func cleanID(_ raw: String) -> String {
        let kept = String(raw.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "-" })
        guard let first = kept.first else { return "chart" }
        return first.isLetter || first == "_" ? kept : "c" + kept
    }
}

/// A category name fitted to the room it has: long layer names are cut with "…" and keep their full text as a
/// hover title.
struct CategoryLabel {
    let full: String
    let shown: String

    init(_ full: String, width: Double) {
        self.full = full
        shown = TextMetrics.fit(full, width: width, size: FontSize.label)
    }

    var width: Double { TextMetrics.width(shown, size: FontSize.label) }

    func draw(x: Double, y: Double, anchor: TextAnchor, into w: inout SVGWriter) {
        guard shown != full else {
            w.text(full, x: x, y: y, size: FontSize.label, anchor: anchor)
            return
        }
        w.open("g")
        w.content("title", [], full)
        w.text(shown, x: x, y: y, size: FontSize.label, anchor: anchor)
        w.close("g")
    }
}
