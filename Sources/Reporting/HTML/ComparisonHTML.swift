import CodesignCore
import Foundation
import Plotting
import Vendors

/// `compare --format html`: each device's predicted latency, throughput, energy and price
/// beside the published figure and its error, with the user's design (or the best stored
/// point) in the same charts, marked as a design.
extension ComparisonReport {
    public func html() -> String {
        var page = HTMLPage(title: "Devices compared on \(workload)",
                            lead: HTML.escape("\(variantText), batch \(batch): latency is one invocation of the batch; throughput is images per second; energy is per image. Vendor figures come from calibrated profiles; a design is evaluated by the engine alone."))
        let names = devices.map { $0.kind == .design ? "\($0.device) (design)" : $0.device }
        func bars(_ id: String, _ title: String, _ axis: String, predicted: [Double?], published: [Double?]? = nil) -> (svg: String, caption: String) {
            var series = [BarSeries(name: "predicted", values: predicted.map { $0 ?? .nan }, colorIndex: 0)]
            if let published, published.contains(where: { $0 != nil }) {
                series.append(BarSeries(name: "published", values: published.map { $0 ?? .nan }, colorIndex: 1))
            }
            let chart = BarChart(id: id, title: title, width: 540, height: nil, categories: names, series: series,
                                 layout: .grouped, orientation: .horizontal,
                                 valueAxis: Axis(title: axis, scale: HTML.axisScale(predicted.compactMap { $0 })),
                                 valueLabels: true, tooltips: nil)
            return (chart.svg(), series.count > 1 ? "Predicted beside the published figure where the calibration table has one (hover for its source)." : "")
        }
        let latencyPublished = devices.map { d in d.published.flatMap { $0.metric == .fps ? nil : $0.value } }
        let fpsPublished = devices.map { d in d.published.flatMap { $0.metric == .fps ? $0.value : nil } }
        let charts = [
            bars("latency", "latency per invocation (ms)", "latency (ms)", predicted: devices.map { $0.latencyS.map { $0 * 1e3 } },
                 published: latencyPublished),
            bars("throughput", "throughput (images/s)", "throughput (fps)", predicted: devices.map(\.throughputFps), published: fpsPublished),
            bars("energy", "energy per image (mJ)", "energy (mJ)", predicted: devices.map { $0.energyJ.map { $0 * 1e3 } }),
            bars("price", "unit price ($)", "price ($)", predicted: devices.map(\.unitPriceUSD)),
        ]
        page.section("Predicted and published", id: "figures", [HTML.charts(charts)])

        let points = devices.compactMap { d -> ScatterPoint? in
            guard let latency = d.latencyS, let energy = d.energyJ else { return nil }
            return ScatterPoint(x: latency * 1e3, y: energy * 1e3, tooltip: tooltip(d), label: d.device, emphasised: d.kind == .design)
        }
        let vendors = zip(devices, points).filter { $0.0.kind == .vendor }.map(\.1)
        let designs = zip(devices, points).filter { $0.0.kind == .design }.map(\.1)
        let trade = XYChart(id: "trade-off", title: "energy per image against latency", width: 720, height: 440,
                            x: Axis(title: "latency (ms)", scale: HTML.axisScale(points.map(\.x))),
                            y: Axis(title: "energy per image (mJ)", scale: HTML.axisScale(points.map(\.y))),
                            scatter: [ScatterSeries(name: "vendor device", points: vendors, marker: .circle, colorIndex: 0, filled: true, opacity: 1),
                                      ScatterSeries(name: "your design", points: designs, marker: .diamond, colorIndex: 3, filled: true, opacity: 1)],
                            lines: [])
        page.section("Trade-off", id: "trade-off", [HTML.charts([(trade.svg(), "Lower left is better. Devices without a latency or energy figure are not drawn.")])])

        var table = HTMLTable(headers: ["device", "class", "latency ms", "fps", "energy mJ", "power W", "price $", "TOPS/W",
                                        "published", "error", "bound", "feasible"],
                              numericColumns: [2, 3, 4, 5, 6, 7, 9])
        func fixed(_ v: Double?, _ digits: Int) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        for d in devices {
            let published = d.published.map { p in p.metric == .fps ? "\(JSONValue.format(p.value)) fps" : "\(JSONValue.format(p.value)) ms" } ?? "–"
            table.rows.append(.init(
                cells: [d.device, d.deviceClass?.rawValue ?? d.kind.rawValue, fixed(d.latencyS.map { $0 * 1e3 }, 3), fixed(d.throughputFps, 1),
                        fixed(d.energyJ.map { $0 * 1e3 }, 3), fixed(d.powerW, 2), fixed(d.unitPriceUSD, 2), fixed(d.topsPerW, 2), published,
                        d.error.map { String(format: "%+.0f%%", $0 * 100).replacingOccurrences(of: "-", with: "−") } ?? "–",
                        d.bound ?? "–", d.feasible ? "yes" : "no"],
                className: d.kind == .design ? "design" : nil, title: d.published.map { "published: \($0.source) (row \($0.rowID))" }))
        }
        page.section("Every device", id: "devices", [table.rendered()] + notes())
        return page.rendered()
    }

    private func tooltip(_ d: DeviceResult) -> String {
        var lines = ["\(d.device): \(d.product)"]
        if let l = d.latencyS { lines.append(String(format: "latency %.3f ms", l * 1e3)) }
        if let e = d.energyJ { lines.append(String(format: "energy %.3f mJ per image", e * 1e3)) }
        if let p = d.published, let error = d.error {
            let figure = p.metric == .fps ? "\(JSONValue.format(p.value)) fps" : "\(JSONValue.format(p.value)) ms"
            lines.append(String(format: "error %+.0f%%", error * 100) + " against \(figure) (\(p.source))")
        }
        if !d.feasible, let reason = d.reason { lines.append("infeasible: \(reason)") }
        return lines.joined(separator: "\n")
    }

    /// What the table's figures rest on, device by device (as the text table's notes).
    private func notes() -> [String] {
        var items: [String] = []
        for d in devices {
            if let reason = d.reason { items.append("\(d.device): \(d.feasible ? "" : "infeasible: ")\(reason)") }
            if d.hostLayers > 0 { items.append("\(d.device): \(d.hostLayers) layer(s) fall back to the host CPU") }
            for u in d.unchecked { items.append("\(d.device): not checked: \(u)") }
            if d.energyBasis == .rated { items.append("\(d.device): energy is the published rated power × time, not a measurement under this load") }
            if let c = d.calibration, c.method == .prior {
                items.append("\(d.device): uncalibrated (no published rows): the prior of the fitted devices of its class; it assumes: "
                             + d.assumptions.joined(separator: "; "))
            }
            if let c = d.calibration, c.method != .prior, let median = c.medianAbsError {
                items.append("\(d.device): calibrated on \(c.rows.count) published rows (median |error| \(String(format: "%.0f", median * 100))%)")
            }
        }
        return items.isEmpty ? [] : ["<h3>Notes</h3>", HTML.list(items)]
    }
}
