import CodesignCore
import NetworkScheduling

/// The per-layer object shared by `evaluate` (inside `layers`) and `map` (one per layer);
/// keys fixed by INTERFACE.md.
public enum LayerReport {
    public static func members(_ l: LayerEvaluation, levelNames: [String]) -> [(String, JSONValue)] {
        let c = l.result.cost
        var members: [(String, JSONValue)] = [
            ("name", .string(l.layer.name)),
            ("op", .string(l.layer.op.rawValue)),
            ("macs", .int(c.macs)),
            ("compute_cycles", .number(c.computeCycles)),
            ("cycles", .number(l.cycles)),
            ("latency_s", .number(l.latencyS)),
            ("energy_j", .number(l.energyJ)),
            ("utilization", .number(c.utilization)),
            ("dram_bytes", .number(l.offChipBytes.rounded())),
            ("mapping", .string(mappingText(l, levelNames: levelNames))),
            ("mapper", .string(l.result.mapper.rawValue)),
            ("mapper_status", .string(l.result.status.rawValue)),
            ("mapper_gap", l.result.solverGap.map { .number($0) } ?? .null),
            ("mapper_note", l.result.solverNote.map { .string($0) } ?? .null),
            ("bottleneck", .string(l.bottleneck)),
            ("vector_ops", .int(c.vectorOps)),
        ]
        if let s = l.scheduled {
            members += [
                ("weights_resident", .bool(s.weightsResident)),
                ("output_on_chip", .bool(s.outputStaysOnChip)),
                ("stage", .int(s.stage)),
            ]
        }
        return members
    }

    /// `map --format json`: the layer object plus the solver's figures (null when the
    /// mapper has none): `objective` is the solver's objective value, with `bound` and
    /// `gap` on the same problem; `objective_name` says what the mapper minimised.
    public static func mappingJSON(_ l: LayerEvaluation, levelNames: [String], objective: String) -> JSONValue {
        let r = l.result
        func number(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
        return .object(members(l, levelNames: levelNames) + [
            ("solve_time_s", number(r.solveTimeS)),
            ("objective", number(r.solverObjective)),
            ("objective_name", .string(objective)),
            ("bound", number(r.solverBound)),
            ("gap", number(r.solverGap)),
            ("mappings_scored", .int(r.evaluatedCount)),
        ])
    }

    static func mappingText(_ l: LayerEvaluation, levelNames: [String]) -> String {
        if !l.layer.op.runsOnPEArray { return "vector unit" }
        return l.result.mapping.description(levelNames: levelNames)
    }
}
