/// One legend entry: the series' mark in miniature and its name.
struct LegendItem {
    enum Symbol {
        case marker(Marker, filled: Bool)
        case line(dashed: Bool)
        case swatch
    }

    var name: String
    var color: String
    var symbol: Symbol
}

/// A legend below the axes, wrapped onto as many rows as its width needs; charts grow taller rather than let it spill.
enum Legend {
    static let rowHeight = 16.0

    /// Height to reserve for `items` laid out in `width`; 0 when there are none.
    static func height(_ items: [LegendItem], width: Double) -> Double {
        guard let last = placed(items, width: width).last else { return 0 }
        return Double(last.row + 1) * rowHeight + 4
    }

    /// Draws the legend with its first row's top at `y`.
    static func draw(_ items: [LegendItem], x: Double, y: Double, width: Double, into w: inout SVGWriter) {
        let entries = placed(items, width: width)
        guard !entries.isEmpty else { return }
        w.open("g", [("class", "legend")])
        for entry in entries {
            let left = x + entry.x, baseline = y + 12 + Double(entry.row) * rowHeight
            let colour = entry.item.color
            switch entry.item.symbol {
            case let .marker(marker, filled):
                let paint = marker.paint(color: colour, filled: filled, opacity: 1, emphasised: false)
                marker.write(at: Point(x: left + 7, y: baseline - 4), r: 4, paint, tooltip: nil, into: &w)
            case let .line(dashed):
                w.element("line", [("x1", SVGWriter.number(left)), ("y1", SVGWriter.number(baseline - 4)),
                                   ("x2", SVGWriter.number(left + 14)), ("y2", SVGWriter.number(baseline - 4)),
                                   ("stroke", colour), ("stroke-width", "2")]
                          + (dashed ? [("stroke-dasharray", "4 3")] : []))
            case .swatch:
                w.element("rect", [("x", SVGWriter.number(left + 2)), ("y", SVGWriter.number(baseline - 9)),
                                   ("width", "10"), ("height", "10"), ("fill", colour)])
            }
            w.text(entry.text, x: left + 18, y: baseline, size: FontSize.label)
        }
        w.close("g")
    }

    /// Greedy row filling; names too long for a whole row are cut with "…".
    private static func placed(_ items: [LegendItem], width: Double)
        -> [(item: LegendItem, text: String, x: Double, row: Int)] {
        var result: [(item: LegendItem, text: String, x: Double, row: Int)] = []
        var x = 0.0, row = 0
        for item in items {
            let text = TextMetrics.fit(item.name, width: width - 30, size: FontSize.label)
            let itemWidth = 18 + TextMetrics.width(text, size: FontSize.label)
            if x > 0 && x + itemWidth > width {
                x = 0
                row += 1
            }
            result.append((item, text, x, row))
            x += itemWidth + 12
        }
        return result
    }
}
