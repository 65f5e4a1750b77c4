import CodesignCore
import CostModels
import MappingSearch

/// One layer's mapping and cost inside a network evaluation.
public struct LayerEvaluation: Sendable, Hashable, Codable {
    public var layer: Layer
    public var result: MappingResult
    /// The layer inside a whole-network schedule (residency, on-chip activations, stage),
    /// whose figures replace the mapping's stand-alone ones; nil for layer-by-layer.
    public var scheduled: ScheduledLayer?

    public init(layer: Layer, result: MappingResult, scheduled: ScheduledLayer? = nil) {
        self.layer = layer
        self.result = result
        self.scheduled = scheduled
    }

    /// The cost the figures below come from: after the schedule when there is one.
    public var cost: LayerCost { scheduled?.cost ?? result.cost }
    public var cycles: Double { scheduled?.cycles ?? result.cost.cycles }
    public var latencyS: Double { scheduled?.latencyS ?? result.cost.latencyS }
    public var energyJ: Double { scheduled?.energyJ ?? result.cost.energyJ }
    public var offChipBytes: Double { scheduled?.offChipBytes ?? result.cost.offChipBytes }
    public var bottleneck: String { scheduled?.bottleneck ?? result.cost.bottleneck }
}

/// A whole network on one design: per-layer results and totals per inference, plus the
/// design's area and unit cost.
public struct NetworkEvaluation: Sendable, Codable {
    public var designName: String
    public var networkName: String
    public var layers: [LayerEvaluation]
    /// Memory level names, innermost first, for printing mappings.
    public var levelNames: [String]
    public var macs: Int
    public var parameterCount: Int
    /// One run of the network: `imagesPerInference` images.
    public var latencyS: Double
    /// Images per second: images per run / latency on one chip, images per run / slowest
    /// stage when pipelined.
    public var throughputFps: Double
    /// Energy of one run (all `imagesPerInference` images).
    public var energyJ: Double
    /// The batch one run processes (`Network.imagesPerInference`).
    public var imagesPerInference: Int
    public var offChipBytes: Double
    public var area: AreaBreakdown
    /// The cost table at the standard volumes and `productionVolume`.
    public var unitCost: UnitCost
    /// Units the design is judged at (the workload's `production.volume`).
    public var productionVolume: Int
    /// Candidate mappings the mapper scored for this evaluation (layers with a shape seen
    /// before reuse its result and score none).
    public var mappingsScored: Int
    /// How the layers were scheduled: "layer-by-layer", or the network ILP with its status.
    public var schedule: String
    /// The whole-network schedule, when one was made.
    public var networkSchedule: NetworkSchedule?

    /// Average power while running back-to-back inferences.
    public var powerW: Double { energyJ * throughputFps / Double(imagesPerInference) }
    /// Energy per image.
    public var energyPerImageJ: Double { energyJ / Double(imagesPerInference) }
    /// $/chip at `productionVolume`: the cost constraints, objectives and reports use.
    public var unitCostUSD: Double { unitCost.unitCostUSD(units: productionVolume) }
}

/// How the layers of a network are put together.
public enum ScheduleKind: String, CaseIterable, Sendable, Codable {
    /// The whole-network ILP: weight residency, on-chip activations, pipeline stages.
    case ilp
    /// Each layer on its own, exchanging activations and weights through the outermost level.
    case layerByLayer = "layer-by-layer"
}

/// Evaluates a network on a design: maps every layer (identical layer shapes once), then
/// schedules the network as a whole with the scheduling ILP, or layer by layer.
public struct NetworkEvaluator: Sendable {
    public let accelerator: Accelerator
    public let model: LayerCostModel
    public let objective: MappingObjective
    public let mapperKind: MapperKind
    public let scheduleKind: ScheduleKind
    public let waferSource: WaferCostSource
    /// Mappings shared with other evaluations (an exploration's points); nil maps afresh.
    public var cache: MappingCache?
    /// A safety net on the scheduling ILP's time; its node limit normally ends a hard search
    /// first, which keeps the result the same on every run. Past either, the best schedule
    /// found is reported with its status (never worse than layer-by-layer).
    public var scheduleTimeLimitS = 30.0
    /// Units the chip is judged at (`NetworkEvaluation.productionVolume`).
    public var productionVolume = ProductionVolume.defaultUnits

