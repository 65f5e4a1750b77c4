import CodesignCore
import CostModels
import MappingSearch

/// One layer's mapping and cost inside a network evaluation.
public struct LayerEvaluation: Sendable, Hashable, Codable {
    public var layer: Layer
    public var result: MappingResult

    public init(layer: Layer, result: MappingResult) {
        self.layer = layer
        self.result = result
    }
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
    public var latencyS: Double
    public var energyJ: Double
    public var offChipBytes: Double
    public var area: AreaBreakdown
    public var unitCost: UnitCost
    /// Candidate mappings the mapper scored for this evaluation (layers with a shape seen
    /// before reuse its result and score none).
    public var mappingsScored: Int
    /// How the layers were scheduled (this issue: one after the other, activations and
    /// weights through the outermost level).
    public var schedule: String

    public var throughputFps: Double { latencyS > 0 ? 1 / latencyS : 0 }
    /// Average power while running back-to-back inferences.
    public var powerW: Double { latencyS > 0 ? energyJ / latencyS : 0 }
}

/// Layer-by-layer evaluation: every layer is mapped on its own (identical layer shapes
/// are mapped once) and layers run one after another, exchanging activations through the
/// outermost memory level. Whole-network scheduling with weight residency, fusion and
/// pipelining refines this in NetworkScheduling's ILP.
public struct LayerByLayerEvaluator: Sendable {
    public let accelerator: Accelerator
    public let model: LayerCostModel
    public let objective: MappingObjective
    public let mapperKind: MapperKind
    public let waferSource: WaferCostSource

    public init(accelerator: Accelerator, objective: MappingObjective = .edp, mapper: MapperKind = .ilp,
                waferSource: WaferCostSource = .foundryEstimate) throws(TechnologyError) {
        self.accelerator = accelerator
        self.model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
        self.objective = objective
        self.mapperKind = mapper
        self.waferSource = waferSource
    }

    public func evaluate(_ network: Network) throws -> NetworkEvaluation {
        let mapper = mapperKind.mapper(model: model, objective: objective)
        var cache: [ShapeKey: MappingResult] = [:]
        var layers: [LayerEvaluation] = []
        layers.reserveCapacity(network.layers.count)
        var latency = 0.0, energy = 0.0, offChip = 0.0
        var scored = 0
        for layer in network.layers {
            let key = ShapeKey(layer)
            let result: MappingResult
            if let cached = cache[key] {
                result = cached
            } else {
                result = try mapper.map(layer)
                cache[key] = result
                scored += result.evaluatedCount
            }
            layers.append(LayerEvaluation(layer: layer, result: result))
            latency += result.cost.latencyS
            energy += result.cost.energyJ
            offChip += result.cost.offChipBytes
        }
        let area = model.energy.area
        let cost = try UnitCostModel.cost(dieAreaMM2: area.totalMM2, nodeNm: accelerator.technology.nodeNm,
                                          waferSource: waferSource)
        return NetworkEvaluation(designName: accelerator.name, networkName: network.name, layers: layers,
                                 levelNames: accelerator.memory.map(\.name), macs: network.macs, parameterCount: network.parameterCount,
                                 latencyS: latency, energyJ: energy, offChipBytes: offChip,
                                 area: area, unitCost: cost, mappingsScored: scored,
                                 schedule: "layer-by-layer")
    }
}

/// Everything about a layer that its cost depends on (not its name or its producers).
struct ShapeKey: Hashable {
    var op: LayerOp
    var bounds: DimensionVector
    var strides: [Int]
    var bits: [Int]
    var weightsAreActivations: Bool

    init(_ layer: Layer) {
        op = layer.op
        bounds = layer.bounds
        strides = [layer.strideH, layer.strideW, layer.dilationH, layer.dilationW]
        bits = [layer.weightBits, layer.activationBits]
        weightsAreActivations = layer.weightsAreActivations
    }
}
