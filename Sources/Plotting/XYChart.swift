/// One point of a scatter series.
public struct ScatterPoint: Sendable {
    public var x: Double
    public var y: Double
    /// Hover text; empty gives "series: x, y".
    public var tooltip: String
    /// Drawn beside the mark (e.g. "balanced"), on its left near the plot's right edge, so it stays inside the plot.
    public var label: String?
    /// Larger, outlined and drawn above the rest: for the few points a report discusses.
    public var emphasised: Bool

    public init(x: Double, y: Double, tooltip: String = "", label: String? = nil, emphasised: Bool = false) {
        self.x = x
        self.y = y
        self.tooltip = tooltip
        self.label = label
        self.emphasised = emphasised
    }
}

public struct ScatterSeries: Sendable {
    public var name: String
    public var points: [ScatterPoint]
    public var marker: Marker
    /// Index into `Palette.colors`; `nil` draws the series in `Palette.neutral`, for context such as dominated points.
    public var colorIndex: Int?
    public var filled: Bool
    /// 0...1; below 1 lets overlapping points in a dense cloud show its density.
    public var opacity: Double

    public init(name: String, points: [ScatterPoint], marker: Marker = .circle, colorIndex: Int? = nil,
                filled: Bool = true, opacity: Double = 0.85) {
        self.name = name
        self.points = points
        self.marker = marker
        self.colorIndex = colorIndex
        self.filled = filled
        self.opacity = opacity
    }
}

public struct LineSeries: Sendable {
    public var name: String
    /// In drawing order. A point that cannot be placed (non-finite, or not positive on a log axis) breaks the line
    /// instead of being bridged.
    public var points: [(x: Double, y: Double)]
    public var colorIndex: Int?
    public var dashed: Bool
    /// Drawn just above the line's last visible point, e.g. "DRAM 25.6 GB/s"; also the line's tooltip.
    public var label: String?

    public init(name: String, points: [(x: Double, y: Double)], colorIndex: Int? = nil, dashed: Bool = false,
                label: String? = nil) {
        self.name = name
        self.points = points
        self.colorIndex = colorIndex
        self.dashed = dashed
        self.label = label
    }
}

/// Scatter and line series on two numeric axes, each linear or log: Pareto-front projections, per-knob effects,
/// rooflines (log-log, roofs as lines, layers as points).
public struct XYChart: Sendable {
    /// Prefix of every element id, so that several charts can share one HTML page.
    public var id: String
    public var title: String
    /// Minimum size in px: the chart grows when labels or a wrapped legend need more room.
    public var width: Double = 560
    public var height: Double = 380
    public var x: Axis
    public var y: Axis
    public var scatter: [ScatterSeries]
    /// Drawn below the scatter marks, so roofs never hide points.
    public var lines: [LineSeries]
    /// Lists the named series (unnamed ones are left out).
    public var legend: Bool = true

    public init(id: String, title: String, width: Double = 560, height: Double = 380, x: Axis, y: Axis,
                scatter: [ScatterSeries] = [], lines: [LineSeries] = [], legend: Bool = true) {
        self.id = id
        self.title = title
        self.width = width
        self.height = height
        self.x = x
        self.y = y
        self.scatter = scatter
        self.lines = lines
        self.legend = legend
    }

    /// The chart as a standalone `<svg>` element. Scatter points that are non-finite, not positive on a log axis,
    /// or outside a fixed domain are skipped; with nothing to draw, the plot area says "no data".
    public func svg() -> String {
        let id = Document.cleanID(self.id)
        let points = scatter.flatMap { $0.points.map { ($0.x, $0.y) } } + lines.flatMap { $0.points.map { ($0.x, $0.y) } }
        let xs = ValueScale(x, values: points.map { $0.0 }), ys = ValueScale(y, values: points.map { $0.1 })
        let items = legend ? legendItems : []
        let overhang = AxisDrawing.bottomOverhang(xs)
        let left = max(AxisDrawing.leftLabelWidth(ys), overhang.left, 24), right = max(16, overhang.right)
        let chartWidth = max(width.finite(or: 560), left + right + 80)
        let legendHeight = Legend.height(items, width: chartWidth - 16)
        let plot = Rect(x: left, y: 52, width: chartWidth - left - right,
                        height: max(height.finite(or: 380) - 52 - 42 - legendHeight, 80))
        var w = Document.begin(id: id, title: title, width: chartWidth, height: plot.maxY + 42 + legendHeight)
        AxisDrawing.grid(x: xs, y: ys, plot: plot, into: &w)
        AxisDrawing.bottom(xs, plot: plot, title: x.title, chartWidth: chartWidth, into: &w)
        AxisDrawing.left(ys, plot: plot, title: y.title, chartWidth: chartWidth, into: &w)
        w.open("g", [("class", "plot-area")])
        let frame = PlotFrame(xs: xs, ys: ys, plot: plot)
        let drawn = drawLines(frame, into: &w) + drawScatter(frame, into: &w)
        if drawn == 0 { Document.noData(in: plot, into: &w) }
        w.close("g")
        Legend.draw(items, x: 8, y: plot.maxY + 42, width: chartWidth - 16, into: &w)
        return Document.end(&w)
    }

