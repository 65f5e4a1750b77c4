/// Axis furniture shared by the charts: gridlines, axis lines, ticks, tick labels and axis titles. All of it lies
/// outside the plot-area group, which holds data marks only.
enum AxisDrawing {
    static let axisColor = "#666666"

    /// Light gridlines at every tick, labelled or not, drawn first so that data stays in front.
    static func grid(x: ValueScale?, y: ValueScale?, plot: Rect, into w: inout SVGWriter) {
        w.open("g", [("class", "grid")])
        for t in x?.ticks ?? [] {
            let px = plot.x + (x?.fraction(t) ?? 0) * plot.width
            w.line(px, plot.y, px, plot.maxY, stroke: "#e6e6e6")
        }
        for t in y?.ticks ?? [] {
            let py = plot.maxY - (y?.fraction(t) ?? 0) * plot.height
            w.line(plot.x, py, plot.maxX, py, stroke: "#e6e6e6")
        }
        w.close("g")
    }

    /// A numeric axis along the bottom, with its title centred below the tick labels (up to 42 px below the plot).
    static func bottom(_ s: ValueScale, plot: Rect, title: String, chartWidth: Double, into w: inout SVGWriter) {
        w.open("g", [("class", "axis x")])
        w.line(plot.x, plot.maxY, plot.maxX, plot.maxY, stroke: axisColor)
        let centres = s.ticks.map { plot.x + s.fraction($0) * plot.width }
        for c in centres { w.line(c, plot.maxY, c, plot.maxY + 4, stroke: axisColor) }
        let labels = s.labels
        let widths = labels.map { TextMetrics.width($0, size: FontSize.label) }
        for i in visible(centres, widths, preferred: s.decadeIndices) {
            w.text(labels[i], x: centres[i], y: plot.maxY + 16, size: FontSize.label, anchor: .middle)
        }
        if !title.isEmpty {
            let text = TextMetrics.fit(title, width: chartWidth - 16, size: FontSize.axisTitle)
            let half = TextMetrics.width(text, size: FontSize.axisTitle) / 2
            w.text(text, x: min(max(plot.midX, half + 8), chartWidth - half - 8), y: plot.maxY + 33,
                   size: FontSize.axisTitle, anchor: .middle)
        }
        w.close("g")
    }

    /// A numeric axis along the left. Its title goes above the plot, left-aligned, where long titles have room
    /// without rotated text; plots using it start 52 px down.
    static func left(_ s: ValueScale, plot: Rect, title: String, chartWidth: Double, into w: inout SVGWriter) {
        w.open("g", [("class", "axis y")])
        w.line(plot.x, plot.y, plot.x, plot.maxY, stroke: axisColor)
        let centres = s.ticks.map { plot.maxY - s.fraction($0) * plot.height }
        for c in centres { w.line(plot.x - 4, c, plot.x, c, stroke: axisColor) }
        let labels = s.labels
        let heights = Array(repeating: FontSize.label, count: labels.count)
        for i in visible(centres, heights, preferred: s.decadeIndices) {
            w.text(labels[i], x: plot.x - 7, y: centres[i] + 4, size: FontSize.label, anchor: .end)
        }
        if !title.isEmpty {
            w.text(TextMetrics.fit(title, width: chartWidth - 16, size: FontSize.axisTitle), x: 8, y: 38,
                   size: FontSize.axisTitle)
        }
        w.close("g")
    }

    /// Category labels down the left, one per equal-height row of the plot.
    static func rows(_ labels: [CategoryLabel], plot: Rect, into w: inout SVGWriter) {
        w.open("g", [("class", "axis y")])
        w.line(plot.x, plot.y, plot.x, plot.maxY, stroke: axisColor)
        let band = plot.height / Double(max(labels.count, 1))
        for (i, label) in labels.enumerated() {
            label.draw(x: plot.x - 7, y: plot.y + (Double(i) + 0.5) * band + 4, anchor: .end, into: &w)
        }
        w.close("g")
    }

    /// Width the left axis needs for its tick labels.
    static func leftLabelWidth(_ s: ValueScale) -> Double {
        (s.labels.map { TextMetrics.width($0, size: FontSize.label) }.max() ?? 0) + 12
    }

    /// Half widths of the first and last bottom tick labels, which hang past the plot's sides.
    static func bottomOverhang(_ s: ValueScale) -> (left: Double, right: Double) {
        let labels = s.labels
        return ((labels.first.map { TextMetrics.width($0, size: FontSize.label) } ?? 0) / 2 + 6,
                (labels.last.map { TextMetrics.width($0, size: FontSize.label) } ?? 0) / 2 + 6)
    }

    /// Indices of the labels to show so that neighbours keep a 4 px gap: all if they fit; else, on a log axis, the
    /// powers of ten; then every k-th of those for the smallest k that fits.
    static func visible(_ centres: [Double], _ extents: [Double], preferred: [Int]) -> [Int] {
        func fits(_ indices: [Int]) -> Bool {
            zip(indices, indices.dropFirst()).allSatisfy { i, j in
                abs(centres[j] - centres[i]) >= (extents[i] + extents[j]) / 2 + 4
            }
        }
        let all = Array(centres.indices)
        if fits(all) { return all }
        let base = preferred.count >= 2 ? preferred : all
        for k in 1..<max(base.count, 2) {
            let indices = stride(from: 0, to: base.count, by: k).map { base[$0] }
            if fits(indices) { return indices }
        }
        return Array(base.prefix(1))
    }
}
