import CodesignCore
import Foundation
import Vendors

/// What `calibrate` prints: every row predicted against its published figure, each device's
/// parameters, and the YAML blocks that the profiles store.
public struct CalibrationReport: Sendable {
    public var results: [DeviceCalibration]
    public var catalog: VendorCatalog

    public init(results: [DeviceCalibration], catalog: VendorCatalog) {
        self.results = results
        self.catalog = catalog
    }

    public func table() -> String {
        var rows: [[String]] = [["row", "device", "model", "batch", "published", "predicted", "error", "left out"]]
        for r in results {
            for (fitted, predictions) in [(true, r.fit.predictions), (false, r.unusedPredictions)] {
                for p in predictions {
                    let unit = p.row.metric == .latencyMS ? "ms" : p.row.metric == .fps ? "fps" : "uJ"
                    let heldOut = fitted ? r.leaveOneOut.first { $0.row.id == p.row.id } : nil
                    rows.append([p.row.id, r.device,
                                 "\(p.row.network) \(JSONValue.format(p.row.width))/\(p.row.resolution)/\(p.row.precision)b",
                                 String(p.row.batch), "\(JSONValue.format(p.row.value)) \(unit)",
                                 "\(sig(p.predicted)) \(unit)",
                                 String(format: "%+.1f%%", p.relativeError * 100) + (fitted ? "" : " (not fitted)"),
                                 heldOut.map { String(format: "%+.1f%%", $0.relativeError * 100) } ?? "-"])
                }
            }
        }
        var out = TextTable.render(rows, leftAligned: 3)
        out.append("")
        for r in results {
            let c = r.fit.calibration
            var line = "\(r.device): \(c.method.rawValue), u \(sig(c.utilization)), u_dw \(sig(c.depthwiseUtilization)), link \(sig(c.linkEfficiency)), "
                + "layer \(sig(c.layerOverheadS * 1e6)) us, invocation \(sig(c.invocationOverheadS * 1e3)) ms"
            if c.layerFloorS != 0 { line += ", floor \(sig(c.layerFloorS * 1e6)) us" }
            if c.concurrency != 1 { line += ", concurrency \(sig(c.concurrency))" }
            if let p = c.powerW { line += ", power \(sig(p)) W" }
            if let h = r.hostMacsPerS { line += ", host \(sig(h / 1e9)) GMAC/s" }
            line += c.medianAbsError.map { "; median |error| \(String(format: "%.1f", $0 * 100))% over \(r.fit.predictions.count) rows" }
                ?? "; no rows"
            if let loo = r.leaveOneOutMedianAbsError {
                line += String(format: ", %.1f%% left out", loo * 100)
            }
            out.append(line)
            for u in r.unusedRows { out.append("  unused \(u.id): \(u.reason)") }
        }
        out.append("")
        out.append("Leave-one-out: each row predicted by the fit of its device's other rows")
        return out.joined(separator: "\n") + "\n" + leaveOneOutTable()
    }

    /// Per device: rows, in-sample and leave-one-out median |error|, and the share of rows
    /// within 10% and 25% when left out (the table of Designs/vendors/README.md).
    public func leaveOneOutTable() -> String {
        var rows: [[String]] = [["device", "rows", "fit median", "left-out median", "left out within 10%", "within 25%", "worst"]]
        for r in results where !r.leaveOneOut.isEmpty {
            let errors = r.leaveOneOut.map { abs($0.relativeError) }
            let share = { (bound: Double) in
                "\(errors.filter { $0 <= bound }.count)/\(errors.count)"
            }
            let worst = r.leaveOneOut.max { abs($0.relativeError) < abs($1.relativeError) }!
            rows.append([r.device, String(r.leaveOneOut.count),
                         r.fit.calibration.medianAbsError.map { String(format: "%.1f%%", $0 * 100) } ?? "-",
                         String(format: "%.1f%%", median(errors) * 100), share(0.10), share(0.25),
                         String(format: "%+.0f%% (%@)", worst.relativeError * 100, worst.row.id)])
        }
        return TextTable.render(rows, leftAligned: 1).joined(separator: "\n") + "\n"
    }

    /// The blocks to paste into each profile: `calibration:` and the host's rate.
    public func yaml() -> String {
        var out: [String] = []
        for r in results {
            out.append("# \(r.device)")
            if let h = r.hostMacsPerS, !r.hostRows.isEmpty {
                out.append("  host rate: macs_per_s: \(sig(h)) (median of \(r.hostRows.count) host rows: \(r.hostRows.map(\.id).joined(separator: ", ")))")
            }
            out.append("  " + Self.block(r.fit.calibration))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The one-line YAML of a calibration, with four significant digits.
    public static func block(_ c: VendorCalibration) -> String {
        var members = ["method: \(c.method.rawValue)", "utilization: \(sig(c.utilization))",
                       "depthwise_utilization: \(sig(c.depthwiseUtilization))",
                       "link_efficiency: \(sig(c.linkEfficiency))", "layer_overhead_s: \(sig(c.layerOverheadS))",
                       "invocation_overhead_s: \(sig(c.invocationOverheadS))"]
        if c.layerFloorS != 0 { members.append("layer_floor_s: \(sig(c.layerFloorS))") }
        if c.concurrency != 1 { members.append("concurrency: \(sig(c.concurrency))") }
        if let p = c.powerW { members.append("power_w: \(sig(p))") }
        if !c.rows.isEmpty { members.append("rows: [\(c.rows.joined(separator: ", "))]") }
        if let e = c.medianAbsError { members.append("median_abs_error: \(sig(e))") }
        return "calibration: {\(members.joined(separator: ", "))}"
    }

    /// Devices whose stored calibration or host rate is not the fit, to the four digits the
    /// profile keeps.
    public func staleDevices() -> [String] {
        results.compactMap { r in
            guard let stored = catalog.profiles.first(where: { $0.name == r.device })?.vendor else { return nil }
            let storedHost = stored.host?.macsPerS
            let freshHost = r.hostRows.isEmpty ? storedHost : r.hostMacsPerS
            let hostAgrees = VendorCalibration.agree(storedHost, freshHost)
            return stored.calibration.agrees(with: r.fit.calibration) && hostAgrees ? nil : r.device
        }
    }
}

/// Four significant digits, as the profiles store calibrated figures.
func sig(_ value: Double) -> String {
    if value == 0 { return "0" }
    return String(format: "%.4g", value)
}
