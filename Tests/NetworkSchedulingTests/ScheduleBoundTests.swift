import CodesignCore
import CostModels
import Foundation
import MappingSearch
import NetworkScheduling
import SpecIO
import Testing
import TestSupport

/// The schedule's optimistic bound (issue 15) against the schedule itself: given the same one
/// mapping per layer, no schedule the ILP finds has a lower latency or energy, or a higher
/// throughput, than the bound; and the bound never exceeds the layer-by-layer figures of those
/// mappings. Over designs with little on-chip memory (Eyeriss), with a lot (Edge TPU, whose
/// weights can stay resident), on one chip and pipelined over four.
@Suite struct ScheduleBoundTests {
    static let cases: [(design: String, network: String, chips: Int)] = [
        ("eyeriss-like", "mobilenet_v2", 1), ("eyeriss-like", "resnet18", 1),
        ("edge-tpu-like", "mobilenet_v2", 1), ("edge-tpu-like", "resnet18", 1), ("edge-tpu-like", "resnet18", 4),
        ("simba-like", "mobilenet_v2", 1),
    ]

    @Test(arguments: cases)
    func noScheduleBeatsTheBound(design: String, network name: String, chips: Int) throws {
        var accelerator = try SpecLoader.loadDesign(
            path: ScheduleFixtures.repositoryRoot.appendingPathComponent("Designs/\(design).yaml").path).accelerator(at: 0)
        accelerator.chips = chips
        let network = try ScheduleFixtures.network(name)
        let scheduler = try NetworkScheduler(accelerator: accelerator, objective: .edp)
        let model = scheduler.model
        let mapper = MapperKind.search.mapper(model: model, objective: .edp)
        let mappings = try network.layers.map { try mapper.map($0) }
        let bound = try scheduler.bound(network, mappings: mappings)
        let schedule = try scheduler.schedule(network, candidates: mappings.map { [$0] })
        let tolerance = 1e-9
        #expect(bound.latencyS <= schedule.totals.latencyS * (1 + tolerance))
        #expect(bound.energyJ <= schedule.totals.energyJ * (1 + tolerance))
        let images = Double(network.imagesPerInference)
        #expect(bound.throughputFps >= schedule.totals.throughputFps * images * (1 - tolerance))
        // Never worse than the same mappings layer by layer.
        let layerByLayer = mappings.reduce(0) { $0 + $1.cost.latencyS }
        #expect(bound.latencyS <= layerByLayer)
        #expect(bound.energyJ <= mappings.reduce(0) { $0 + $1.cost.energyJ })
    }

    /// Without on-chip storage to keep anything in, the bound is the layer-by-layer figures.
    @Test func nothingToKeepIsNoGain() throws {
        let accelerator = Accelerator(
            name: "no-buffer", technology: Technology(nodeNm: 28, clockMHz: 500),
            peArray: PEArray(rows: 8, cols: 8), array: .broadcast, dataflow: .any,
            memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 64, holds: [.weights, .inputs, .outputs]),
                     MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerCycle: 16)])
        let network = try ScheduleFixtures.network("resnet18")
        let scheduler = try NetworkScheduler(accelerator: accelerator, objective: .edp)
        let mapper = MapperKind.search.mapper(model: scheduler.model, objective: .edp)
        let mappings = try network.layers.map { try mapper.map($0) }
        let bound = try scheduler.bound(network, mappings: mappings)
        let latency = mappings.reduce(0) { $0 + $1.cost.latencyS }
        #expect(isClose(bound.latencyS, latency, relative: 1e-12))
        #expect(isClose(bound.energyJ, mappings.reduce(0) { $0 + $1.cost.energyJ }, relative: 1e-12))
    }
}
