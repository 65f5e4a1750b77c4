import CodesignCore
import CostModels
import Foundation
import MappingSearch
import NetworkScheduling

/// Which search strategy drives an exploration.
public enum StrategyKind: String, CaseIterable, Sendable, Codable {
    case grid, random, nsga2
}

public struct ExplorationSettings: Sendable, Hashable {
    public var strategy: StrategyKind
    /// Evaluations at most (nil: the whole space for grid; required for random and nsga2).
    public var budget: Int?
    public var seed: UInt64
    public var jobs: Int
    public var shard: ShardSpec
    /// Points evaluated and stored per transaction: what a kill can lose at most.
    public var batchSize: Int

    public init(strategy: StrategyKind, budget: Int?, seed: UInt64, jobs: Int, shard: ShardSpec = .whole,
                batchSize: Int = 16) {
        self.strategy = strategy
        self.budget = budget
        self.seed = seed
        self.jobs = jobs
        self.shard = shard
        self.batchSize = batchSize
    }
}

/// Progress figures for the terminal.
public struct ExplorationProgress: Sendable {
    public var done: Int
    public var total: Int
    public var feasible: Int
    public var frontSize: Int
    public var newlyEvaluated: Int
    public var pointsPerSecond: Double
    public var etaS: Double?
}

public enum ExplorationError: Error, Sendable, CustomStringConvertible {
    case budgetRequired(StrategyKind)
    case shardNeedsIndependentPoints(StrategyKind)
    case invalidBudget(Int)
    /// A stored point the space does not have: the store was edited or mixed with another
    /// run's, and its point must never reach an evaluation.
    case pointOutsideSpace(PointID, designCount: Int, variantCount: Int)

    public var description: String {
        switch self {
        case .budgetRequired(let s): "the \(s.rawValue) strategy needs a budget of evaluations"
        case .shardNeedsIndependentPoints(let s):
            "only grid and random runs split into shards; \(s.rawValue) chooses each generation from the last, so it runs whole"
        case .invalidBudget(let b): "the budget must be a positive number of evaluations, found \(b)"
        case .pointOutsideSpace(let id, let designs, let variants):
            "the store holds point (design \(id.designIndex), variant \(id.variantIndex)), outside this run's "
                + "\(designs) designs × \(variants) variants: it was edited or mixed with another run's, so it cannot be resumed"
        }
    }
}

/// Runs an exploration against a results store: asks the strategy for points, evaluates
/// those the store does not hold yet (in parallel, memoised), stores each batch in one
/// transaction, and tells the strategy every result. A resumed run replays the same asks
/// and takes stored results instead of evaluating, so the strategy sees exactly what it saw
/// the first time and the store ends as an uninterrupted run's would.
public struct ExplorationRun: Sendable {
    public let evaluator: PointEvaluator
    public let space: SearchSpace
    public let objectives: [Metric]
    public let settings: ExplorationSettings

    public init(evaluator: PointEvaluator, space: SearchSpace,
                objectives: [Metric], settings: ExplorationSettings) throws(ExplorationError) {
        if let budget = settings.budget, budget < 1 { throw .invalidBudget(budget) }
        if settings.strategy != .grid && settings.budget == nil { throw .budgetRequired(settings.strategy) }
        if settings.strategy == .nsga2 && settings.shard.count > 1 { throw .shardNeedsIndependentPoints(.nsga2) }
        self.evaluator = evaluator
        self.space = space
        self.objectives = objectives
        self.settings = settings
    }

    /// NSGA-II's population: a quarter of the budget, between 8 and 40.
    var populationSize: Int {
        let total = space.designCount * space.variantCount
        return min(40, max(8, min(settings.budget ?? total, total) / 4))
    }

    func makeStrategy() -> any SearchStrategy {
        let total = space.designCount * space.variantCount
        let budget = min(settings.budget ?? total, total)
        switch settings.strategy {
        case .grid: return GridSearch(space: space, budget: budget)
        case .random: return RandomSearch(space: space, seed: settings.seed, budget: budget)
        case .nsga2:
            return NSGA2(space: space, seed: settings.seed, populationSize: populationSize,
                         objectives: objectives, budget: budget)
        }
    }

    /// Runs to the end; returns every point of this run (stored before or now), by PointID,
    /// and how many of them this call evaluated (the rest came from the store).
    public func run(store: ResultsStore, progress: (ExplorationProgress) -> Void) async throws
        -> (points: [EvaluatedPoint], evaluatedNow: Int)
    {
        var strategy = makeStrategy()
        let stored = Dictionary(uniqueKeysWithValues: try store.allPoints().map { ($0.id, $0) })
        // Checked here, where the store's points first meet the space: before any is asked,
        // evaluated or refined.
        if let outside = stored.keys.filter({ !space.contains($0) }).min() {
            throw ExplorationError.pointOutsideSpace(outside, designCount: space.designCount, variantCount: space.variantCount)
        }
        var seen: [PointID: EvaluatedPoint] = [:]
        let total = min(settings.budget ?? space.designCount * space.variantCount, space.designCount * space.variantCount)
        let started = ContinuousClock.now
        var evaluatedNow = 0
        var feasibleCount = 0
        var front: [EvaluatedPoint] = []
        while true {
            // Fixed batches for every strategy: NSGA-II then breeds steady-state, which reached
            // a larger hypervolume on the bundled spaces than whole generations (make bench).
            let asked = strategy.ask(count: settings.batchSize)
            if asked.isEmpty { break }
            // This shard's share of the batch; other shards evaluate the rest.
            let mine = asked.filter { settings.shard.contains($0, variantCount: space.variantCount) }
            let missing = mine.filter { stored[$0] == nil && seen[$0] == nil }
            let fresh = await evaluator.evaluate(missing, jobs: settings.jobs)
            try store.insert(fresh)
            evaluatedNow += fresh.count
            // Points seen for the first time (evaluated now or taken from the store) update
            // the counts and the front incrementally: the front of the front plus the new
            // points is the front of all points, so no step grows with the run's length.
            var arrived: [EvaluatedPoint] = []
            for point in fresh { seen[point.id] = point; arrived.append(point) }
            var results: [EvaluatedPoint] = []
            for id in mine {
                if let p = seen[id] {
                    results.append(p)
                } else if let p = stored[id] {
                    seen[id] = p
                    arrived.append(p)
                    results.append(p)
                }
            }
            strategy.tell(results)
            feasibleCount += arrived.filter(\.feasible).count
            if !arrived.isEmpty { front = ParetoFront.nonDominated(front + arrived, objectives: objectives) }
            let elapsed = seconds(ContinuousClock.now - started)
            let rate = elapsed > 0 ? Double(evaluatedNow) / elapsed : 0
            let remaining = max(0, total / max(1, settings.shard.count) - seen.count)
            progress(ExplorationProgress(
                done: seen.count, total: total / max(1, settings.shard.count),
                feasible: feasibleCount,
                frontSize: front.count,
                newlyEvaluated: evaluatedNow, pointsPerSecond: rate,
                etaS: rate > 0 ? Double(remaining) / rate : nil))
        }
        return (seen.values.sorted { $0.id < $1.id }, evaluatedNow)
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