    public init(accelerator: Accelerator, objective: MappingObjective = .edp, mapper: MapperKind = .ilp,
                schedule: ScheduleKind = .ilp, waferSource: WaferCostSource = .foundryEstimate) throws(TechnologyError) {
        self.accelerator = accelerator
        self.model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
        self.objective = objective
        self.mapperKind = mapper
        self.scheduleKind = schedule
        self.waferSource = waferSource
    }

    public func evaluate(_ network: Network) throws -> NetworkEvaluation {
        switch scheduleKind {
        case .layerByLayer: try layerByLayer(network)
        case .ilp: try scheduled(network)
        }
    }

    private func layerByLayer(_ network: Network) throws -> NetworkEvaluation {
        let mapper = mapperKind.mapper(model: model, objective: objective)
        var cache: [Layer: MappingResult] = [:]
        var layers: [LayerEvaluation] = []
        layers.reserveCapacity(network.layers.count)
        var latency = 0.0, energy = 0.0, offChip = 0.0
        var scored = 0
        for layer in network.layers {
            let key = layer.shape
            let result: MappingResult
            if let cached = cache[key] {
                result = cached
            } else {
                if let shared = self.cache {
                    result = try shared.result(for: layer, on: accelerator, objective: objective, mapper: mapperKind) {
                        () throws(MappingError) in try mapper.map(layer)
                    }
                } else {
                    result = try mapper.map(layer)
                }
                cache[key] = result
                scored += result.evaluatedCount
            }
            layers.append(LayerEvaluation(layer: layer, result: result))
            latency += result.cost.latencyS
            energy += result.cost.energyJ
            offChip += result.cost.offChipBytes
        }
        return try evaluation(network, layers: layers, latencyS: latency, throughputFps: latency > 0 ? 1 / latency : 0,
                              energyJ: energy, offChipBytes: offChip, scored: scored,
                              scheduleText: "layer-by-layer", schedule: nil)
    }

    private func scheduled(_ network: Network) throws -> NetworkEvaluation {
        let scheduler = try NetworkScheduler(accelerator: accelerator, objective: objective,
                                             timeLimitS: scheduleTimeLimitS, mapper: mapperKind)
        let schedule = try scheduler.schedule(network)
        let layers = schedule.layers.map { LayerEvaluation(layer: $0.layer, result: $0.result, scheduled: $0) }
        var seen = Set<Layer>()
        var scored = 0
        for l in layers where seen.insert(l.layer.shape).inserted { scored += l.result.evaluatedCount }
        let t = schedule.totals
        return try evaluation(network, layers: layers, latencyS: t.latencyS, throughputFps: t.throughputFps,
                              energyJ: t.energyJ, offChipBytes: t.offChipBytes, scored: scored,
                              scheduleText: "network ILP (\(schedule.solve.status.rawValue))", schedule: schedule)
    }

    private func evaluation(_ network: Network, layers: [LayerEvaluation], latencyS: Double, throughputFps: Double,
                            energyJ: Double, offChipBytes: Double, scored: Int, scheduleText: String,
                            schedule: NetworkSchedule?) throws -> NetworkEvaluation {
        let area = model.energy.area
        let cost = try UnitCostModel.cost(dieAreaMM2: area.totalMM2, nodeNm: accelerator.technology.nodeNm,
                                          volumes: ProductionVolume.table(including: productionVolume),
                                          waferSource: waferSource)
        // Latency and throughput come per run; a run holds `images` images.
        let images = network.imagesPerInference
        return NetworkEvaluation(designName: accelerator.name, networkName: network.name, layers: layers,
                                 levelNames: accelerator.memory.map(\.name), macs: network.macs,
                                 parameterCount: network.parameterCount, latencyS: latencyS,
                                 throughputFps: throughputFps * Double(images), energyJ: energyJ,
                                 imagesPerInference: images, offChipBytes: offChipBytes, area: area, unitCost: cost,
                                 productionVolume: productionVolume, mappingsScored: scored, schedule: scheduleText, networkSchedule: schedule)
    }
}
