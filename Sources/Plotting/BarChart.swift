public struct BarSeries: Sendable {
    public var name: String
    /// One per category, in order. A missing or non-finite value (or, on a log axis, one not positive) draws no bar.
    public var values: [Double]
    public var colorIndex: Int?

    public init(name: String, values: [Double], colorIndex: Int? = nil) {
        self.name = name
        self.values = values
        self.colorIndex = colorIndex
    }
}

/// Bars per category, side by side or stacked: latency or energy per layer, excluded points per constraint,
/// vendor-device comparisons.
public struct BarChart: Sendable {
    public enum Layout: Sendable, Hashable {
        case grouped
        /// Positive values stack rightwards (upwards) from zero, negative ones the other way.
        case stacked
    }

    public enum Orientation: Sendable, Hashable {
        /// Categories down the left: room for long names, and rows enough for a 60-layer network.
        case horizontal
        /// Categories along the bottom, labels thinned and cut to the width each has.
        case vertical
    }

    public var id: String
    public var title: String
    /// Minimum width in px.
    public var width: Double
    /// `nil`: from the category count when horizontal (14 px a row when stacked), 320 px when vertical. A height
    /// too small for 13 px rows is exceeded.
    public var height: Double?
    public var categories: [String]
    public var series: [BarSeries]
    public var layout: Layout
    public var orientation: Orientation
    /// Linear or log. Log is honoured for grouped bars only: stacked bars always use a linear axis, since segment
    /// lengths on a log axis would misstate each part's share.
    public var valueAxis: Axis
    /// Writes each bar's value (stacked: the category's total) at the bar's end; vertical bars narrower than the
    /// text go without.
    public var valueLabels: Bool
    /// Hover text per series, per category; missing or empty entries give "category — series: value".
    public var tooltips: [[String]]?
    /// Shown when there are two or more series.
    public var legend: Bool

    public init(id: String, title: String, width: Double = 560, height: Double? = nil, categories: [String],
                series: [BarSeries], layout: Layout = .grouped, orientation: Orientation = .horizontal,
                valueAxis: Axis = Axis(title: ""), valueLabels: Bool = false, tooltips: [[String]]? = nil,
                legend: Bool = true) {
        self.id = id
        self.title = title
        self.width = width
        self.height = height
        self.categories = categories
        self.series = series
        self.layout = layout
        self.orientation = orientation
        self.valueAxis = valueAxis
        self.valueLabels = valueLabels
        self.tooltips = tooltips
        self.legend = legend
    }

    /// The chart as a standalone `<svg>` element; with no bar to draw, the plot area says "no data".
    public func svg() -> String {
        var axis = valueAxis
        if layout == .stacked { axis.scale = .linear }
        let bars = resolvedBars(axis.scale)
        let scale = ValueScale(axis, values: bars.flatMap { [$0.start ?? $0.end, $0.end] }, includeZero: true)
        let notes = valueNotes(bars)
        let items = legend && series.count > 1
            ? series.map { LegendItem(name: $0.name, color: Palette.color(for: $0.colorIndex), symbol: .swatch) } : []
        let g = orientation == .horizontal ? horizontal(scale, notes, items) : vertical(scale, items)
        var w = Document.begin(id: Document.cleanID(id), title: title, width: g.chartWidth, height: g.chartHeight)
        AxisDrawing.grid(x: g.horizontal ? scale : nil, y: g.horizontal ? nil : scale, plot: g.plot, into: &w)
        if g.horizontal {
            AxisDrawing.bottom(scale, plot: g.plot, title: valueAxis.title, chartWidth: g.chartWidth, into: &w)
        } else {
            AxisDrawing.left(scale, plot: g.plot, title: valueAxis.title, chartWidth: g.chartWidth, into: &w)
        }
        drawCategories(g, into: &w)
        w.open("g", [("class", "plot-area")])
        let base = scale.scale == .log ? 0 : scale.clampedFraction(0)
        for bar in bars {
            let slot = layout == .grouped ? bar.series : 0
            let r = g.bar(bar.category, slot: slot, from: bar.start.map(scale.clampedFraction) ?? base,
                          to: scale.clampedFraction(bar.end))
            w.element("rect", [("class", "mark"), ("x", SVGWriter.number(r.x)), ("y", SVGWriter.number(r.y)),
                               ("width", SVGWriter.number(r.width)), ("height", SVGWriter.number(r.height)),
                               ("fill", Palette.color(for: series[bar.series].colorIndex))], tooltip: tooltip(bar))
        }
        if bars.isEmpty { Document.noData(in: g.plot, into: &w) }
        w.close("g")
        drawNotes(notes, g, scale, into: &w)
        Legend.draw(items, x: 8, y: g.legendTop, width: g.chartWidth - 16, into: &w)
        return Document.end(&w)
    }

