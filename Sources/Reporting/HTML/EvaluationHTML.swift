import CodesignCore
import CostModels
import Foundation
import NetworkScheduling
import Plotting
import Exploration

/// `evaluate --format html`: where the time goes (each layer's latency split by the resource
/// that spends it: compute, each memory level, the chip-to-chip link), where the energy goes
/// (MACs, vector ops, each memory level, NoC, leakage; off-chip access singled out), and a
/// roofline of the layers against the design's compute and off-chip bandwidth roofs.
extension EvaluationReport {
    public func html() -> String {
        let e = evaluation
        let variantText = "width \(JSONValue.format(variant.width)), resolution \(variant.resolution), \(variant.precision)-bit"
            + (variant.pruning > 0 ? ", pruned \(JSONValue.format(variant.pruning))" : "")
        var page = HTMLPage(title: "\(workloadName) on \(e.designName)",
                            lead: HTML.escape("\(variantText); \(e.schedule) schedule"
                                              + (e.networkSchedule.map { ", \($0.chips) chip\($0.chips == 1 ? "" : "s")" } ?? "")
                                              + "; \(e.layers.count) layers, \(e.macs) MACs, \(e.parameterCount) parameters."))
        let summary = PointMetrics(latencyS: e.latencyS, throughputFps: e.throughputFps, energyJ: e.energyJ, powerW: e.powerW,
                                   areaMM2: e.area.totalMM2, unitCostUSD: e.unitCostUSD, top1: top1,
                                   top1Kind: accuracy?.kind, mapper: "")
        var figures = ExplorationReport.keyFigures(summary, volume: e.productionVolume)
        figures.insert(("off-chip per inference", String(format: "%.3f MB", e.offChipBytes / 1e6)), at: 6)
        page.section("Figures", id: "figures", [HTML.figures(figures)] + scheduleNotes())
        page.section("Where the time goes", id: "latency", latencySection())
        page.section("Where the energy goes", id: "energy", energySection())
        if let roofline = rooflineSection() { page.section("Roofline", id: "roofline", roofline) }
        page.section("Layers", id: "layers", [layerTable()])
        if let accuracy {
            let figure = accuracy.value.map { String(format: "%.1f %% top-1", $0) + " (\(accuracy.kind)): " } ?? "No top-1: "
            page.section("Accuracy", id: "accuracy", [HTML.paragraph(figure + accuracy.sourceDescription)])
        }
        return page.rendered()
    }

    private func scheduleNotes() -> [String] {
        guard let schedule = evaluation.networkSchedule else { return [] }
        return [HTML.paragraph(String(format: "%.3f of %.3f MB of weights stay resident on chip. Without the network schedule (layer by layer): %.3f ms, %.4f mJ.",
                                      schedule.residentWeightBytes / 1e6, schedule.weightBytes / 1e6,
                                      schedule.baseline.latencyS * 1e3, schedule.baseline.energyJ * 1e3), class: "note")]
    }

    /// Seconds per cycle of a layer (its latency over its cycles; the clock).
    private func secondsPerCycle(_ l: LayerEvaluation) -> Double { l.cycles > 0 ? l.latencyS / l.cycles : 0 }

    private func latencySection() -> [String] {
        let e = evaluation
        let resources = ["compute"] + e.levelNames
        let stages = e.networkSchedule.map { $0.stages.filter { $0.transferOutS > 0 } } ?? []
        var categories = e.layers.map(\.layer.name)
        var values = [[Double]](repeating: [Double](repeating: 0, count: e.layers.count), count: resources.count + 1)
        for (i, l) in e.layers.enumerated() {
            let split = CycleSplit(computeCycles: l.cost.computeCycles, levels: l.cost.levels)
            let toMicroseconds = secondsPerCycle(l) * 1e6
            values[0][i] = split.computeCycles * toMicroseconds
            for (r, level) in e.levelNames.enumerated() { values[r + 1][i] = split.cycles(of: level) * toMicroseconds }
        }
        for stage in stages {
            categories.append("link after chip \(stage.chip + 1)")
            for r in values.indices { values[r].append(r == resources.count ? stage.transferOutS * 1e6 : 0) }
        }
        let names = resources + ["chip-to-chip link"]
        // Resources that spend no time anywhere are left out of the legend.
        let used = values.indices.filter { values[$0].contains { $0 > 0 } }
        let series = used.map { BarSeries(name: names[$0], values: values[$0], colorIndex: $0 == 0 ? 0 : $0 == names.count - 1 ? 6 : $0) }
        let chart = BarChart(id: "latency-by-layer", title: "latency per layer by what spends it (µs)", width: 1060, height: nil,
                             categories: categories, series: series, layout: .stacked, orientation: .horizontal,
                             valueAxis: Axis(title: "latency (µs)"), valueLabels: false, tooltips: nil)
        var totals = used.map { r in (names[r], values[r].reduce(0, +)) }
        let sum = totals.reduce(0) { $0 + $1.1 }
        totals = totals.filter { $0.1 > 0 }
        let shares = totals.map { "\($0.0) \(String(format: "%.0f", sum > 0 ? 100 * $0.1 / sum : 0))%" }.joined(separator: ", ")
        return [HTML.paragraph("Each bar is a layer's latency split as the latency model adds it up: the array's compute cycles, then for each memory level the cycles its transfers add (beyond compute when it is the slowest double-buffered port, and every stall on a buffer that is not double buffered)"
                               + (stages.isEmpty ? "." : ", then each chip's transfer of activations to the next.")
                               + " Over the network: \(shares)."),
                HTML.charts([(chart.svg(), "Hover a bar segment for its value. Layers run one after another\(stages.isEmpty ? "" : " on each chip; chips run as a pipeline").")])]
    }

