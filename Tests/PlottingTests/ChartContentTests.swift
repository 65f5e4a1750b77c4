import Testing
import Plotting

/// What particular charts must draw: marks for exactly the drawable values, escaped tooltips, readable long lists.
struct ChartContentTests {
    static let xs: [Double] = [1, 2, .nan, 3, .infinity, -2, 0, 10, -.infinity, 5]

    /// Of `xs`, 7 are finite; 5 are also positive.
    @Test(arguments: [(AxisScale.linear, 7), (AxisScale.log, 5)])
    func scatterMarksMatchDrawablePoints(scale: AxisScale, expected: Int) throws {
        let chart = XYChart(id: "c", title: "t", x: Axis(title: "x", scale: scale), y: Axis(title: "y"),
                            scatter: [ScatterSeries(name: "s", points: Self.xs.map { ScatterPoint(x: $0, y: 1) },
                                                    colorIndex: 0)])
        let doc = try #require(SVGInspector.parse(chart.svg()))
        #expect(doc.marks.count == expected)
    }

    /// Values 3, 0, -1, NaN, 5 and a missing sixth: 4 drawable on a linear axis, 2 (3 and 5) on a log one;
    /// stacked bars ignore the log request.
    @Test(arguments: [(BarChart.Layout.grouped, AxisScale.linear, 4), (.grouped, .log, 2), (.stacked, .log, 4)])
    func barMarksMatchDrawableValues(layout: BarChart.Layout, scale: AxisScale, expected: Int) throws {
        for orientation in [BarChart.Orientation.horizontal, .vertical] {
            let chart = BarChart(id: "b", title: "t", categories: ["a", "b", "c", "d", "e", "f"],
                                 series: [BarSeries(name: "s", values: [3, 0, -1, .nan, 5], colorIndex: 0)],
                                 layout: layout, orientation: orientation, valueAxis: Axis(title: "v", scale: scale))
            let doc = try #require(SVGInspector.parse(chart.svg()))
            #expect(doc.marks.count == expected)
        }
    }

    @Test func rangeRowsWithoutDrawablePartsAreSkipped() throws {
        let chart = RangeChart(id: "r", title: "t", categories: ["a", "b", "c", "d"],
                               rows: [RangeRow(low: 1, median: 2, high: 3), RangeRow(low: .nan, median: 2, high: 3),
                                      RangeRow(low: .nan, median: .infinity, high: 3),
                                      RangeRow(low: 0, median: -1, high: 2)],
                               valueAxis: Axis(title: "v", scale: .log))
        let doc = try #require(SVGInspector.parse(chart.svg()))
        #expect(doc.marks.count == 2)
    }

    @Test func tooltipsAndTitlesAreEscaped() throws {
        let tip = "p<q & \"r\" 's'"
        let chart = XYChart(id: "e", title: "a <b> & c", x: Axis(title: "x<y"), y: Axis(title: "y"),
                            scatter: [ScatterSeries(name: "s&t", points: [ScatterPoint(x: 1, y: 2, tooltip: tip)])])
        let svg = chart.svg()
        #expect(svg.contains("p&lt;q &amp; &quot;r&quot; &apos;s&apos;"))
        #expect(!svg.contains("<b>"))
        let doc = try #require(SVGInspector.parse(svg))
        let mark = try #require(doc.marks.first)
        #expect(doc.children(of: mark).first { $0.name == "title" }?.text == tip)
        #expect(doc.named("text").contains { $0.text == "x<y" })
    }

    @Test func barTooltipsUseGivenTextOrDefault() throws {
        let chart = BarChart(id: "b", title: "t", categories: ["conv1", "fc"],
                             series: [BarSeries(name: "energy", values: [1250, 2], colorIndex: 0)],
                             valueAxis: Axis(title: "nJ"), tooltips: [["conv1 costs most"]])
        let doc = try #require(SVGInspector.parse(chart.svg()))
        let tips = doc.marks.map { mark in doc.children(of: mark).first { $0.name == "title" }?.text }
        #expect(tips == ["conv1 costs most", "fc — energy: 2"])
    }

    @Test(arguments: [
        SampleChart(name: "empty xy") { Samples.emptyXY.svg() },
        SampleChart(name: "empty bars") { Samples.emptyBars.svg() },
        SampleChart(name: "empty ranges") { Samples.emptyRanges.svg() },
        SampleChart(name: "only a negative x on a log axis") {
            XYChart(id: "n", title: "t", x: Axis(title: "x", scale: .log), y: Axis(title: "y"),
                    scatter: [ScatterSeries(name: "s", points: [ScatterPoint(x: -1, y: 1)])]).svg()
        },
    ])
    func emptyChartsSayNoData(sample: SampleChart) throws {
        let doc = try #require(SVGInspector.parse(sample.render()))
        #expect(doc.marks.isEmpty)
        #expect(doc.named("text").filter { $0.isInside("g.plot-area") }.map(\.text) == ["no data"])
        #expect(doc.elements.contains { $0.cls == "axis x" } && doc.elements.contains { $0.cls == "axis y" })
    }

