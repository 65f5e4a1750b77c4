import CodesignCore
import NetworkScheduling
import Testing
@testable import Exploration

@Suite struct RefinementTests {
    static func point(_ design: Int, latency: Double, energy: Double, area: Double) -> EvaluatedPoint {
        EvaluatedPoint(id: PointID(designIndex: design, variantIndex: 0), designName: "d\(design)",
                       variant: ModelVariant(width: 1, resolution: 224, precision: 8, pruning: 0),
                       metrics: PointMetrics(latencyS: latency, throughputFps: 1 / latency, energyJ: energy,
                                             powerW: energy / latency, areaMM2: area, unitCostUSD: 1, mapper: "search"),
                       feasible: true, reason: nil)
    }

    /// Screening: a (1 ms, 1 mJ, 4 mm²) and b (1 ms, 1 mJ, 2 mm²) — b dominates a; c
    /// (1.5 ms, 1 mJ, 1 mm²) is on the front too; d (4 ms, 1 mJ, 3 mm²) is dominated by b.
    @Test func frontFirstThenWhatTheObservedImprovementCouldLift() {
        let objectives: [Metric] = [.latency, .energy, .area]
        let points = [Self.point(0, latency: 1e-3, energy: 1e-3, area: 4), Self.point(1, latency: 1e-3, energy: 1e-3, area: 2),
                      Self.point(2, latency: 1.5e-3, energy: 1e-3, area: 1), Self.point(3, latency: 4e-3, energy: 1e-3, area: 3)]
        let first = Refinement.candidates(points: points, refined: [], objectives: objectives, constraints: [])
        #expect(first == [PointID(designIndex: 1, variantIndex: 0), PointID(designIndex: 2, variantIndex: 0)])
        // Re-mapping halves c's latency: factor 2. a, halved, would be 0.5 ms: not dominated
        // by b (1 ms) any more, so it qualifies; d, halved, is 2 ms at 3 mm²: still dominated.
        let refined = [Self.point(1, latency: 1e-3, energy: 1e-3, area: 2), Self.point(2, latency: 0.75e-3, energy: 1e-3, area: 1)]
        #expect(Refinement.improvementFactors(points: points, refined: refined)[.latency] == 2)
        let second = Refinement.candidates(points: points, refined: refined, objectives: objectives, constraints: [])
        #expect(second == [PointID(designIndex: 0, variantIndex: 0)])
    }

    /// A point that misses a constraint only by less than the observed improvement is a
    /// candidate; one that misses it by more is not.
    @Test func constraintsAreCheckedOnTheImprovedFigures() {
        let objectives: [Metric] = [.latency, .area]
        let limit = Constraint(metric: .latency, comparator: .atMost, value: 2e-3)
        let points = [Self.point(0, latency: 1e-3, energy: 1e-3, area: 4), Self.point(1, latency: 3e-3, energy: 1e-3, area: 1),
                      Self.point(2, latency: 5e-3, energy: 1e-3, area: 0.5)]
        let refined = [Self.point(0, latency: 0.5e-3, energy: 1e-3, area: 4)]
        let next = Refinement.candidates(points: points, refined: refined, objectives: objectives, constraints: [limit])
        #expect(next == [PointID(designIndex: 1, variantIndex: 0)])
    }

    /// With schedule bounds (issue 15): c's halved latency came from the schedule, and its bound
    /// said so (0.75 ms), so re-mapping gave nothing beyond the bound: factor 1. a's bound says
    /// the schedule cannot help it (1 ms): it stays dominated by b and is not re-mapped, where
    /// the screening-only rule above re-mapped it for c's gain.
    @Test func aBoundKeepsAnotherPointsScheduleGainFromLiftingAPoint() {
        let objectives: [Metric] = [.latency, .energy, .area]
        let points = [Self.point(0, latency: 1e-3, energy: 1e-3, area: 4), Self.point(1, latency: 1e-3, energy: 1e-3, area: 2),
                      Self.point(2, latency: 1.5e-3, energy: 1e-3, area: 1), Self.point(3, latency: 4e-3, energy: 1e-3, area: 3)]
        let bounds: [PointID: ScheduleBound] = [
            PointID(designIndex: 0, variantIndex: 0): ScheduleBound(latencyS: 1e-3, energyJ: 1e-3, throughputFps: 1e3),
            PointID(designIndex: 1, variantIndex: 0): ScheduleBound(latencyS: 1e-3, energyJ: 1e-3, throughputFps: 1e3),
            PointID(designIndex: 2, variantIndex: 0): ScheduleBound(latencyS: 0.75e-3, energyJ: 1e-3, throughputFps: 1e3 / 0.75),
            PointID(designIndex: 3, variantIndex: 0): ScheduleBound(latencyS: 4e-3, energyJ: 1e-3, throughputFps: 250),
        ]
        let refined = [Self.point(1, latency: 1e-3, energy: 1e-3, area: 2), Self.point(2, latency: 0.75e-3, energy: 1e-3, area: 1)]
        let baselines = points.map { Refinement.baseline($0, bound: bounds[$0.id]) }
        #expect(Refinement.improvementFactors(points: baselines, refined: refined)[.latency] == 1)
        #expect(Refinement.candidates(points: points, refined: refined, objectives: objectives, constraints: [],
                                      bounds: bounds) == [])
        // A point whose own bound promises the front is re-mapped: d's schedule could take it to
        // 0.5 ms, faster than c's 0.75 ms.
        var promising = bounds
        promising[PointID(designIndex: 3, variantIndex: 0)] = ScheduleBound(latencyS: 0.5e-3, energyJ: 1e-3, throughputFps: 2e3)
        #expect(Refinement.candidates(points: points, refined: refined, objectives: objectives, constraints: [],
                                      bounds: promising) == [PointID(designIndex: 3, variantIndex: 0)])
    }

    /// Rounds take the best prospects first: p0's bound (1 ms) dominates p1's (1.5 ms) at the
    /// same area, so the first round re-maps p0 only, although both bounds beat the screening
    /// front (p0's 2 ms). Re-mapped, p0 reaches its bound (factor 1), which rules p1 out: it is
    /// never re-mapped, where taking every open point at once would have re-mapped both.
    @Test func theBestProspectsFirstRuleOutTheRest() {
        let objectives: [Metric] = [.latency, .area]
        let points = [Self.point(0, latency: 2e-3, energy: 1e-3, area: 1), Self.point(1, latency: 3e-3, energy: 1e-3, area: 1)]
        let bounds: [PointID: ScheduleBound] = [
            PointID(designIndex: 0, variantIndex: 0): ScheduleBound(latencyS: 1e-3, energyJ: 1e-3, throughputFps: 1e3),
            PointID(designIndex: 1, variantIndex: 0): ScheduleBound(latencyS: 1.5e-3, energyJ: 1e-3, throughputFps: 1e3 / 1.5),
        ]
        let first = Refinement.candidates(points: points, refined: [], objectives: objectives, constraints: [], bounds: bounds)
        #expect(first == [PointID(designIndex: 0, variantIndex: 0)])
        let refined = [Self.point(0, latency: 1e-3, energy: 1e-3, area: 1)]
        #expect(Refinement.candidates(points: points, refined: refined, objectives: objectives, constraints: [],
                                      bounds: bounds) == [])
    }
}
