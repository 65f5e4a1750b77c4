import CodesignCore
import Foundation
import Vendors

/// `compare`'s output (INTERFACE.md, "JSON output of compare"): one entry per device, with
/// the published figure and the error where the calibration table has one.
public struct ComparisonReport: Sendable {
    public var workload: String
    public var variantText: String
    public var devices: [DeviceResult]
    /// Images per invocation: latency is one invocation's, fps and energy per image.
    public var batch: Int

    public init(workload: String, variantText: String, devices: [DeviceResult], batch: Int = 1) {
        self.workload = workload
        self.variantText = variantText
        self.devices = devices
        self.batch = batch
    }

    public func json() -> String {
        func number(_ v: Double?) -> JSONValue { v.map(JSONValue.number) ?? .null }
        let items: [JSONValue] = devices.map { d in
            var members: [(String, JSONValue)] = [
                ("device", .string(d.device)), ("product", .string(d.product)), ("kind", .string(d.kind.rawValue)),
                ("class", d.deviceClass.map { .string($0.rawValue) } ?? .null),
                ("latency_s", number(d.latencyS)), ("throughput_fps", number(d.throughputFps)),
                ("energy_j", number(d.energyJ)), ("power_w", number(d.powerW)),
                ("energy_basis", d.energyBasis.map { .string($0.rawValue) } ?? .null),
                ("unit_price_usd", number(d.unitPriceUSD)), ("tops_per_w", number(d.topsPerW)),
                ("feasible", .bool(d.feasible)), ("reason", d.reason.map(JSONValue.string) ?? .null),
            ]
            if let p = d.published {
                let key = p.metric == .fps ? "throughput_fps" : "latency_s"
                let value = p.metric == .fps ? p.value : p.value * 1e-3
                members.append(("published", .object([(key, .number(value)), ("source", .string(p.source)),
                                                      ("row", .string(p.rowID))])))
            } else {
                members.append(("published", .null))
            }
            members.append(("error", number(d.error)))
            members.append(("bound", d.bound.map(JSONValue.string) ?? .null))
            members.append(("host_fallback_layers", .int(d.hostLayers)))
            if let c = d.calibration {
                members.append(("calibration", .object([
                    ("method", .string(c.method.rawValue)), ("rows", .int(c.rows.count)),
                    ("median_abs_error", number(c.medianAbsError)),
                ])))
            }
            members.append(("unchecked_constraints", .array(d.unchecked.map(JSONValue.string))))
            members.append(("assumptions", .array(d.assumptions.map(JSONValue.string))))
            return .object(members)
        }
        return JSONValue.object([("workload", .string(workload)), ("variant", .string(variantText)),
                                 ("batch", .int(batch)), ("devices", .array(items))]).rendered() + "\n"
    }

    public func table() -> String {
        var rows: [[String]] = [["device", "class", "latency ms", "fps", "energy mJ", "power W", "price $", "TOPS/W",
                                 "published", "error", "bound", "feasible"]]
        for d in devices {
            let published = d.published.map { p in
                p.metric == .fps ? "\(JSONValue.format(p.value)) fps" : "\(JSONValue.format(p.value)) ms"
            } ?? "-"
            rows.append([d.device, d.deviceClass?.rawValue ?? d.kind.rawValue, opt(d.latencyS.map { $0 * 1e3 }, 3), opt(d.throughputFps, 1),
                         opt(d.energyJ.map { $0 * 1e3 }, 3), opt(d.powerW, 2), opt(d.unitPriceUSD, 2), opt(d.topsPerW, 2),
                         published, d.error.map { String(format: "%+.0f%%", $0 * 100) } ?? "-", d.bound ?? "-",
                         d.feasible ? "yes" : "no"])
        }
        var out = TextTable.render(rows, leftAligned: 2)
        out.append("")
        out.append("\(workload) (\(variantText)), batch \(batch): latency is one invocation of the batch; fps is images per second")
        out.append("(batching and the frames a runtime keeps in flight included); energy is per image. Vendor figures come from")
        out.append("calibrated profiles (Designs/vendors). published/error: the calibration row for this workload and batch.")
        out.append("What each profile assumes where nothing was published: --format json (\"assumptions\").")
        for d in devices {
            if let reason = d.reason { out.append("  \(d.device): \(d.feasible ? "" : "infeasible: ")\(reason)") }
            if d.hostLayers > 0 { out.append("  \(d.device): \(d.hostLayers) layer(s) fall back to the host CPU") }
            for u in d.unchecked { out.append("  \(d.device): not checked: \(u)") }
            if d.energyBasis == .rated {
                out.append("  \(d.device): energy is the published rated power x time, not a measurement under this load")
            }
            if let c = d.calibration, c.method == .prior {
                out.append("  \(d.device): uncalibrated (no published rows): parameters are the prior of the fitted devices of its class; it assumes:")
                for a in d.assumptions { out.append("    - \(a)") }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func opt(_ value: Double?, _ digits: Int) -> String {
        value.map { String(format: "%.\(digits)f", $0) } ?? "-"
    }
}
