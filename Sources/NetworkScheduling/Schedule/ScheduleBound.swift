import CodesignCore
import LinearProgramming
import MappingSearch

/// The best the whole-network schedule could make of a network's layer mappings, found
/// without its branch and bound: the larger of two lower bounds. The relieved schedule keeps
/// every layer's weights on chip wherever they fit alone and every tensor on chip wherever it
/// fits alone (the capacity they share ignored; taking traffic away never adds cycles or
/// energy, `LayerCostModel.cost(_:removing:)`), with a pipeline's stages sharing its latency
/// perfectly. The schedule ILP's LP relaxation, each figure minimised on its own, keeps that
/// shared capacity: every schedule the scheduler can report is a point of it. So for these
/// mappings no schedule has a lower latency or energy, nor a higher throughput: a proven
/// optimistic bound, and with the capacity kept a close one (measured on the demo in issue
/// 15's notes). Exploration screens with it, so that refinement re-maps only the points the
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
        var latency = relieved.latencyS, energy = relieved.energyJ
        var period: Double?
        // The schedule ILP's LP relaxation, each figure minimised on its own: every schedule
        // the scheduler can report (an ILP solution, or the layer-by-layer one, feasible in
        // the ILP by construction) is a point of that relaxation, so its minimum bounds the
        // figure, and unlike the relieved schedule it keeps the capacity the resident weights
        // and on-chip tensors share. Taken with the relieved bound, the larger of two bounds.
        let ilp = ScheduleILP(problem: problem, sizeLimit: modelSizeLimit)
        if !ilp.exceedsSizeLimit {
            func relaxedMinimum(_ goal: ScheduleGoal) -> Double? {
                var relaxed = ilp.model(minimising: goal)
                for i in relaxed.variables.indices { relaxed.variables[i].kind = .continuous }
                guard let solution = try? GLPKSolver().solveSync(relaxed, timeLimitS: timeLimitS),
                      solution.status == .optimal, let value = solution.objective else { return nil }
                return value * ScheduleILP.siPerModelUnit(goal)
            }
            if let v = relaxedMinimum(.latency) { latency = max(latency, v) }
            if let v = relaxedMinimum(.energy) { energy = max(energy, v) }
            if problem.stageCount > 1 { period = relaxedMinimum(.bottleneck) }
        }
        let images = Double(network.imagesPerInference)
        let layerByLayerLatency = mappings.reduce(0) { $0 + $1.cost.latencyS }
        let layerByLayerEnergy = mappings.reduce(0) { $0 + $1.cost.energyJ }
        latency = min(latency, layerByLayerLatency)
        // The slowest stage: no shorter than a perfectly balanced share of the latency (on
        // one chip, the latency), nor than the relaxation's, and never longer than a run.
        let balanced = latency / Double(problem.stageCount)
        let stageS = min(latency, max(balanced, period ?? 0))
        return ScheduleBound(latencyS: latency, energyJ: min(energy, layerByLayerEnergy),
                             throughputFps: stageS > 0 ? images / stageS : 0)
    }
}
