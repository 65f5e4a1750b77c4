import Foundation
import NetworkScheduling

/// The `map` table: one block per layer with its mapping and figures.
public enum MappingTable {
    public static func render(_ results: [LayerEvaluation], levelNames: [String]) -> String {
        var out: [String] = []
        for r in results {
            let c = r.result.cost
            var figures = String(format: "cycles %.0f (compute %.0f), %.4f ms, %.2f uJ, utilization %.1f %%",
                                 c.cycles, c.computeCycles, c.latencyS * 1e3, c.energyJ * 1e6, c.utilization * 100)
            if let t = r.result.solveTimeS { figures += String(format: ", solved in %.1f ms", t * 1e3) }
            if let gap = r.result.solverGap { figures += String(format: ", gap %.3g", gap) }
            if let note = r.result.solverNote { figures += ", ILP \(note)" }
            out.append("\(r.layer.name) (\(r.layer.op.rawValue)): \(r.result.mapper.rawValue), \(r.result.status.rawValue)")
            out.append("  \(figures)")
            out.append("  \(r.layer.op.runsOnPEArray ? r.result.mapping.description(levelNames: levelNames) : "vector unit")")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
