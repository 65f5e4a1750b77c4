import Testing
import Plotting

/// A named chart for table-driven tests; `render` builds the chart afresh on each call.
struct SampleChart: Sendable, CustomTestStringConvertible {
    let name: String
    let render: @Sendable () -> String
    var testDescription: String { name }
}

enum Samples {
    static let longLayer = "features.12.depthwise_separable_conv2d_3x3_stride2_expand6_project_bn"

    static let pareto = XYChart(
        id: "pareto", title: "Pareto front of energy against latency for every evaluated accelerator configuration",
        x: Axis(title: "latency per image (ms)"), y: Axis(title: "energy per image (mJ)"),
        scatter: [
            ScatterSeries(name: "dominated", points: (0..<40).map {
                ScatterPoint(x: Double($0 % 7) + 0.5 * Double($0), y: 100 - Double($0), tooltip: "point \($0)")
            }, colorIndex: nil, opacity: 0.5),
            ScatterSeries(name: "front", points: [
                ScatterPoint(x: 0, y: 140, label: "smallest latency design of all"),
                ScatterPoint(x: 45, y: 0, label: "lowest energy design at the corner", emphasised: true),
                ScatterPoint(x: 20, y: 30, label: "balanced", emphasised: true),
            ], marker: .diamond, colorIndex: 0),
        ])

    static let crowdedLegend = XYChart(
        id: "knobs", title: "Effect of twelve knobs", width: 320, height: 260,
        x: Axis(title: "knob value"), y: Axis(title: "throughput (images/s)"),
        scatter: (0..<12).map { s in
            ScatterSeries(name: "knob number \(s) with a rather long descriptive name",
                          points: (0..<5).map { ScatterPoint(x: Double($0), y: Double(s * $0)) },
                          marker: [Marker.circle, .square, .triangle, .diamond, .cross][s % 5], colorIndex: s,
                          filled: s % 2 == 0)
        })

    static let roofline = XYChart(
        id: "roof", title: "Roofline",
        x: Axis(title: "arithmetic intensity (MACs/byte)", scale: .log, domain: 0.01...1000),
        y: Axis(title: "throughput (MACs/cycle)", scale: .log, domain: 0.1...1000),
        scatter: [ScatterSeries(name: "layers", points: [
            ScatterPoint(x: 0.5, y: 3, tooltip: "conv1"), ScatterPoint(x: 40, y: 300, tooltip: "conv2"),
            ScatterPoint(x: 0, y: 10, tooltip: "zero intensity"), ScatterPoint(x: 5, y: -1, tooltip: "negative"),
            ScatterPoint(x: .nan, y: 10), ScatterPoint(x: 5000, y: 10, tooltip: "outside the domain"),
        ], colorIndex: 1)],
        lines: [
            LineSeries(name: "memory roof", points: [(0.001, 0.0256), (20, 512)], colorIndex: 0,
                       label: "DRAM 25.6 B/cycle roof line"),
            LineSeries(name: "compute roof", points: [(20, 512), (1e5, 512)], colorIndex: 0, dashed: true,
                       label: "512 MACs/cycle"),
        ])

    static let denseLogAxis = XYChart(
        id: "dense", title: "Dense log axis", width: 300, height: 200,
        x: Axis(title: "x", scale: .log), y: Axis(title: "y", scale: .log),
        scatter: [ScatterSeries(name: "", points: [ScatterPoint(x: 1e-3, y: 1), ScatterPoint(x: 1e12, y: 7e11)],
                                colorIndex: 2)])

    static let narrow = XYChart(
        id: "narrow", title: "A very long title that cannot possibly fit into a narrow chart", width: 150,
        height: 120, x: Axis(title: "a long x axis title that is wider than the chart"),
        y: Axis(title: "a long y axis title that is wider than the chart"),
        scatter: [ScatterSeries(name: "s", points: [ScatterPoint(x: -1234567, y: 0.000123, label: "far label")],
                                colorIndex: 0)])

    static let layers = (0..<80).map { $0 % 3 == 0 ? "\($0).\(longLayer)" : "layer \($0)" }

