import SpecIO
import CodesignCore
import CostModels
import Exploration
import NetworkScheduling

/// `evaluate` output in its three formats. JSON keys are fixed by INTERFACE.md.
public struct EvaluationReport: Sendable {
    public var evaluation: NetworkEvaluation
    public var workloadName: String
    /// The model variant evaluated, reported as `variant` (INTERFACE.md).
    public var variant: ModelVariant
    /// The workload's accuracy for this variant (table, interpolation, estimate, or why
    /// there is none); nil when the workload names no accuracy table.
    public var accuracy: AccuracyLookup?
    /// What the mappers and the schedule minimised ("latency", "energy" or "edp").
    public var objective: String?
    /// The design evaluated: its compute and bandwidth roofs for the HTML roofline (nil
    /// leaves the roofline out).
    public var accelerator: Accelerator?

    public init(evaluation: NetworkEvaluation, workloadName: String, variant: ModelVariant,
                accuracy: AccuracyLookup? = nil) {
        self.evaluation = evaluation
        self.workloadName = workloadName
        self.variant = variant
        self.accuracy = accuracy
    }

    /// Top-1 in %, when the accuracy source gives one.
    public var top1: Double? { accuracy?.value }

    /// Whole-network schedule figures, when there is a schedule.
    private var scheduleMembers: [(String, JSONValue)] {
        guard let schedule = evaluation.networkSchedule else { return [] }
        func number(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
        return [
            ("chips", .int(schedule.chips)),
            ("resident_weight_bytes", .number(schedule.residentWeightBytes)),
            ("weight_bytes", .number(schedule.weightBytes)),
            ("streamed_weight_bytes", .number(schedule.streamedWeightBytes.rounded())),
            ("schedule_status", .string(schedule.solve.status.rawValue)),
            ("schedule_gap", number(schedule.solve.gap)),
            // Phases without their solve times: the report must be the same on every run.
            ("schedule_phases", .array(schedule.solve.phases.map { phase in
                .object([("minimised", .string(phase.minimised)), ("status", .string(phase.ilpStatus)),
                         ("gap", number(phase.gap))])
            })),
            ("layer_by_layer_latency_s", .number(schedule.baseline.latencyS)),
            ("layer_by_layer_energy_j", .number(schedule.baseline.energyJ)),
        ]
    }

    public func json() -> String {
        let e = evaluation
        let summary: JSONValue = .object([
            ("macs", .int(e.macs)),
            ("params", .int(e.parameterCount)),
            ("latency_s", .number(e.latencyS)),
            ("throughput_fps", .number(e.throughputFps)),
            ("images_per_inference", .int(e.imagesPerInference)),
            ("energy_j", .number(e.energyJ)),
            ("power_w", .number(e.powerW)),
            ("area_mm2", .number(e.area.totalMM2)),
            ("unit_cost_usd", .number(e.unitCostUSD)),
            ("dram_bytes", .number(e.offChipBytes.rounded())),
            ("top1", top1.map { .number($0) } ?? .null),
            ("top1_kind", accuracy.map { .string($0.kind) } ?? .null),
            ("top1_source", accuracy.map { .string($0.sourceDescription) } ?? .null),
            ("unit_cost_volume", .int(e.productionVolume)),
            ("unit_cost_usd_by_volume", .object(e.unitCost.perVolume.map { (String($0.units), .number($0.unitCostUSD)) })),
            ("wafer_cost_source", .string(e.unitCost.waferSource)),
            ("schedule", .string(e.schedule)),
            ("objective", objective.map { .string($0) } ?? .null),
        ] + scheduleMembers)
        let root: JSONValue = .object([
            ("design", .string(e.designName)),
            ("workload", .string(workloadName)),
            ("variant", .object([
                ("width", .number(variant.width)), ("resolution", .int(variant.resolution)),
                ("precision", .int(variant.precision)), ("pruning", .number(variant.pruning)),
            ])),
            ("summary", summary),
            ("layers", .array(e.layers.map(layerJSON))),
        ])
        return root.rendered() + "\n"
    }

    private func layerJSON(_ l: LayerEvaluation) -> JSONValue {
        .object(LayerReport.members(l, levelNames: evaluation.levelNames))
    }

    /// One row per layer, then a TOTAL row; fixed column order.
    public func csv() -> String {
        var lines = ["name,op,macs,compute_cycles,cycles,latency_s,energy_j,utilization,dram_bytes,bottleneck,mapper,mapper_status"]
        for l in evaluation.layers {
            let c = l.result.cost
            lines.append([l.layer.name, l.layer.op.rawValue, String(c.macs), JSONValue.format(c.computeCycles),
                          JSONValue.format(l.cycles), JSONValue.format(l.latencyS), JSONValue.format(l.energyJ),
                          JSONValue.format(c.utilization), JSONValue.format(l.offChipBytes.rounded()), l.bottleneck,
                          l.result.mapper.rawValue, l.result.status.rawValue].map(csvField).joined(separator: ","))
        }
        let e = evaluation
        lines.append(["TOTAL", "", String(e.macs), "", "", JSONValue.format(e.latencyS), JSONValue.format(e.energyJ),
                      "", JSONValue.format(e.offChipBytes.rounded()), "", "", ""].joined(separator: ","))
        return lines.joined(separator: "\n") + "\n"
    }

    /// A human-readable table: per-layer lines and a summary block.
    public func table() -> String {
        let e = evaluation
        var rows: [[String]] = [["layer", "op", "MACs", "cycles", "latency ms", "energy uJ", "util %", "DRAM KB",
                                 "bound by", "on chip"]]
        for l in e.layers {
            let c = l.result.cost
            var onChip: [String] = []
            if l.scheduled?.weightsResident == true { onChip.append("W") }
            if l.scheduled?.outputStaysOnChip == true { onChip.append("O") }
            rows.append([l.layer.name, l.layer.op.rawValue, String(c.macs), JSONValue.format(l.cycles.rounded()),
                         fixed(l.latencyS * 1e3, 4), fixed(l.energyJ * 1e6, 2),
                         l.layer.op.runsOnPEArray ? fixed(c.utilization * 100, 1) : "-",
                         fixed(l.offChipBytes / 1024, 1), l.bottleneck, onChip.joined(separator: "+")])
        }
        var out = TextTable.render(rows, leftAligned: 2)
        let variantText = "width \(JSONValue.format(variant.width)), resolution \(variant.resolution), \(variant.precision)-bit"
        out += [
            "",
            "\(workloadName) (\(variantText)) on \(e.designName), \(e.schedule) schedule"
                + (e.networkSchedule.map { ", \($0.chips) chip\($0.chips == 1 ? "" : "s")" } ?? ""),
            "  MACs            \(e.macs)",
            "  parameters      \(e.parameterCount)",
            "  latency         \(fixed(e.latencyS * 1e3, 3)) ms  (\(fixed(e.throughputFps, 1)) fps"
                + (e.imagesPerInference > 1 ? ", \(e.imagesPerInference) images per inference)" : ")"),
            "  energy          \(fixed(e.energyJ * 1e3, 4)) mJ per inference"
                + (e.imagesPerInference > 1 ? " (\(fixed(e.energyPerImageJ * 1e3, 4)) mJ per image)" : ""),
            "  power           \(fixed(e.powerW, 3)) W",
            "  off-chip        \(fixed(e.offChipBytes / 1e6, 3)) MB per inference",
        ]
        if let schedule = e.networkSchedule {
            out += [
                "  resident        \(fixed(schedule.residentWeightBytes / 1e6, 3)) of \(fixed(schedule.weightBytes / 1e6, 3)) MB of weights (W: resident, O: output kept on chip)",
                "  layer-by-layer  \(fixed(schedule.baseline.latencyS * 1e3, 3)) ms, \(fixed(schedule.baseline.energyJ * 1e3, 4)) mJ without the schedule",
            ]
        }
        out += [
            "  area            \(fixed(e.area.totalMM2, 2)) mm2 (PEs \(fixed(e.area.peArrayMM2, 2)), SRAM \(fixed(e.area.sramMM2 + e.area.registerFilesMM2, 2)), overhead \(fixed(e.area.overheadMM2, 2)))",
            "  unit cost       " + e.unitCost.perVolume.map {
                "$\(fixed($0.unitCostUSD, 2)) @ \($0.units)" + ($0.units == e.productionVolume ? " (production)" : "")
            }.joined(separator: ", ")
                + " (wafer cost: \(e.unitCost.waferSource))",
        ]
        if let accuracy {
            out.append("  top-1           " + (accuracy.value.map { "\(fixed($0, 1)) % (\(accuracy.kind): " } ?? "none (")
                       + accuracy.sourceDescription + ")")
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
}
