import Testing
@testable import Plotting

/// Properties every chart must have, checked over a table of charts that includes long labels, 80 categories,
/// crowded legends, log axes, bad values and empty data.
struct ChartInvariantTests {
    @Test(arguments: Samples.all)
    func deterministic(sample: SampleChart) {
        #expect(sample.render() == sample.render())
    }

    @Test(arguments: Samples.all)
    func wellFormedWithAccessibleTitle(sample: SampleChart) throws {
        let svg = sample.render()
        let doc = try #require(SVGInspector.parse(svg))
        let root = try #require(doc.elements.first)
        #expect(root.name == "svg" && root.attributes["role"] == "img" && root.cls == "chart")
        #expect(root.attributes["xmlns"] == "http://www.w3.org/2000/svg")
        let labelledBy = try #require(root.attributes["aria-labelledby"])
        #expect(doc.named("title").contains { $0.attributes["id"] == labelledBy && $0.parent == 0 })
        let box = try #require(doc.viewBox)
        #expect(root.number("width") == box.width && root.number("height") == box.height)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "))
    }

    @Test(arguments: Samples.all)
    func oneNonEmptyPlotArea(sample: SampleChart) throws {
        let doc = try #require(SVGInspector.parse(sample.render()))
        let areas = doc.elements.filter { $0.name == "g" && $0.cls == "plot-area" }
        #expect(areas.count == 1)
        #expect(!doc.marks.isEmpty || doc.named("text").contains { $0.isInside("g.plot-area") && $0.text == "no data" })
        for name in ["axis x", "axis y"] {
            #expect(doc.elements.filter { $0.cls == name && !$0.isInside("g.plot-area") }.count == 1)
        }
    }

    @Test(arguments: Samples.all)
    func everyMarkHasTooltip(sample: SampleChart) throws {
        let doc = try #require(SVGInspector.parse(sample.render()))
        for mark in doc.marks {
            #expect(doc.children(of: mark).contains { $0.name == "title" && !$0.text.isEmpty })
        }
    }

    @Test(arguments: Samples.all)
    func noNonFiniteText(sample: SampleChart) {
        let svg = sample.render().lowercased()
        #expect(!svg.contains("nan") && !svg.contains("inf"))
    }

    @Test(arguments: Samples.all)
    func textsStayInsideViewBox(sample: SampleChart) throws {
        let doc = try #require(SVGInspector.parse(sample.render()))
        #expect(doc.textsOutsideViewBox == [])
        for text in doc.named("text") {
            let size = try #require(text.number("font-size"))
            #expect((11...13).contains(size))
        }
    }

    /// Tick and category labels keep clear of each other (glyph boxes), even where ticks are dense.
    @Test(arguments: Samples.all)
    func tickLabelsDoNotCollide(sample: SampleChart) throws {
        let doc = try #require(SVGInspector.parse(sample.render()))
        let ticks = doc.named("text").filter { $0.number("font-size") == 11 && $0.attributes["text-anchor"] != nil }
        for axis in ["g.axis x", "g.axis y"] {
            let boxes = ticks.filter { $0.isInside(axis) }.compactMap {
                SVGInspector.extent(of: $0, ascent: 0.8, descent: 0.2)
            }
            for (a, b) in zip(boxes, boxes.dropFirst()) {
                let apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top
                #expect(apart, "\(axis) labels overlap: \(a) and \(b)")
            }
        }
    }
}