    @Test func sixtyLayerStackStaysReadable() throws {
        let names = (0..<60).map { "block\($0).\(Samples.longLayer)" }
        let chart = BarChart(id: "l", title: "per layer", categories: names,
                             series: [BarSeries(name: "a", values: names.map { _ in 1 }, colorIndex: 0),
                                      BarSeries(name: "b", values: names.map { _ in 2 }, colorIndex: 1)],
                             layout: .stacked, valueAxis: Axis(title: "cycles"))
        let doc = try #require(SVGInspector.parse(chart.svg()))
        #expect(try #require(doc.viewBox).height >= 60 * 14)
        let labels = doc.named("text").filter { $0.isInside("g.axis y") }
        #expect(labels.count == 60)
        #expect(labels.allSatisfy { $0.text.hasSuffix("…") })
        let fullNames = doc.named("title").filter { $0.isInside("g.axis y") }.map(\.text)
        #expect(fullNames == names)
        #expect(doc.marks.count == 120)
        let rows = labels.compactMap { $0.number("y") }
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $1 - $0 >= 13 })
    }

    @Test func lineClippedToFixedDomainAndLabelled() throws {
        let doc = try #require(SVGInspector.parse(Samples.roofline.svg()))
        #expect(doc.marks.count == 2)
        let lines = doc.elements.filter { $0.cls == "line" && $0.isInside("g.plot-area") }
        #expect(lines.count == 2)
        let xs = lines.flatMap { ($0.attributes["points"] ?? "").split(separator: " ") }
            .compactMap { $0.split(separator: ",").first.flatMap { Double($0) } }
        let axisLine = try #require(doc.elements.first { $0.name == "line" && $0.isInside("g.axis x") })
        let (left, right) = (try #require(axisLine.number("x1")), try #require(axisLine.number("x2")))
        #expect(xs.allSatisfy { $0 >= left - 0.01 && $0 <= right + 0.01 })
        #expect(doc.named("text").contains { $0.text == "512 MACs/cycle" && $0.isInside("g.plot-area") })
    }

    @Test func logAxisLabelsPowersOfTen() throws {
        let doc = try #require(SVGInspector.parse(Samples.roofline.svg()))
        let labels = doc.named("text").filter { $0.isInside("g.axis x") && $0.number("font-size") == 11 }.map(\.text)
        #expect(labels == ["0.01", "0.1", "1", "10", "100", "1k"])
    }

    @Test func pointLabelsStayInsidePlot() throws {
        let doc = try #require(SVGInspector.parse(Samples.pareto.svg()))
        let xAxis = try #require(doc.elements.first { $0.name == "line" && $0.isInside("g.axis x") })
        let yAxis = try #require(doc.elements.first { $0.name == "line" && $0.isInside("g.axis y") })
        let (left, right) = (try #require(xAxis.number("x1")), try #require(xAxis.number("x2")))
        let (top, bottom) = (try #require(yAxis.number("y1")), try #require(yAxis.number("y2")))
        let labels = doc.named("text").filter { $0.isInside("g.point-labels") }
        #expect(labels.map(\.text).sorted() == ["balanced", "lowest energy design at the corner",
                                                "smallest latency design of all"])
        for label in labels {
            let e = try #require(SVGInspector.extent(of: label, ascent: 0.8, descent: 0.2))
            #expect(e.left >= left && e.right <= right && e.top >= top && e.bottom <= bottom, "\(label.text)")
        }
    }

    @Test func legendWrapsAndGrowsChart() throws {
        let doc = try #require(SVGInspector.parse(Samples.crowdedLegend.svg()))
        let entries = doc.named("text").filter { $0.isInside("g.legend") }
        #expect(entries.count == 12)
        #expect(Set(entries.compactMap { $0.number("y") }).count > 1)
        #expect(try #require(doc.viewBox).height > 260)
    }

    @Test func nonFiniteSizesFallBackToDefaults() throws {
        let chart = XYChart(id: "s", title: "t", width: .nan, height: .infinity,
                            x: Axis(title: "x"), y: Axis(title: "y"))
        let box = try #require(SVGInspector.parse(chart.svg())?.viewBox)
        #expect(box.width == 560 && box.height == 380)
    }

    @Test func narrowVerticalBarsDropValueLabels() throws {
        let doc = try #require(SVGInspector.parse(Samples.manyVertical.svg()))
        #expect(doc.named("text").filter { $0.isInside("g.value-labels") }.isEmpty)
        let wide = try #require(SVGInspector.parse(Samples.vendors.svg()))
        #expect(wide.named("text").filter { $0.isInside("g.value-labels") }.map(\.text)
                    == ["3.2", "-1.5", "2.1", "12k", "800", "950"])
    }
}