    private func energySection() -> [String] {
        let e = evaluation
        let names = ["MACs", "vector ops"] + e.levelNames + ["NoC", "leakage"]
        var values = [[Double]](repeating: [Double](repeating: 0, count: e.layers.count), count: names.count)
        var offChip = 0.0
        var offChipBytes = 0.0
        var offChipJPerByte: Double?
        for (i, l) in e.layers.enumerated() {
            let c = l.cost
            values[0][i] = c.macEnergyJ * 1e6
            values[1][i] = c.vectorEnergyJ * 1e6
            for (k, level) in c.levels.enumerated() where k + 2 < names.count - 2 {
                values[k + 2][i] = level.energyJ * 1e6
                if !level.isOnChip {
                    offChip += level.energyJ
                    offChipBytes += level.bytes
                    if offChipJPerByte == nil, level.readEnergyJPerByte > 0 { offChipJPerByte = level.readEnergyJPerByte }
                }
            }
            values[names.count - 2][i] = c.networkEnergyJ * 1e6
            values[names.count - 1][i] = c.leakageEnergyJ * 1e6
        }
        let used = values.indices.filter { values[$0].contains { $0 > 0 } }
        // Eight colours (Okabe–Ito) for up to nine components: leakage, spent everywhere, is grey.
        func color(_ r: Int) -> Int? { r == names.count - 1 ? nil : r }
        let series = used.map { BarSeries(name: names[$0], values: values[$0], colorIndex: color($0)) }
        let totals = used.map { r in values[r].reduce(0, +) }
        let totalChart = BarChart(id: "energy-total", title: "energy per inference by component (µJ)", width: 1060, height: nil,
                                  categories: ["whole network"], series: used.enumerated().map { BarSeries(name: names[$0.element], values: [totals[$0.offset]], colorIndex: color($0.element)) },
                                  layout: .stacked, orientation: .horizontal, valueAxis: Axis(title: "energy (µJ)"),
                                  valueLabels: true, tooltips: nil)
        let chart = BarChart(id: "energy-by-layer", title: "energy per layer by component (µJ)", width: 1060, height: nil,
                             categories: e.layers.map(\.layer.name), series: series, layout: .stacked, orientation: .horizontal,
                             valueAxis: Axis(title: "energy (µJ)"), valueLabels: false, tooltips: nil)
        var text = "Energy of one inference, split by where it is spent: the MAC array, vector operations, each memory level's reads and writes, the on-chip network and leakage over the run."
        let macs = e.layers.reduce(0) { $0 + $1.cost.macs }
        let macEnergy = e.layers.reduce(0.0) { $0 + $1.cost.macEnergyJ }
        if e.energyJ > 0 {
            text += String(format: " Off-chip memory takes %.0f%% of the energy (%.3f MB moved)", 100 * offChip / e.energyJ, offChipBytes / 1e6)
            if let perByte = offChipJPerByte, macs > 0, macEnergy > 0 {
                text += String(format: "; reading one byte from it costs %.0f× the energy of one MAC here", perByte / (macEnergy / Double(macs)))
            }
            text += "."
        }
        return [HTML.paragraph(text), HTML.charts([(totalChart.svg(), "The whole network.")]),
                HTML.charts([(chart.svg(), "Per layer. Hover a segment for its value.")])]
    }