    private struct Bar {
        let category: Int
        let series: Int
        /// Where a stacked segment starts; nil for a grouped bar, which starts at the baseline.
        let start: Double?
        let end: Double
        let value: Double
    }

    private func resolvedBars(_ scale: AxisScale) -> [Bar] {
        var bars: [Bar] = []
        var up = Array(repeating: 0.0, count: categories.count), down = up
        for (s, item) in series.enumerated() {
            for (c, v) in item.values.prefix(categories.count).enumerated() where ValueScale.usable(v, scale) {
                guard layout == .stacked else {
                    bars.append(Bar(category: c, series: s, start: nil, end: v, value: v))
                    continue
                }
                let start = v >= 0 ? up[c] : down[c]
                guard (start + v).isFinite else { continue }
                if v >= 0 { up[c] = start + v } else { down[c] = start + v }
                bars.append(Bar(category: c, series: s, start: start, end: start + v, value: v))
            }
        }
        return bars
    }

    /// The bars whose `value` is written at their `end`: each grouped bar, or one per stack holding its total.
    private func valueNotes(_ bars: [Bar]) -> [Bar] {
        guard valueLabels else { return [] }
        if layout == .grouped { return bars }
        return categories.indices.compactMap { c in
            let values = bars.filter { $0.category == c }.map(\.value)
            guard !values.isEmpty else { return nil }
            let up = values.filter { $0 >= 0 }.reduce(0, +), down = values.filter { $0 < 0 }.reduce(0, +)
            return Bar(category: c, series: 0, start: nil, end: up > 0 ? up : down, value: up + down)
        }
    }

    private func tooltip(_ bar: Bar) -> String {
        if let given = tooltips, bar.series < given.count, bar.category < given[bar.series].count,
           !given[bar.series][bar.category].isEmpty {
            return given[bar.series][bar.category]
        }
        let name = series[bar.series].name
        return categories[bar.category] + (name.isEmpty ? "" : " — " + name) + ": " + NumberText.short(bar.value)
    }

    private var slots: Int { layout == .grouped ? max(series.count, 1) : 1 }

    /// Rows of 14 px (grouped: enough for every series), labels given up to 40% of the width, value axis below.
    private func horizontal(_ scale: ValueScale, _ notes: [Bar], _ items: [LegendItem]) -> BarGeometry {
        let n = Double(categories.count)
        let band = layout == .grouped ? max(14, Double(slots) * (valueLabels ? 12 : 8) + 6) : 14
        let width = self.width.finite(or: 560), labelRoom = max(width * 0.4, 60)
        let labelWidth = categories.map { CategoryLabel($0, width: labelRoom).width }.max() ?? 0
        let noteWidth = notes.map { TextMetrics.width(NumberText.short($0.value), size: FontSize.label) }.max() ?? 0
        let overhang = AxisDrawing.bottomOverhang(scale)
        let left = max(labelWidth + 12, overhang.left, 24)
        let right = max(16, overhang.right, valueLabels ? noteWidth + 8 : 0)
        let chartWidth = max(width, left + right + 80)
        let legendHeight = Legend.height(items, width: chartWidth - 16)
        // A given height keeps 30 px above the plot (title) and 42 below (value axis), plus the legend.
        let given = height.flatMap { $0.isFinite ? $0 - 72 - legendHeight : nil }
        let plotHeight = max(given ?? n * band, n * 13, 60)
        let plot = Rect(x: left, y: 30, width: chartWidth - left - right, height: plotHeight)
        return BarGeometry(horizontal: true, plot: plot, count: categories.count, slots: slots,
                           chartWidth: chartWidth, chartHeight: plot.maxY + 42 + legendHeight,
                           legendTop: plot.maxY + 42, labelRoom: labelRoom)
    }