    static let perLayer = BarChart(
        id: "per-layer", title: "Latency per layer", categories: layers,
        series: [BarSeries(name: "compute", values: layers.indices.map { Double($0 % 9) + 0.25 }, colorIndex: 0),
                 BarSeries(name: "memory stall", values: layers.indices.map { Double($0 % 4) * 1250 }, colorIndex: 1)],
        layout: .stacked, valueAxis: Axis(title: "cycles"), valueLabels: true)

    static let excluded = BarChart(
        id: "excluded", title: "Points excluded per constraint",
        categories: ["area ≤ 4 mm²", "power ≤ 2 W", "latency <= 5 ms & accuracy > 70%", "none"],
        series: [BarSeries(name: "excluded", values: [1200, 30, 4, 0], colorIndex: 3)],
        valueAxis: Axis(title: "points (log)", scale: .log), valueLabels: true)

    static let vendors = BarChart(
        id: "vendors", title: "Vendor devices", width: 420,
        categories: ["Vendor A edge accelerator", "Vendor B", "Our design point with a long name"],
        series: [BarSeries(name: "latency", values: [3.2, -1.5, 2.1], colorIndex: 0),
                 BarSeries(name: "energy", values: [12_000, 800, 950], colorIndex: 5)],
        orientation: .vertical, valueAxis: Axis(title: "relative to baseline"), valueLabels: true)

    static let manyVertical = BarChart(
        id: "many", title: "Forty vertical stacks", width: 360,
        categories: (0..<40).map { "block \($0)" },
        series: [BarSeries(name: "a", values: (0..<40).map { Double($0) }, colorIndex: 2),
                 BarSeries(name: "b", values: (0..<40).map { Double(40 - $0) }, colorIndex: 4)],
        layout: .stacked, orientation: .vertical, valueAxis: Axis(title: "MB"), valueLabels: true)

    static let knobRanges = RangeChart(
        id: "ranges", title: "Energy per knob value", categories: ["pe_array=8x8", "pe_array=16x16", longLayer, "x"],
        rows: [RangeRow(low: 1, median: 2, high: 4), RangeRow(low: 0.5, median: 0.7, high: 3, colorIndex: 1),
               RangeRow(low: 2, median: 9, high: 12, colorIndex: nil), RangeRow(low: .nan, median: .nan, high: 1)],
        valueAxis: Axis(title: "mJ"))

    static let extremes = XYChart(
        id: "extremes", title: "Extreme values", x: Axis(title: "x"), y: Axis(title: "y", scale: .log),
        scatter: [ScatterSeries(name: "s", points: [
            ScatterPoint(x: 1, y: 1), ScatterPoint(x: 2, y: 1e300), ScatterPoint(x: -1e308, y: 1e-300),
            ScatterPoint(x: 3, y: .leastNonzeroMagnitude),
        ], colorIndex: 0)],
        lines: [LineSeries(name: "l", points: [(1, 1), (.greatestFiniteMagnitude, 1e308), (2, 5)], colorIndex: 1)])

    static let emptyXY = XYChart(id: "empty", title: "Nothing yet", x: Axis(title: "x"), y: Axis(title: "y"))
    static let emptyBars = BarChart(id: "empty-bars", title: "No bars", categories: [], series: [])
    static let emptyRanges = RangeChart(id: "empty-ranges", title: "No ranges", categories: ["a"], rows: [],
                                        valueAxis: Axis(title: "v"))

    static let all: [SampleChart] = [
        SampleChart(name: "pareto") { pareto.svg() },
        SampleChart(name: "crowded legend") { crowdedLegend.svg() },
        SampleChart(name: "roofline") { roofline.svg() },
        SampleChart(name: "dense log axis") { denseLogAxis.svg() },
        SampleChart(name: "narrow") { narrow.svg() },
        SampleChart(name: "80 stacked layers") { perLayer.svg() },
        SampleChart(name: "excluded per constraint (log)") { excluded.svg() },
        SampleChart(name: "vendors vertical grouped") { vendors.svg() },
        SampleChart(name: "40 vertical stacks") { manyVertical.svg() },
        SampleChart(name: "knob ranges") { knobRanges.svg() },
        SampleChart(name: "extreme values") { extremes.svg() },
        SampleChart(name: "empty xy") { emptyXY.svg() },
        SampleChart(name: "empty bars") { emptyBars.svg() },
        SampleChart(name: "empty ranges") { emptyRanges.svg() },
    ]
}