    private func rooflineSection() -> [String]? {
        guard let accelerator else { return nil }
        let e = evaluation
        let peak = Double(accelerator.peArray.macCount)
        let offChip = accelerator.memory.last { !$0.technology.isOnChip }
        let bandwidth = offChip.flatMap { level in level.bytesPerCycle(clockHz: accelerator.technology.clockHz).map { $0 * Double(level.instances) } }
        var layers: [ScatterPoint] = []
        var unplotted = 0
        for l in e.layers where l.cost.macs > 0 {
            guard l.offChipBytes > 0, l.cycles > 0 else { unplotted += 1; continue }
            let intensity = Double(l.cost.macs) / l.offChipBytes
            let achieved = Double(l.cost.macs) / l.cycles
            layers.append(ScatterPoint(x: intensity, y: achieved,
                                       tooltip: "\(l.layer.name) (\(l.layer.op.rawValue))\n"
                                           + "\(NumberText.short(intensity)) MACs per off-chip byte, \(NumberText.short(achieved)) MACs/cycle of \(NumberText.short(peak))\nbound by \(l.bottleneck)",
                                       label: nil, emphasised: false))
        }
        guard !layers.isEmpty else {
            return [HTML.paragraph("No layer moves off-chip bytes and MACs both: nothing to place on a roofline.")]
        }
        let xs = layers.map(\.x)
        var lo = (xs.min() ?? 1) / 2, hi = (xs.max() ?? 1) * 2
        var roofs: [LineSeries] = []
        if let bandwidth, bandwidth > 0 {
            let ridge = peak / bandwidth
            lo = min(lo, ridge / 4)
            hi = max(hi, ridge * 4)
            roofs.append(LineSeries(name: "roof: \(offChip?.name ?? "off-chip") \(NumberText.short(bandwidth)) B/cycle, \(NumberText.short(peak)) MACs/cycle",
                                    points: [(x: lo, y: bandwidth * lo), (x: ridge, y: peak), (x: hi, y: peak)],
                                    colorIndex: 3, dashed: false, label: nil))
        } else {
            roofs.append(LineSeries(name: "compute roof \(NumberText.short(peak)) MACs/cycle",
                                    points: [(x: lo, y: peak), (x: hi, y: peak)], colorIndex: 3, dashed: false, label: nil))
        }
        let chart = XYChart(id: "roofline", title: "layers against the roofs", width: 720, height: 440,
                            x: Axis(title: "arithmetic intensity (MACs per off-chip byte)", scale: .log),
                            y: Axis(title: "MACs per cycle", scale: .log),
                            scatter: [ScatterSeries(name: "layer", points: layers, marker: .circle, colorIndex: 0, filled: true, opacity: 0.8)],
                            lines: roofs)
        var notes = ["Each dot is a layer: its MACs per byte it moves off chip, and the MACs per cycle it achieves. Under the slanted roof a layer cannot go faster than the off-chip bandwidth feeds it; under the flat roof, than the array computes. A dot far below both is held back by something else: an on-chip level, or the mapping's use of the array (utilisation)."]
        if unplotted > 0 { notes.append("\(unplotted) layer(s) with MACs move no off-chip bytes (weights resident, activations on chip): their intensity is unbounded and they are not drawn.") }
        return [HTML.paragraph(notes[0]), HTML.charts([(chart.svg(), notes.count > 1 ? notes[1] : "Hover a dot for the layer.")])]
    }

    private func layerTable() -> String {
        var table = HTMLTable(headers: ["layer", "op", "MACs", "latency µs", "energy µJ", "util %", "off-chip KB", "bound by", "on chip"],
                              numericColumns: [2, 3, 4, 5, 6])
        for l in evaluation.layers {
            var onChip: [String] = []
            if l.scheduled?.weightsResident == true { onChip.append("weights") }
            if l.scheduled?.outputStaysOnChip == true { onChip.append("output") }
            table.rows.append(.init(cells: [
                l.layer.name, l.layer.op.rawValue, String(l.cost.macs), String(format: "%.2f", l.latencyS * 1e6),
                String(format: "%.3f", l.energyJ * 1e6),
                l.layer.op.runsOnPEArray ? String(format: "%.1f", l.cost.utilization * 100) : "–",
                String(format: "%.1f", l.offChipBytes / 1024), l.bottleneck, onChip.joined(separator: ", "),
            ]))
        }
        return table.rendered()
    }
}