    private var legendItems: [LegendItem] {
        scatter.filter { !$0.name.isEmpty }.map {
            LegendItem(name: $0.name, color: Palette.color(for: $0.colorIndex),
                       symbol: .marker($0.marker, filled: $0.filled))
        } + lines.filter { !$0.name.isEmpty }.map {
            LegendItem(name: $0.name, color: Palette.color(for: $0.colorIndex), symbol: .line(dashed: $0.dashed))
        }
    }

    /// Polylines cut at unplaceable points and at the plot's edge; returns the number drawn.
    private func drawLines(_ frame: PlotFrame, into w: inout SVGWriter) -> Int {
        var drawn = 0
        for line in lines {
            var pieces: [[Point]] = []
            var previous: Point?
            for p in line.points {
                let current = frame.position(p.x, p.y)
                if let a = previous, let b = current, let segment = frame.plot.clip(a, b) {
                    if pieces.last?.last == segment.0 {
                        pieces[pieces.count - 1].append(segment.1)
                    } else {
                        pieces.append([segment.0, segment.1])
                    }
                }
                previous = current
            }
            let color = Palette.color(for: line.colorIndex)
            let tooltip = [line.label ?? "", line.name].first { !$0.isEmpty }
            let dash: SVGWriter.Attributes = line.dashed ? [("stroke-dasharray", "6 4")] : []
            let style = [("class", "line"), ("fill", "none"), ("stroke", color), ("stroke-width", "2")] + dash
            for piece in pieces {
                w.element("polyline", style + [("points", SVGWriter.points(piece))], tooltip: tooltip)
            }
            drawn += pieces.count
            if let label = line.label, !label.isEmpty, let end = pieces.last?.last {
                let plot = frame.plot
                let text = TextMetrics.fit(label, width: plot.width - 4, size: FontSize.label)
                let textWidth = TextMetrics.width(text, size: FontSize.label)
                w.text(text, x: min(max(end.x, plot.x + textWidth + 2), plot.maxX - 2),
                       y: min(max(end.y - 5, plot.y + FontSize.label + 1), plot.maxY - 4),
                       size: FontSize.label, anchor: .end, [("fill", color)])
            }
        }
        return drawn
    }

    /// Scatter marks, emphasised ones last so they sit on top, then their labels; returns the number of marks.
    private func drawScatter(_ frame: PlotFrame, into w: inout SVGWriter) -> Int {
        var drawn = 0
        var labels: [(text: String, at: Point, r: Double)] = []
        for emphasised in [false, true] {
            for series in scatter {
                let color = Palette.color(for: series.colorIndex)
                for p in series.points where p.emphasised == emphasised {
                    guard let c = frame.inside(p.x, p.y) else { continue }
                    let r = emphasised ? 5.5 : 3.5
                    let fallback = (series.name.isEmpty ? "" : series.name + ": ")
                        + NumberText.short(p.x) + ", " + NumberText.short(p.y)
                    let paint = series.marker.paint(color: color, filled: series.filled, opacity: series.opacity,
                                                    emphasised: emphasised)
                    series.marker.write(at: c, r: r, [("class", "mark")] + paint,
                                        tooltip: p.tooltip.isEmpty ? fallback : p.tooltip, into: &w)
                    if let label = p.label, !label.isEmpty { labels.append((label, c, r)) }
                    drawn += 1
                }
            }
        }
        guard !labels.isEmpty else { return drawn }
        let plot = frame.plot
        w.open("g", [("class", "point-labels")])
        for label in labels {
            let text = TextMetrics.fit(label.text, width: plot.width - 2, size: FontSize.label)
            let textWidth = TextMetrics.width(text, size: FontSize.label)
            var x = label.at.x + label.r + 3
            if x + textWidth > plot.maxX { x = label.at.x - label.r - 3 - textWidth }
            w.text(text, x: min(max(x, plot.x + 1), plot.maxX - textWidth - 1),
                   y: min(max(label.at.y + 4, plot.y + FontSize.label + 1), plot.maxY - 4), size: FontSize.label)
        }
        w.close("g")
        return drawn
    }
}

/// Maps data onto pixels of the plot rectangle.
struct PlotFrame {
    let xs: ValueScale
    let ys: ValueScale
    let plot: Rect

    /// Pixel position, possibly outside the plot; nil if either coordinate cannot be placed on its axis.
    func position(_ x: Double, _ y: Double) -> Point? {
        guard xs.usable(x), ys.usable(y) else { return nil }
        let p = Point(x: plot.x + xs.fraction(x) * plot.width, y: plot.maxY - ys.fraction(y) * plot.height)
        return p.x.isFinite && p.y.isFinite ? p : nil
    }

    /// Pixel position of a point inside both domains.
    func inside(_ x: Double, _ y: Double) -> Point? {
        xs.contains(x) && ys.contains(y) ? position(x, y) : nil
    }
}
