import CodesignCore
import CostModels

/// The blind baseline: uniformly random points of the mapspace (a uniformly random padded
/// space, every prime factor in a uniformly random allowed slot, a uniformly random loop order), invalid ones discarded,
/// the best by the objective kept. It measures what the ILP mapper's structure is worth.
///
/// Deterministic for a seed on every platform and toolchain: it draws from its own
/// SplitMix64 stream with its own bounded-integer reduction, not from the standard library's.
public struct RandomMapper: Sendable {
    public let model: LayerCostModel
    public let objective: MappingObjective
    /// Valid points to score.
    public let samples: Int
    public let seed: UInt64
    /// Draws allowed per requested sample before giving up on a space that is mostly invalid.
    public var attemptsPerSample = 50

    public init(model: LayerCostModel, objective: MappingObjective, samples: Int = 2000, seed: UInt64 = 1) {
        self.model = model
        self.objective = objective
        self.samples = samples
        self.seed = seed
    }

    public func map(_ layer: Layer) throws(MappingError) -> MappingResult {
        let search = SearchMapper(model: model, objective: objective)
        if !layer.op.runsOnPEArray { return try search.map(layer) }
        try search.checkFeasibility(of: layer)

        let spaces = Mapspace.paddedSpaces(layer: layer, accelerator: model.accelerator)
        var generator = SplitMix64(seed: seed)
        var best: (mapping: Mapping, cost: LayerCost)?
        var firstViolation: MappingViolation?
        var valid = 0
        var attempts = 0
        let maxAttempts = samples.multipliedReportingOverflow(by: attemptsPerSample).overflow
            ? Int.max : samples * attemptsPerSample
        while valid < samples && attempts < maxAttempts {
            attempts += 1
            let space = spaces[generator.next(below: spaces.count)]
            var slotOfFactor = [Int](repeating: 0, count: space.factors.count)
            for i in slotOfFactor.indices {
                let allowed = space.allowedSlots[i]
                slotOfFactor[i] = allowed[generator.next(below: allowed.count)]
            }
            let order = generator.next(below: space.loopOrders.count)
            let mapping = space.mapping(slotOfFactor: slotOfFactor, loopOrder: order)
            if let violation = model.violations(of: mapping, for: layer).first {
                firstViolation = firstViolation ?? violation
                continue
            }
            valid += 1
            let cost = model.cost(of: layer, mapping: mapping)
            if best == nil || objective.prefers(cost, over: best!.cost) {
                best = (mapping, cost)
            }
        }
        guard let best else {
            let detail = firstViolation.map { "; the first was rejected because \($0)" } ?? ""
            throw .noValidMapping(layer: layer.name,
                                  reason: "none of \(attempts) random points of the mapspace is valid\(detail)")
        }
        return MappingResult(mapping: best.mapping, cost: best.cost, mapper: .random, status: .heuristic,
                             evaluatedCount: valid)
    }
}
