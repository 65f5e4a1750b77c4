import CodesignCore
import CostModels
import Foundation
import MappingSearch
@testable import NetworkScheduling
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

    /// The LP relaxation keeps the capacity that resident weights share: two layers whose
    /// weights (36 KiB each) fit the 64 KiB buffer alone but not together. The relieved
    /// schedule keeps both resident; the relaxation cannot, so the bound's energy is above
    /// the relieved schedule's, and still no higher than the best schedule that fits (all of
    /// them enumerated and scored exactly).
    @Test func theRelaxationKeepsTheSharedCapacity() throws {
        let accelerator = Accelerator(
            name: "64k", technology: Technology(nodeNm: 28, clockMHz: 500),
            peArray: PEArray(rows: 8, cols: 8), array: .broadcast, dataflow: .any,
            memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 64, holds: [.weights, .inputs, .outputs]),
                     MemoryLevel(name: "GLB", sizeBytes: 64 << 10, bandwidthBytesPerCycle: 64),
                     MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerCycle: 16)])
        let conv = { (name: String) in
            Layer(name: name, op: .conv, bounds: DimensionVector(k: 64, c: 64, p: 7, q: 7, r: 3, s: 3))
        }
        let network = try Network(name: "two-convolutions", layers: [conv("a"), conv("b")])
        let scheduler = try NetworkScheduler(accelerator: accelerator, objective: .edp)
        let mapper = MapperKind.search.mapper(model: scheduler.model, objective: .edp)
        let mappings = try network.layers.map { try mapper.map($0) }
        let problem = try SchedulingProblem(network: network, candidates: mappings.map { [$0] }, model: scheduler.model,
                                            objective: .edp)
        #expect(problem.layers.allSatisfy { $0.weightBytes == 36 * 1024 && $0.canBeResident })
        var relieved = problem.baselineDecisions()
        relieved.resident = problem.layers.map { $0.residencyLevels.first }
        relieved.outputOnChip = problem.layers.map(\.outputCanStayOnChip)
        let relievedEnergyJ = problem.evaluate(relieved).totals.energyJ
        #expect(problem.overfullLevel(problem.evaluate(relieved)) != nil)
        // Every schedule of the two layers (each one's weights resident or not, the first
        // one's output on chip or not), scored exactly; those that fit.
        var fitting: [Double] = []
        for choice in 0..<8 {
            var d = relieved
            d.resident = [choice & 1 != 0 ? relieved.resident[0] : nil, choice & 2 != 0 ? relieved.resident[1] : nil]
            d.outputOnChip = [choice & 4 != 0 && relieved.outputOnChip[0], false]
            let evaluation = problem.evaluate(d)
            if problem.overfullLevel(evaluation) == nil { fitting.append(evaluation.totals.energyJ) }
        }
        #expect(!fitting.isEmpty)
        let bound = try scheduler.bound(network, mappings: mappings)
        #expect(bound.energyJ > relievedEnergyJ * 1.01, "\(bound.energyJ) against the relieved \(relievedEnergyJ)")
        #expect(bound.energyJ <= fitting.min()! * (1 + 1e-9))
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
