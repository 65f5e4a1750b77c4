import CodesignCore
import Exploration
import Foundation
import Plotting

/// `report.html` of an exploration: the pick and why, the front in 2-D projections of the
/// objectives, what each knob does to each objective, what each constraint excluded, where
/// accuracy comes from and how the figures were made. Deterministic: the same points give
/// the same bytes.
extension ExplorationReport {
    /// Points drawn per projection at most besides the front: a 10^5-point run would make
    /// a page no browser opens; the rest are thinned evenly by id, and the caption says so.
    static let drawnPointLimit = 3000

    /// The page on its own (what `files()` writes, computing what it shares with report.md).
    func html(_ front: [EvaluatedPoint]) -> String {
        html(front, effects: KnobEffects(study: study, points: bestFigures), exclusions: exclusions())
    }

    func html(_ front: [EvaluatedPoint], effects: KnobEffects, exclusions: [(String, Int)]) -> String {
        let figures = bestFigures
        let pick = balanced(front)
        let best = bestPerObjective()
        var page = HTMLPage(
            title: "Co-design exploration: \(study.workloadName) on \(study.spaceName)",
            lead: HTML.escape("\(points.count) points evaluated (\(study.strategy.rawValue), seed \(study.seed)); "
                              + "\(points.filter(\.feasible).count) meet every constraint; \(front.count) are on the Pareto front of "
                              + study.objectives.map { MetricDisplay($0).name }.joined(separator: ", ") + "."))
        page.section("Which design to build", id: "pick", pickSection(pick, best: best, front: front))
        page.section("The Pareto front", id: "front", frontSection(figures, front: front, pick: pick, best: best))
        if !effects.knobs.isEmpty {
            page.section("What each knob does", id: "knobs", knobSection(effects))
        }
        page.section("What the constraints excluded", id: "constraints", constraintSection(exclusions))
        page.section("Accuracy sources", id: "accuracy", [
            study.accuracySources.isEmpty ? HTML.paragraph("No accuracy table: top-1 is not reported.")
                : HTML.list(study.accuracySources),
            HTML.paragraph("Top-1 marked * is interpolated between published table points; † is an estimate from a cited study (quantization below 8 bits, pruning).", class: "note"),
        ])
        var method = [HTML.paragraph(code: methodText())]
        if refined.contains(where: { $0.metrics == nil && $0.reason != nil }) {
            method.append(HTML.paragraph("Some re-mappings failed; those points keep their screening figures in points.csv and carry the reason in refined.csv.", class: "warn"))
        }
        method.append(HTML.paragraph("Every point's figures are in points.csv (screening) and refined.csv (re-mapped); the front in pareto.csv and summary.json.", class: "note"))
        page.section("How the figures were made", id: "method", method)
        return page.rendered()
    }

    // MARK: the pick

    private func pickSection(_ pick: EvaluatedPoint?, best: [(Metric, EvaluatedPoint)], front: [EvaluatedPoint]) -> [String] {
        guard let pick, let m = pick.metrics else {
            return [HTML.paragraph("No point meets every constraint: relax a constraint or widen the space (see what the constraints excluded below).", class: "warn")]
        }
        var out = ["<div class=\"pick\">",
                   "<p>Build <strong>\(HTML.escape(pick.designName))</strong> running <strong>\(HTML.escape(Self.variantText(pick.variant)))</strong>.</p>",
                   HTML.figures(Self.keyFigures(m, volume: study.productionVolume)),
                   "</div>",
                   HTML.paragraph("Of the \(front.count) front points it is the most balanced: the closest to the best value of every objective at once, each objective normalised over the front. Every other front point is better in at least one objective and worse in another. What choosing the best point of a single objective instead would change:")]
        var rows = HTMLTable(headers: ["instead, the best for", "design", "variant"] + study.objectives.map { MetricDisplay($0).name },
                             numericColumns: Set(3..<(3 + study.objectives.count)), unbrokenColumns: [2])
        for (metric, p) in best where p.id != pick.id {
            guard let pm = p.metrics else { continue }
            let cells = study.objectives.map { o -> String in
                guard let a = m.value(of: o), let b = pm.value(of: o) else { return "–" }
                if o == .top1 { return KnobEffects.text(.init(value: b - a, isDifference: true, pairs: 1)) }
                return a != 0 ? KnobEffects.text(.init(value: b / a - 1, isDifference: false, pairs: 1)) : "–"
            }
            rows.rows.append(.init(cells: [MetricDisplay(metric).name, p.designName, Self.variantText(p.variant)] + cells))
        }
        if rows.rows.isEmpty {
            out.append(HTML.paragraph("It is also the best point of every objective."))
        } else {
            out.append(rows.rendered())
            out.append(HTML.paragraph("Changes are relative to the pick (top-1 in points): a specialist buys its objective with the others.", class: "note"))
        }
        return out
    }

