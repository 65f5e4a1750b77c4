import CodesignCore
import MappingSearch

/// The best the whole-network schedule could make of a network's layer mappings, found
/// without solving its ILP: every layer's weights kept on chip wherever they fit alone, every
/// tensor kept on chip wherever it fits alone (the capacity shared between them ignored), and
/// for several chips a pipeline whose stages share that latency perfectly. Dropping the
/// shared-capacity constraints only widens the schedule's choices, and taking traffic away
/// never adds cycles or energy (`LayerCostModel.cost(_:removing:)`), so for these mappings no
/// schedule has a lower latency or energy, nor a higher throughput: a proven optimistic
/// bound. Exploration screens with it, so that refinement re-maps only the points the
/// schedule could bring onto the front (`Refinement`).
public struct ScheduleBound: Sendable, Hashable, Codable {
    /// One run of the network (as `NetworkEvaluation.latencyS`).
    public var latencyS: Double
    /// Energy of one run.
    public var energyJ: Double
    /// Images per second (as `NetworkEvaluation.throughputFps`).
    public var throughputFps: Double

    public init(latencyS: Double, energyJ: Double, throughputFps: Double) {
        self.latencyS = latencyS
        self.energyJ = energyJ
        self.throughputFps = throughputFps
    }
}

extension NetworkScheduler {
    /// The bound (see `ScheduleBound`) for `network` mapped layer by layer with `mappings`
    /// (one per layer, in order), never worse than those mappings taken layer by layer.
    public func bound(_ network: Network, mappings: [MappingResult]) throws(NetworkSchedulingError) -> ScheduleBound {
        let problem = try SchedulingProblem(network: network, candidates: mappings.map { [$0] }, model: model,
                                            objective: objective)
        var decisions = problem.baselineDecisions()
        // The innermost level a layer's weights fit in alone removes the most traffic.
        decisions.resident = problem.layers.map { $0.residencyLevels.first }
        decisions.outputOnChip = problem.layers.map(\.outputCanStayOnChip)
        // On one chip: no transfer between chips adds time or energy.
        decisions.stage = Array(repeating: 0, count: problem.layers.count)
        let relieved = problem.evaluate(decisions).totals
        let images = Double(network.imagesPerInference)
        let layerByLayerLatency = mappings.reduce(0) { $0 + $1.cost.latencyS }
        let layerByLayerEnergy = mappings.reduce(0) { $0 + $1.cost.energyJ }
        let latency = min(relieved.latencyS, layerByLayerLatency)
        // Pipelined over the chips, no stage is shorter than a perfectly balanced share.
        let period = latency / Double(problem.stageCount)
        return ScheduleBound(latencyS: latency, energyJ: min(relieved.energyJ, layerByLayerEnergy),
                             throughputFps: period > 0 ? images / period : 0)
    }
}
