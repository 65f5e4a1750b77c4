import CodesignCore
import Foundation
import Testing
@testable import Exploration
import SpecIO

/// A `cost_usd` constraint is judged at the workload's production volume: the same chip meets
/// a bound at a million units that it misses at ten thousand, since the one-time costs
/// (masks, IP, package design) are spread over fewer chips.
@Suite struct ProductionVolumeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func problem(units: Int, maxCostUSD: Double) throws -> ExplorationProblem {
        let design = try SpecLoader.loadDesign(path: Self.root.appendingPathComponent("Designs/simba-like.yaml").path)
        let network = try Network(name: "n", layers: [
            Layer(name: "c", op: .conv, bounds: DimensionVector(k: 16, c: 8, p: 8, q: 8, r: 3, s: 3)),
        ])
        return ExplorationProblem(
            designCount: 1, design: { _ in design.accelerator(at: 0) },
            variants: [ModelVariant(width: 1, resolution: 8, precision: 8, pruning: 0)],
            network: { _ in network }, accuracy: { _ in .unavailable(reason: "none") },
            constraints: [Constraint(metric: .cost, comparator: .atMost, value: maxCostUSD)],
            productionVolume: units)
    }

    @Test func costConstraintIsJudgedAtTheProductionVolume() throws {
        let id = PointID(designIndex: 0, variantIndex: 0)
        func point(_ units: Int, bound: Double) throws -> EvaluatedPoint {
            PointEvaluator(problem: try Self.problem(units: units, maxCostUSD: bound)).evaluate(id)
        }
        let atMillion = try #require(try point(1_000_000, bound: .infinity).metrics)
        let atTenThousand = try #require(try point(10_000, bound: .infinity).metrics)
        // Per unit, NRE/units: the difference is NRE x (1/10k - 1/1M), and positive.
        #expect(atTenThousand.unitCostUSD > atMillion.unitCostUSD)
        let bound = (atMillion.unitCostUSD + atTenThousand.unitCostUSD) / 2
        #expect(try point(1_000_000, bound: bound).feasible)
        let missed = try point(10_000, bound: bound)
        #expect(!missed.feasible)
        #expect(missed.reason?.contains("cost_usd") == true, "\(missed.reason ?? "")")
    }
}
