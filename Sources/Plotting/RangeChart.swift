/// One row of a `RangeChart`: a spread and its middle, e.g. an objective's minimum, median and maximum over all
/// points that share one knob value.
public struct RangeRow: Sendable {
    public var low: Double
    public var median: Double
    public var high: Double
    /// Hover text; empty gives "category: median m (low–high)".
    public var tooltip: String
    /// `nil` draws the row in `Palette.neutral`.
    public var colorIndex: Int?

    public init(low: Double, median: Double, high: Double, tooltip: String = "", colorIndex: Int? = 0) {
        self.low = low
        self.median = median
        self.high = high
        self.tooltip = tooltip
        self.colorIndex = colorIndex
    }
}

/// One row per category with a low–high line and a median dot: "median and range of each objective per knob value".
public struct RangeChart: Sendable {
    public var id: String
    public var title: String
    /// Minimum width in px; the height follows from the rows (18 px each).
    public var width: Double
    /// Paired with `rows` by position; extra entries of either are ignored.
    public var categories: [String]
    public var rows: [RangeRow]
    public var valueAxis: Axis

    public init(id: String, title: String, width: Double = 560, categories: [String], rows: [RangeRow],
                valueAxis: Axis) {
        self.id = id
        self.title = title
        self.width = width
        self.categories = categories
        self.rows = rows
        self.valueAxis = valueAxis
    }

    /// The chart as a standalone `<svg>` element. Parts that cannot be placed are left out: the line needs both
    /// ends (cut at a fixed domain), the dot a median inside the domain; a row with neither is skipped, and with no
    /// row drawn the plot area says "no data".
    public func svg() -> String {
        let count = min(categories.count, rows.count)
        let scale = ValueScale(valueAxis, values: rows.prefix(count).flatMap { [$0.low, $0.median, $0.high] })
        let width = self.width.finite(or: 560), labelRoom = max(width * 0.4, 60)
        let labels = categories.prefix(count).map { CategoryLabel($0, width: labelRoom) }
        let overhang = AxisDrawing.bottomOverhang(scale)
        let left = max((labels.map(\.width).max() ?? 0) + 12, overhang.left, 24), right = max(16, overhang.right)
        let chartWidth = max(width, left + right + 80)
        let band = 18.0
        let plot = Rect(x: left, y: 30, width: chartWidth - left - right, height: max(Double(count) * band, 60))
        var w = Document.begin(id: Document.cleanID(id), title: title, width: chartWidth, height: plot.maxY + 42)
        AxisDrawing.grid(x: scale, y: nil, plot: plot, into: &w)
        AxisDrawing.bottom(scale, plot: plot, title: valueAxis.title, chartWidth: chartWidth, into: &w)
        AxisDrawing.rows(labels, plot: plot, into: &w)
        w.open("g", [("class", "plot-area")])
        var drawn = 0
        let n = SVGWriter.number
        for (i, row) in rows.prefix(count).enumerated() {
            let y = plot.y + (Double(i) + 0.5) * band
            let ends = [row.low, row.high].filter(scale.usable).map { plot.x + scale.clampedFraction($0) * plot.width }
            let median = scale.contains(row.median) ? plot.x + scale.fraction(row.median) * plot.width : nil
            guard ends.count == 2 || median != nil else { continue }
            let color = Palette.color(for: row.colorIndex)
            let fallback = labels[i].full + ": median " + NumberText.short(row.median) + " ("
                + NumberText.short(row.low) + "–" + NumberText.short(row.high) + ")"
            w.open("g", [("class", "mark")])
            w.content("title", [], row.tooltip.isEmpty ? fallback : row.tooltip)
            if let a = ends.min(), let b = ends.max(), ends.count == 2 {
                w.element("line", [("x1", n(a)), ("y1", n(y)), ("x2", n(b)), ("y2", n(y)), ("stroke", color),
                                   ("stroke-width", "2")])
                for x in [a, b] { w.line(x, y - 4, x, y + 4, stroke: color) }
            }
            if let m = median {
                w.element("circle", [("cx", n(m)), ("cy", n(y)), ("r", "4"), ("fill", color), ("stroke", "#ffffff")])
            }
            w.close("g")
            drawn += 1
        }
        if drawn == 0 { Document.noData(in: plot, into: &w) }
        w.close("g")
        return Document.end(&w)
    }
}
