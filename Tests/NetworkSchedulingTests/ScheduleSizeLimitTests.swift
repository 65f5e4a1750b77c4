import CodesignCore
import CostModels
import MappingSearch
@testable import NetworkScheduling
import Testing
import TestSupport

/// A graph whose scheduling ILP would be too large for the solver (issue 12: a 4,000-layer
/// list ended in "internal error: 16131964 non-zero coefficients") is scheduled layer by
/// layer, said in the schedule's note, with exactly the layer-by-layer figures.
@Suite struct ScheduleSizeLimitTests {
    @Test(arguments: ["resnet18", "mobilenet_v2"])
    func tooLargeAModelFallsBackToLayerByLayer(network name: String) throws {
        let accelerator = try ScheduleFixtures.edgeTPU()
        let network = try ScheduleFixtures.network(name)
        var scheduler = try NetworkScheduler(accelerator: accelerator, objective: .latency)
        scheduler.modelSizeLimit = 10
        let schedule = try scheduler.schedule(network)
        #expect(schedule.solve.status == .layerByLayerFallback)
        #expect(schedule.solve.note?.contains("would have more than 10 non-zero coefficients") == true, "\(schedule.solve.note ?? "")")
        #expect(isClose(schedule.latencyS, schedule.baseline.latencyS, relative: 1e-12))
        #expect(isClose(schedule.energyJ, schedule.baseline.energyJ, relative: 1e-12))
        // The full model is built and solved without the limit.
        let full = try NetworkScheduler(accelerator: accelerator, objective: .latency).schedule(network)
        #expect(full.solve.status != .layerByLayerFallback)
    }
}
