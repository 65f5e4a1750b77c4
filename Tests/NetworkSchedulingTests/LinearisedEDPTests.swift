import CodesignCore
import Foundation
import MappingSearch
@testable import NetworkScheduling
import SpecIO
import Testing
import TestSupport

/// EDP on one chip (issue 15): one ILP minimising E / E0 + L / L0 at the layer-by-layer
/// figures (E0, L0). Checked against every schedule of a small network enumerated and scored
/// exactly (`SchedulingProblem.evaluate`), independently of the ILP.
@Suite struct LinearisedEDPTests {
    /// The first layers of MobileNet v2 on designs whose buffer holds some of their tensors
    /// and weights but not all (up to 12 choices a layer: 12^5 schedules to enumerate).
    static let cases: [(design: String, layers: Int, resolution: Int)] = [
        ("eyeriss-like", 5, 96), ("simba-like", 5, 96), ("eyeriss-like", 4, 224),
    ]

    @Test(arguments: cases)
    func theScheduleMinimisesTheLinearisationAmongAllSchedules(design: String, layers: Int, resolution: Int) throws {
        let accelerator = try SpecLoader.loadDesign(
            path: ScheduleFixtures.repositoryRoot.appendingPathComponent("Designs/\(design).yaml").path).accelerator(at: 0)
        let full = try NetworkZoo.family(named: "mobilenet_v2")!.network(ModelVariant(resolution: resolution))
        let network = try Network(name: "mobilenet_v2-head", layers: Array(full.layers.prefix(layers)))
        let scheduler = try NetworkScheduler(accelerator: accelerator, objective: .edp)
        let candidates = try scheduler.candidates(for: network)
        let problem = try SchedulingProblem(network: network, candidates: candidates, model: scheduler.model, objective: .edp)
        let baseline = problem.evaluate(problem.baselineDecisions()).totals
        func linearised(_ t: ScheduleTotals) -> Double { t.latencyS / baseline.latencyS + t.energyJ / baseline.energyJ }

        // Every schedule: candidate, residency (none or a level) and output on chip per layer.
        let ilp = ScheduleILP(problem: problem)
        var best = Double.infinity
        var fitting = 0
        var d = problem.baselineDecisions()
        func enumerate(_ l: Int) {
            guard l < problem.layers.count else {
                let evaluation = problem.evaluate(d)
                guard problem.overfullLevel(evaluation) == nil else { return }
                fitting += 1
                best = min(best, linearised(evaluation.totals))
                // The ILP's objective at these decisions is the same figure, scored exactly.
                if let values = ilp.values(for: d), ilp.base.isFeasible(values, tolerance: 1e-9) {
                    let model = ilp.model(minimisingLatencyOver: baseline.latencyS, plusEnergyOver: baseline.energyJ)
                    #expect(isClose(model.objectiveValue(at: values), linearised(evaluation.totals), relative: 1e-9))
                }
                return
            }
            let profile = problem.layers[l]
            for m in profile.candidates.indices {
                for resident in [nil] + profile.residencyLevels.map(Optional.init) {
                    for output in profile.outputCanStayOnChip ? [false, true] : [false] {
                        d.candidate[l] = m
                        d.resident[l] = resident
                        d.outputOnChip[l] = output
                        enumerate(l + 1)
                    }
                }
            }
        }
        enumerate(0)
        #expect(fitting > 1)

        // The layer-by-layer schedule starts the search: it is a point of the model.
        let start = try #require(ilp.values(for: problem.baselineDecisions()))
        #expect(ilp.base.isFeasible(start, tolerance: 1e-9))

        let schedule = try scheduler.schedule(network, candidates: candidates)
        #expect(schedule.solve.phases.map(\.minimised) == [NetworkScheduler.linearisedEDPPhase])
        let reached = linearised(schedule.totals)
        // Within the ILP's gap of the best of all schedules, and its product no larger than
        // the layer-by-layer one (the tangent of the concave log E x L lies above it).
        #expect(reached <= best * (1 + NetworkScheduler.singleChipMIPGap) + 1e-12, "\(reached) against \(best)")
        #expect(reached >= best * (1 - 1e-9))
        #expect(schedule.totals.latencyS * schedule.totals.energyJ <= baseline.latencyS * baseline.energyJ * (1 + 1e-12))
    }
}
