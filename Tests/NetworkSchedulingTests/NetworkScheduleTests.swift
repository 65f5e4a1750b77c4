import CodesignCore
import CostModels
import MappingSearch
import NetworkScheduling
import Testing

/// Properties every schedule must have, whatever the network, design or objective.
struct NetworkScheduleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var network: String
        var objective: MappingObjective
        var mapper: MapperKind = .search
        var testDescription: String { "\(network), \(objective.rawValue), \(mapper.rawValue) mapper" }
    }

    static let objectiveCases: [Case] = [
        Case(network: "mobilenet_v2", objective: .latency),
        Case(network: "resnet18", objective: .latency),
        Case(network: "resnet18", objective: .energy),
        Case(network: "resnet18", objective: .edp),
        Case(network: "vgg16", objective: .energy),
        Case(network: "resnet18", objective: .latency, mapper: .ilp),
    ]

    /// The ILP schedule is never worse on its objective than layer-by-layer evaluation with
    /// the same mapper and objective.
    @Test(arguments: objectiveCases)
    func neverWorseThanLayerByLayer(_ c: Case) throws {
        let accelerator = try ScheduleFixtures.edgeTPU()
        let network = try ScheduleFixtures.network(c.network)
        let schedule = try NetworkScheduler(accelerator: accelerator, objective: c.objective, mapper: c.mapper).schedule(network)
        let layerByLayer = try NetworkEvaluator(accelerator: accelerator, objective: c.objective, mapper: c.mapper, schedule: .layerByLayer)
            .evaluate(network)
        let tolerance = 1 + 1e-9
        switch c.objective {
        case .latency: #expect(schedule.latencyS <= layerByLayer.latencyS * tolerance)
        case .energy: #expect(schedule.energyJ <= layerByLayer.energyJ * tolerance)
        case .edp: #expect(schedule.latencyS * schedule.energyJ <= layerByLayer.latencyS * layerByLayer.energyJ * tolerance)
        }
        #expect(schedule.solve.status != .layerByLayerFallback, "\(schedule.solve.note ?? "")")
    }

    /// The evaluation judges $/chip at its production volume: the one-time costs spread over
    /// the volume (hand formula: good die + package and test + NRE / units), and the table
    /// shows the standard volumes plus that one.
    @Test(arguments: [(250_000, [10_000, 100_000, 250_000, 1_000_000]), (100_000, [10_000, 100_000, 1_000_000]),
                      (3_000_000, [10_000, 100_000, 1_000_000, 3_000_000])])
    func unitCostIsJudgedAtTheProductionVolume(units: Int, table: [Int]) throws {
        var evaluator = try NetworkEvaluator(accelerator: try ScheduleFixtures.edgeTPU(), objective: .latency,
                                             mapper: .search, schedule: .layerByLayer)
        evaluator.productionVolume = units
        let e = try evaluator.evaluate(try ScheduleFixtures.network("resnet18"))
        #expect(e.unitCost.perVolume.map(\.units) == table)
        let c = e.unitCost
        let expected = c.goodDieCostUSD + c.packageAndTestUSD + c.nreUSD / Double(units)
        #expect(ScheduleFixtures.relativeError(e.unitCostUSD, expected) <= 1e-12)
        #expect(e.unitCostUSD < c.goodDieCostUSD + c.packageAndTestUSD + c.nreUSD / 10_000)
    }

    /// With a single candidate per layer, the layer-by-layer evaluation's own, the schedule's
    /// baseline reproduces that evaluation exactly: the schedule's cycle and energy formulas
    /// are the cost model's, with nothing removed.
    @Test(arguments: ["mobilenet_v2", "resnet18"])
    func baselineReproducesLayerByLayerEvaluation(_ name: String) throws {
        let accelerator = try ScheduleFixtures.edgeTPU()
        let network = try ScheduleFixtures.network(name)
        let layerByLayer = try NetworkEvaluator(accelerator: accelerator, objective: .latency, mapper: .search, schedule: .layerByLayer).evaluate(network)
        let candidates = layerByLayer.layers.map { [$0.result] }
        let schedule = try NetworkScheduler(accelerator: accelerator).schedule(network, candidates: candidates)
        #expect(ScheduleFixtures.relativeError(schedule.baseline.latencyS, layerByLayer.latencyS) <= 1e-12)
        #expect(ScheduleFixtures.relativeError(schedule.baseline.energyJ, layerByLayer.energyJ) <= 1e-12)
        #expect(ScheduleFixtures.relativeError(schedule.baseline.offChipBytes, layerByLayer.offChipBytes) <= 1e-12)
        #expect(schedule.latencyS <= layerByLayer.latencyS)
    }

    /// Activations do stay on chip where capacity allows, and each on-chip tensor removes
    /// exactly its producer's output traffic and its consumers' share of input traffic.
    @Test func onChipActivationsRemoveExactlyTheirTraffic() throws {
        let workload = try ScheduleFixtures.resNet18.get()
        let accelerator = try ScheduleFixtures.edgeTPU()
        let schedule = try NetworkScheduler(accelerator: accelerator).schedule(workload.network, candidates: workload.candidates)
        let layers = schedule.layers
        let index = Dictionary(uniqueKeysWithValues: layers.enumerated().map { ($1.layer.name, $0) })
        let producers = workload.network.producers
        #expect(layers.contains { $0.fusedWithPredecessor }, "no layer reads its predecessor's output on chip")
        #expect(layers.contains { $0.outputStaysOnChip && $0.layer.weightCount > 0 })
        for (l, layer) in layers.enumerated() {
            let byOperand = layer.result.cost.offChipBytesByOperand
            let removed = layer.offChipBytesRemovedByOperand
            // Outputs: all or nothing.
            #expect(removed[Operand.outputs.position] == (layer.outputStaysOnChip ? byOperand[Operand.outputs.position] : 0))
            // Weights: all when resident.
            #expect(removed[Operand.weights.position] == (layer.weightsResident ? byOperand[Operand.weights.position] : 0))
            // Inputs: each on-chip producer's share, by output size.
            let outputBytes = producers[l].map { Double(layers[$0].layer.elementCount(of: .outputs) * layers[$0].layer.activationBits) / 8 }
            let total = outputBytes.reduce(0, +)
            var expectedInputs = 0.0
            for (i, p) in producers[l].enumerated() where layers[p].outputStaysOnChip {
                expectedInputs += outputBytes[i] / total * byOperand[Operand.inputs.position]
                #expect(layer.onChipInputs.contains(layers[p].layer.name))
                #expect(layers[p].stage == layer.stage)
            }
            #expect(abs(removed[Operand.inputs.position] - expectedInputs) <= 1e-9 * max(1, expectedInputs))
            #expect(layer.onChipInputs.allSatisfy { layers[index[$0]!].outputStaysOnChip })
            #expect(layer.fusedWithPredecessor == (l > 0 && layer.onChipInputs.contains(layers[l - 1].layer.name)))
            // What is left is what the candidate moved minus what was removed.
            let left = layer.result.cost.offChipBytes - removed.reduce(0, +)
            #expect(abs(layer.offChipBytes - left) <= 1e-9 * max(1, layer.result.cost.offChipBytes))
        }
        // Every chip holds its resident weights plus its fullest layer.
        for stage in schedule.stages {
            #expect(stage.peakOnChipBytes <= Double(accelerator.onChipSharedBytes) + 1)
        }
    }

    /// Where a tensor is larger than the on-chip memory, it cannot stay on chip.
    @Test func tensorsLargerThanTheChipStayOff() throws {
        var accelerator = try ScheduleFixtures.edgeTPU()
        accelerator.memory[0].sizeBytes = 256 << 10
        let network = try ScheduleFixtures.network("vgg16")
        let schedule = try NetworkScheduler(accelerator: accelerator).schedule(network)
        let capacity = Double(accelerator.onChipSharedBytes)
        var tooLargeOutputs = 0, tooLargeWeights = 0
        for layer in schedule.layers {
            let outputBytes = Double(layer.layer.elementCount(of: .outputs) * layer.layer.activationBits) / 8
            if outputBytes > capacity {
                tooLargeOutputs += 1
                #expect(!layer.outputStaysOnChip, "\(layer.layer.name)")
            }
            if Double(layer.layer.weightCount * layer.layer.weightBits) / 8 > capacity {
                tooLargeWeights += 1
                #expect(!layer.weightsResident, "\(layer.layer.name)")
            }
        }
        // VGG-16 at 224 has 64-channel 224 x 224 maps (3.2 MB) and 2.4 MB 3 x 3 x 512 x 512
        // weights: both kinds exceed 256 KiB, so the checks above are not vacuous.
        #expect(tooLargeOutputs > 0 && tooLargeWeights > 0)
        #expect(schedule.stages.allSatisfy { $0.peakOnChipBytes <= capacity + 1 })
        #expect(schedule.latencyS <= schedule.baseline.latencyS)
    }

    /// With 1 KiB on chip no VGG-16 weight tensor nor activation fits (the smallest weight
    /// tensor is 1,728 bytes, the smallest tensor with a consumer 4,096): the schedule is the
    /// one without residency or on-chip activations, and it is still a valid schedule. The
    /// array is 8 x 8 here, so that a mapping's own tile still fits in 1 KiB.
    @Test func nothingFitsGivesTheScheduleWithoutResidency() throws {
        var accelerator = try ScheduleFixtures.edgeTPU()
        accelerator.peArray = PEArray(rows: 8, cols: 8, macsPerPE: 1, precisionBits: 8)
        accelerator.memory[0].sizeBytes = 1 << 10
        let network = try ScheduleFixtures.network("vgg16")
        let schedule = try NetworkScheduler(accelerator: accelerator).schedule(network)
        #expect(schedule.residentWeightBytes == 0)
        #expect(schedule.layers.allSatisfy { !$0.weightsResident && !$0.outputStaysOnChip && $0.onChipInputs.isEmpty })
        // With no choice left the ILP is trivially solved to optimality.
        #expect(schedule.solve.status == .optimal, "\(schedule.solve.note ?? "")")
        #expect(ScheduleFixtures.relativeError(schedule.latencyS, schedule.baseline.latencyS) <= 1e-12)
        #expect(schedule.offChipBytes == schedule.baseline.offChipBytes)
    }

    /// Pipelined totals add up: a stage's time is its layers plus its outgoing transfer, one
    /// inference's latency is all layers plus all transfers, throughput is 1 / slowest stage.
    @Test func pipelineTotalsAddUp() throws {
        let workload = try ScheduleFixtures.resNet18.get()
        let accelerator = try ScheduleFixtures.edgeTPU(chips: 2)
        let schedule = try NetworkScheduler(accelerator: accelerator).schedule(workload.network, candidates: workload.candidates)
        #expect(schedule.stages.count == 2)
        var latency = 0.0, slowest = 0.0, next = 0
        for (s, stage) in schedule.stages.enumerated() {
            #expect(stage.chip == s)
            #expect(stage.firstLayer == next)
            next = stage.lastLayer + 1
            let layers = schedule.layers[stage.firstLayer...stage.lastLayer]
            #expect(layers.allSatisfy { $0.stage == s })
            let time = layers.reduce(0) { $0 + $1.latencyS } + stage.transferOutS
            #expect(ScheduleFixtures.relativeError(stage.timeS, time) <= 1e-12)
            let resident = layers.filter(\.weightsResident).reduce(0) { $0 + Double($1.layer.weightCount * $1.layer.weightBits) / 8 }
            #expect(stage.residentWeightBytes == resident)
            #expect(stage.peakOnChipBytes <= Double(accelerator.onChipSharedBytes) + 1)
            latency += time
            slowest = max(slowest, stage.timeS)
        }
        #expect(next == schedule.layers.count)
        #expect(ScheduleFixtures.relativeError(schedule.latencyS, latency) <= 1e-12)
        #expect(ScheduleFixtures.relativeError(schedule.throughputFps, 1 / slowest) <= 1e-12)
        #expect(schedule.totals.chipToChipBytes == schedule.stages.reduce(0) { $0 + $1.transferOutBytes })
        // The pipeline's period is never worse than one chip doing everything layer by layer.
        #expect(1 / schedule.throughputFps <= schedule.baseline.latencyS)
    }

    /// Same inputs, same schedule: searches end on their node limit, not on the clock, so
    /// even an unfinished search is reproducible (the time limit is a distant safety net).
    /// ResNet-18 with 20 nodes per solve stops before proving optimality on one chip.
    @Test func sameInputsGiveTheSameSchedule() throws {
        let mobileNet = try ScheduleFixtures.mobileNetV2.get(), resNet = try ScheduleFixtures.resNet18.get()
        var statuses: [ScheduleStatus] = []
        for (workload, chips, nodeLimit) in [(mobileNet, 1, 1000), (mobileNet, 2, 1000), (resNet, 1, 20), (resNet, 2, 20)] {
            var scheduler = try NetworkScheduler(accelerator: try ScheduleFixtures.edgeTPU(chips: chips), timeLimitS: 60)
            scheduler.nodeLimit = nodeLimit
            let first = try scheduler.schedule(workload.network, candidates: workload.candidates)
            let second = try scheduler.schedule(workload.network, candidates: workload.candidates)
            #expect(first.solve.status == second.solve.status)
            #expect(first.solve.gap == second.solve.gap)
            #expect(first.layers == second.layers)
            #expect(first.stages == second.stages)
            #expect(first.totals == second.totals)
            statuses.append(first.solve.status)
        }
        #expect(statuses.contains(.feasible), "no search ended unfinished: \(statuses)")
    }

    /// A time limit too short for any solve still gives a valid schedule, never worse than
    /// layer by layer, and says what happened.
    @Test func tinyTimeLimitStillGivesASchedule() throws {
        let workload = try ScheduleFixtures.resNet18.get()
        let scheduler = try NetworkScheduler(accelerator: try ScheduleFixtures.edgeTPU(chips: 2), timeLimitS: 1e-6)
        let schedule = try scheduler.schedule(workload.network, candidates: workload.candidates)
        #expect(1 / schedule.throughputFps <= 1 / (schedule.baseline.throughputFps) * (1 + 1e-9))
        // No incumbent within a microsecond: the layer-by-layer schedule, with why.
        #expect(schedule.solve.status == .layerByLayerFallback)
        #expect(schedule.solve.note?.isEmpty == false)
    }

    @Test func badRequestsAreTypedErrors() throws {
        let workload = try ScheduleFixtures.resNet18.get()
        let accelerator = try ScheduleFixtures.edgeTPU()
        let scheduler = try NetworkScheduler(accelerator: accelerator)
        #expect(throws: NetworkSchedulingError.candidateListCountMismatch(layers: workload.network.layers.count, lists: 1)) {
            try scheduler.schedule(workload.network, candidates: [workload.candidates[0]])
        }
        var missing = workload.candidates
        missing[3] = []
        #expect(throws: NetworkSchedulingError.noCandidates(layer: workload.network.layers[3].name)) {
            try scheduler.schedule(workload.network, candidates: missing)
        }
        #expect(throws: NetworkSchedulingError.invalidCandidatesPerLayer(0)) {
            try NetworkScheduler(accelerator: accelerator, candidatesPerLayer: 0).schedule(workload.network)
        }
        #expect(throws: NetworkSchedulingError.invalidTimeLimit(-1)) {
            try NetworkScheduler(accelerator: accelerator, timeLimitS: -1).schedule(workload.network, candidates: workload.candidates)
        }
    }

    /// Candidate selection keeps distinct mappings that trade the objective against on-chip
    /// footprint, best first.
    @Test func candidatesAreDistinctAndBestFirst() throws {
        let workload = try ScheduleFixtures.vgg16.get()
        let scheduler = try NetworkScheduler(accelerator: try ScheduleFixtures.edgeTPU())
        for (layer, list) in zip(workload.network.layers, workload.candidates) {
            #expect(!list.isEmpty && list.count <= scheduler.candidatesPerLayer)
            for (i, a) in list.enumerated() {
                for b in list[(i + 1)...] {
                    #expect(a.mapping != b.mapping, "\(layer.name): duplicate candidate")
                    #expect(!MappingObjective.latency.prefers(b.cost, over: a.cost), "\(layer.name): not best first")
                }
            }
        }
        #expect(workload.candidates.contains { $0.count > 1 })
    }
}