    /// The figures a reader compares designs by, in the units the tables use.
    static func keyFigures(_ m: PointMetrics, volume: Int) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = [
            ("latency", String(format: "%.3f ms", m.latencyS * 1e3)), ("throughput", String(format: "%.1f fps", m.throughputFps)),
            ("energy per inference", String(format: "%.4f mJ", m.energyJ * 1e3)), ("power", String(format: "%.3f W", m.powerW)),
            ("area", String(format: "%.2f mm²", m.areaMM2)),
            ("per chip at \(unitsText(volume)) units", String(format: "$%.2f", m.unitCostUSD)),
        ]
        if let top1 = m.top1 { items.append(("top-1" + (m.top1Kind.map { " (\($0))" } ?? ""), String(format: "%.1f %%", top1))) }
        return items
    }

    // MARK: the front

    private func frontSection(_ figures: [EvaluatedPoint], front: [EvaluatedPoint], pick: EvaluatedPoint?,
                              best: [(Metric, EvaluatedPoint)]) -> [String] {
        let frontIDs = Set(front.map(\.id))
        let evaluated = figures.filter { $0.metrics != nil }
        let others = evaluated.filter { !frontIDs.contains($0.id) }
        let stride = max(1, (others.count + Self.drawnPointLimit - 1) / Self.drawnPointLimit)
        var labels: [PointID: [String]] = [:]
        if let pick { labels[pick.id, default: []].append("balanced") }
        // Short labels (`best energy`): several may sit on one point.
        for (metric, p) in best { labels[p.id, default: []].append("best \(metric.rawValue)") }
        let drawn = others.enumerated().filter { $0.offset % stride == 0 || labels[$0.element.id] != nil }.map(\.element)

        let pairs = study.objectives.indices.flatMap { i in (i + 1..<study.objectives.count).map { (i, $0) } }
        var charts: [(svg: String, caption: String)] = []
        for (n, (i, j)) in pairs.enumerated() {
            let (mx, my) = (study.objectives[i], study.objectives[j])
            let (dx, dy) = (MetricDisplay(mx), MetricDisplay(my))
            func point(_ p: EvaluatedPoint) -> ScatterPoint? {
                guard let m = p.metrics, let x = m.value(of: mx), let y = m.value(of: my) else { return nil }
                return ScatterPoint(x: x * dx.scale, y: y * dy.scale, tooltip: tooltip(p),
                                    label: labels[p.id]?.joined(separator: ", "), emphasised: labels[p.id] != nil)
            }
            let infeasible = drawn.filter { !$0.feasible }.compactMap(point).map { var q = $0; q.label = nil; return q }
            // A best point of one objective may tie with a front point there and not be on
            // the front itself: it keeps its label.
            let feasible = drawn.filter(\.feasible).compactMap(point)
            let onFront = front.compactMap(point)
            let all = (infeasible + feasible + onFront)
            let chart = XYChart(
                id: "front-\(n)", title: "\(dy.name) against \(dx.name)",
                x: Axis(title: dx.title, scale: HTML.axisScale(all.map(\.x))), y: Axis(title: dy.title, scale: HTML.axisScale(all.map(\.y))),
                scatter: [
                    ScatterSeries(name: "misses a constraint", points: infeasible, marker: .cross, colorIndex: nil, filled: false, opacity: 0.55),
                    ScatterSeries(name: "feasible", points: feasible, marker: .circle, colorIndex: 5, filled: false, opacity: 0.8),
                    ScatterSeries(name: "Pareto front", points: onFront, marker: .circle, colorIndex: 0, filled: true, opacity: 1),
                ],
                lines: [])
            charts.append((chart.svg(), "\(dy.name) against \(dx.name), each point one design × variant; "
                           + (dx.name == dy.name ? "" : "\(study.objectives.count > 2 ? "a projection of the \(study.objectives.count)-objective front: front points may look dominated here. " : "")")
                           + "Hover a point for its design and figures."))
        }
        var out: [String] = []
        if charts.isEmpty {
            out.append(HTML.paragraph("One objective: the front is its best point (table below)."))
        } else {
            out.append(HTML.charts(charts))
        }
        if stride > 1 {
            out.append(HTML.paragraph("The plots show every front point and every \(stride)th of the other \(others.count) points (thinned by point id); the CSV files hold all of them.", class: "note"))
        }
        var table = HTMLTable(headers: rowColumns, numericColumns: Set(2...8), unbrokenColumns: [1, 9])
        for p in front {
            table.rows.append(.init(cells: Self.rowCells(p), className: p.id == pick?.id ? "pick" : nil,
                                    title: labels[p.id]?.joined(separator: ", ")))
        }
        out.append("<h3>The \(front.count) front points</h3>")
        out.append(table.rendered())
        return out
    }

    /// One line per fact, for an SVG `<title>`: design, variant, figures, why infeasible.
    private func tooltip(_ p: EvaluatedPoint) -> String {
        var lines = [p.designName, Self.variantText(p.variant)]
        if let m = p.metrics {
            lines.append(Metric.allCases.filter { $0 != .edp }.compactMap { metric in
                m.value(of: metric).map { "\(MetricDisplay(metric).name) \(MetricDisplay(metric).text($0))" }
            }.joined(separator: " · "))
            lines.append("mapper: \(m.mapper)")
        }
        if !p.feasible, let reason = p.reason { lines.append("misses: \(reason)") }
        return lines.joined(separator: "\n")
    }

    // MARK: knobs

    private func knobSection(_ effects: KnobEffects) -> [String] {
        var out = [HTML.paragraph("For each knob of the space and of the model, the median change of each objective when the knob moves from its first value, over every pair of feasible points that differ in that knob only (top-1 in points):")]
        var table = HTMLTable(headers: ["knob", "change"] + effects.objectives.map { MetricDisplay($0).name } + ["pairs"],
                              numericColumns: Set(2..<(3 + effects.objectives.count)))
        table.rows = effects.changeRows().map { .init(cells: $0) }
        out.append(table.rendered())
        out.append(HTML.paragraph("The charts show, for each value of a knob, the median (dot) and the range (line) of each objective over the feasible points with that value: what the rest of the space adds around the knob's own effect.", class: "note"))
        for (k, knob) in effects.knobs.enumerated() {
            out.append("<h3>\(HTML.escape(knob.label))</h3>")
            var charts: [(svg: String, caption: String)] = []
            for (o, metric) in effects.objectives.enumerated() {
                let display = MetricDisplay(metric)
                let rows = knob.spreads[o].enumerated().map { v, spread -> RangeRow in
                    guard let spread else { return RangeRow(low: .nan, median: .nan, high: .nan, tooltip: "\(knob.label)=\(knob.values[v]): no feasible point") }
                    return RangeRow(low: spread.low * display.scale, median: spread.median * display.scale, high: spread.high * display.scale,
                                    tooltip: "\(knob.label)=\(knob.values[v]): \(display.name) median \(display.text(spread.median)), "
                                        + "\(display.text(spread.low)) to \(display.text(spread.high)) over \(spread.count) feasible points")
                }
                let values = rows.flatMap { [$0.low, $0.high] }
                let chart = RangeChart(id: "knob-\(k)-\(o)", title: "\(display.name) by \(knob.label)", width: 360,
                                       categories: knob.values, rows: rows,
                                       valueAxis: Axis(title: display.title, scale: HTML.axisScale(values.filter(\.isFinite))))
                charts.append((chart.svg(), ""))
            }
            out.append(HTML.charts(charts))
        }
        return out
    }

    // MARK: constraints

    private func constraintSection(_ exclusions: [(String, Int)]) -> [String] {
        var categories = exclusions.map(\.0)
        var counts = exclusions.map { Double($0.1) }
        if !unevaluated.isEmpty {
            categories.append("could not be evaluated")
            counts.append(Double(unevaluated.count))
        }
        var out: [String] = []
        if study.constraints.isEmpty { out.append(HTML.paragraph("The workload sets no constraints.")) }
        if !categories.isEmpty, !counts.contains(where: { $0 > 0 }) {
            out.append(HTML.paragraph("No point misses a constraint."))
        } else if !categories.isEmpty {
            let chart = BarChart(id: "constraints", title: "points excluded by each constraint", width: 720, height: nil,
                                 categories: categories, series: [BarSeries(name: "points excluded", values: counts, colorIndex: 3)],
                                 layout: .grouped, orientation: .horizontal,
                                 valueAxis: Axis(title: "points excluded (of \(points.count))", domain: 0...Double(max(1, points.count))),
                                 valueLabels: true, tooltips: nil)
            out.append(HTML.charts([(chart.svg(), "A point may miss several constraints, so the bars may add up to more than the infeasible points.")]))
        }
        if let first = unevaluated.first {
            out.append(HTML.paragraph("\(unevaluated.count) points could not be evaluated (first reason: \(first.reason ?? "?")).", class: "warn"))
        }
        return out
    }
}