    /// Value axis on the left (title above the plot), at least 6 px per category across.
    private func vertical(_ scale: ValueScale, _ items: [LegendItem]) -> BarGeometry {
        let left = max(AxisDrawing.leftLabelWidth(scale), 24)
        let plotWidth = max(width.finite(or: 560) - left - 16, Double(categories.count) * 6, 80)
        let chartWidth = left + plotWidth + 16
        let legendHeight = Legend.height(items, width: chartWidth - 16)
        // 52 px above the plot (title, axis title), 24 below (category labels), plus the legend.
        let plotHeight = max((height ?? 320).finite(or: 320) - 76 - legendHeight, 80)
        let plot = Rect(x: left, y: 52, width: plotWidth, height: plotHeight)
        return BarGeometry(horizontal: false, plot: plot, count: categories.count, slots: slots,
                           chartWidth: chartWidth, chartHeight: plot.maxY + 24 + legendHeight,
                           legendTop: plot.maxY + 24, labelRoom: 0)
    }

    /// Category labels: one per row when horizontal; when vertical, every k-th so each has about three characters'
    /// room, cut to that room.
    private func drawCategories(_ g: BarGeometry, into w: inout SVGWriter) {
        guard !g.horizontal else {
            AxisDrawing.rows(categories.map { CategoryLabel($0, width: g.labelRoom) }, plot: g.plot, into: &w)
            return
        }
        w.open("g", [("class", "axis x")])
        w.line(g.plot.x, g.plot.maxY, g.plot.maxX, g.plot.maxY, stroke: AxisDrawing.axisColor)
        let every = max(1, Int((3 * TextMetrics.emPerCharacter * FontSize.label + 4) / g.band) + 1)
        for c in stride(from: 0, to: categories.count, by: every) {
            let x = g.centre(c)
            let room = min(Double(every) * g.band - 4, 2 * min(x, g.chartWidth - x) - 4)
            CategoryLabel(categories[c], width: room).draw(x: x, y: g.plot.maxY + 15, anchor: .middle, into: &w)
        }
        w.close("g")
    }

    /// Value labels just past each bar's end, pulled back inside the chart where they would leave it. Vertical bars
    /// narrower than their label get none, since neighbouring labels would overprint each other.
    private func drawNotes(_ notes: [Bar], _ g: BarGeometry, _ scale: ValueScale, into w: inout SVGWriter) {
        guard !notes.isEmpty else { return }
        w.open("g", [("class", "value-labels")])
        for note in notes {
            let text = NumberText.short(note.value)
            let textWidth = TextMetrics.width(text, size: FontSize.label)
            let along = g.along(scale.clampedFraction(note.end))
            let across = g.slotCentre(note.category, slot: note.series)
            let outward = scale.scale == .log || note.end >= 0
            if g.horizontal {
                let x = outward ? along + 3 : along - 3 - textWidth
                w.text(text, x: min(max(x, g.plot.x + 1), g.chartWidth - textWidth - 2), y: across + 4,
                       size: FontSize.label)
            } else if textWidth <= g.band / Double(g.slots) {
                let y = outward ? along - 4 : along + 12
                w.text(text, x: min(max(across, textWidth / 2 + 2), g.chartWidth - textWidth / 2 - 2),
                       y: min(max(y, FontSize.label + 2), g.chartHeight - 4), size: FontSize.label, anchor: .middle)
            }
        }
        w.close("g")
    }
}

/// Where bars go: categories in equal bands across, each band holding `slots` bars side by side in its middle 80%.
private struct BarGeometry {
    let horizontal: Bool
    let plot: Rect
    let count: Int
    let slots: Int
    let chartWidth: Double
    let chartHeight: Double
    let legendTop: Double
    let labelRoom: Double

    var band: Double { (horizontal ? plot.height : plot.width) / Double(max(count, 1)) }

    private var thickness: Double { band * 0.8 / Double(slots) }

    func centre(_ c: Int) -> Double {
        (horizontal ? plot.y : plot.x) + (Double(c) + 0.5) * band
    }

    func slotCentre(_ c: Int, slot: Int) -> Double {
        (horizontal ? plot.y : plot.x) + Double(c) * band + band * 0.1 + (Double(slot) + 0.5) * thickness
    }

    /// Pixel for a position along the value axis, given as a fraction of the domain.
    func along(_ f: Double) -> Double {
        horizontal ? plot.x + f * plot.width : plot.maxY - f * plot.height
    }

    func bar(_ c: Int, slot: Int, from a: Double, to b: Double) -> Rect {
        let across = slotCentre(c, slot: slot) - thickness / 2
        let (p, q) = (along(a), along(b))
        return horizontal
            ? Rect(x: min(p, q), y: across, width: abs(q - p), height: thickness)
            : Rect(x: across, y: min(p, q), width: thickness, height: abs(q - p))
    }
}
