import CodesignCore
import CostModels
import Foundation
import MappingSearch
import Testing

/// The quality bar (issue 3, raised by issue 9 with padded extents): on the 48-case table
/// (zoo layers incl. first, middle, depthwise, pointwise, fc, strided and prime-sized ones,
/// on 4 designs), the ILP mapper's result, restricted to the mapspace, is within 5 % of the
/// exhaustive optimum of the same objective for at least 95 % of cases, never more than 20 %
/// worse, and never better (which would mean the exhaustive search or the mapspace is wrong).
@Suite struct ILPQualityTests {
    struct Outcome: Sendable {
        var id: String
        var ratio: Double
    }

    static func outcomes() throws -> [Outcome] {
        let optima = try ExhaustiveOptimum.load()
        let cases = Dictionary(uniqueKeysWithValues: QualityCase.table.map { ($0.id, $0) })
        return try optima.map { optimum in
            let c = try #require(cases[optimum.caseID])
            var mapper = ILPMapper(model: try c.model(), objective: c.objective)
            mapper.keepsBetterHeuristic = false
            let layer = try c.layer.load()
            let result = try mapper.map(layer)
            return Outcome(id: c.id, ratio: c.objective.score(result.cost) / optimum.score)
        }
    }

    @Test func ilpIsCloseToTheExhaustiveOptimum() throws {
        let outcomes = try Self.outcomes()
        #expect(outcomes.count >= 40)
        for o in outcomes {
            #expect(o.ratio >= 1 - 1e-9, "\(o.id): ILP better than exhaustive (\(o.ratio))")
            #expect(o.ratio <= 1.20, "\(o.id): ILP \(Int((o.ratio - 1) * 100)) % worse than exhaustive")
        }
        let within5 = outcomes.filter { $0.ratio <= 1.05 }.count
        #expect(Double(within5) >= 0.95 * Double(outcomes.count), "only \(within5) of \(outcomes.count) within 5 %")
        for o in outcomes where o.ratio > 1.01 { print(String(format: "  %@ %.4f", o.id, o.ratio)) }
        let sorted = outcomes.map(\.ratio).sorted()
        print(String(format: "ILP / exhaustive over %d cases: %d within 1 %%, %d within 5 %%, median %.4f, p90 %.4f, worst %.4f (%@)",
                     outcomes.count, outcomes.filter { $0.ratio <= 1.01 }.count, within5, sorted[sorted.count / 2],
                     sorted[Int(Double(sorted.count) * 0.9)], sorted.last!,
                     outcomes.max { $0.ratio < $1.ratio }!.id))
    }
}
