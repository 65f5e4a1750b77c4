import SpecIO
import CodesignCore
import CostModels
import MappingSearch
import NetworkScheduling

/// What an exploration evaluates: designs by index, variants by index, how a variant
/// becomes a network, where its accuracy comes from, and the constraints. Closures keep
/// Exploration free of the file formats (SpecIO builds them).
public struct ExplorationProblem: Sendable {
    public var designCount: Int
    public var design: @Sendable (Int) -> Accelerator
    public var variants: [ModelVariant]
    public var network: @Sendable (ModelVariant) throws -> Network
    public var accuracy: @Sendable (ModelVariant) -> AccuracyLookup
    public var constraints: [Constraint]
    /// Units each design is costed at (the workload's `production.volume`).
    public var productionVolume: Int

    public init(designCount: Int, design: @escaping @Sendable (Int) -> Accelerator, variants: [ModelVariant],
                network: @escaping @Sendable (ModelVariant) throws -> Network,
                accuracy: @escaping @Sendable (ModelVariant) -> AccuracyLookup,
                constraints: [Constraint],
                productionVolume: Int = ProductionVolume.defaultUnits) {
        self.productionVolume = productionVolume
        self.designCount = designCount
        self.design = design
        self.variants = variants
        self.network = network
        self.accuracy = accuracy
        self.constraints = constraints
    }
}

/// Evaluates points of an exploration: each (design, variant) pair is mapped and scheduled
/// with the chosen mapper and schedule, its accuracy looked up, its constraints checked.
/// With the layer-by-layer schedule (the screening pass), layer mappings are memoised across
/// points by (layer shape, precision, hardware), so a sweep maps each distinct (layer, chip)
/// pair once; the whole-network schedule maps its candidates per point. Results come back in the order of the
/// ids asked, whatever the parallelism.
public final class PointEvaluator: Sendable {
    public let problem: ExplorationProblem
    public let objective: MappingObjective
    public let mapper: MapperKind
    public let schedule: ScheduleKind
    /// Layer mappings shared by every point this evaluator sees.
    public let cache = MappingCache()

    public init(problem: ExplorationProblem, objective: MappingObjective = .edp, mapper: MapperKind = .search,
                schedule: ScheduleKind = .layerByLayer) {
        self.problem = problem
        self.objective = objective
        self.mapper = mapper
        self.schedule = schedule
    }

    /// Evaluates `ids` on up to `jobs` concurrent tasks; results in the order of `ids`.
    /// `finished` is called with each point as it is done, in the order they finish (a point
    /// of the ILP refinement takes seconds: the caller stores and reports as they come, and
    /// the tasks never wait for a batch to drain).
    public func evaluate(_ ids: [PointID], jobs: Int,
                         finished: (EvaluatedPoint) -> Void = { _ in }) async -> [EvaluatedPoint] {
        let jobs = max(1, jobs)
        return await withTaskGroup(of: (Int, EvaluatedPoint).self) { group in
            var results = [EvaluatedPoint?](repeating: nil, count: ids.count)
            var next = 0
            func launch() {
                let index = next
                let id = ids[index]
                next += 1
                group.addTask { (index, self.evaluate(id)) }
            }
            while next < ids.count && next < jobs { launch() }
            while let (index, point) = await group.next() {
                results[index] = point
                finished(point)
                if next < ids.count { launch() }
            }
            return results.map { $0! }
        }
    }

    /// One point, synchronously: never throws; a point that cannot be evaluated is returned
    /// infeasible with the reason.
    public func evaluate(_ id: PointID) -> EvaluatedPoint {
        let accelerator = problem.design(id.designIndex)
        let variant = problem.variants[id.variantIndex]
        let evaluation: NetworkEvaluation
        switch evaluate(accelerator, variant) {
        case .failure(let failure):
            return EvaluatedPoint(id: id, designName: accelerator.name, variant: variant, metrics: nil, feasible: false,
                                  reason: failure.reason)
        case .success(let evaluated): evaluation = evaluated.evaluation
        }
        let accuracy = problem.accuracy(variant)
        var metrics = PointMetrics(
            latencyS: evaluation.latencyS, throughputFps: evaluation.throughputFps, energyJ: evaluation.energyJ,
            powerW: evaluation.powerW, areaMM2: evaluation.area.totalMM2,
            unitCostUSD: evaluation.unitCostUSD,
            mapper: Set(evaluation.layers.map(\.result.mapper).filter { $0 != .vectorUnit }.map(\.rawValue)).sorted()
                .joined(separator: "+"))
        accuracy.apply(to: &metrics)
        let reasons = violations(of: metrics, constraints: problem.constraints)
        return EvaluatedPoint(id: id, designName: accelerator.name, variant: variant, metrics: metrics,
                              feasible: reasons.isEmpty, reason: reasons.isEmpty ? nil : reasons.joined(separator: "; "))
    }

    /// What the whole-network schedule could at best make of a point this evaluator screens
    /// layer by layer (`ScheduleBound`): its layer mappings, taken from the shared cache (a
    /// screened point costs lookups, not mappings), relieved of every transfer a schedule
    /// could take away. nil when the point cannot be evaluated, or when this evaluator
    /// schedules the whole network itself.
    public func scheduleBound(_ id: PointID) -> ScheduleBound? {
        guard schedule == .layerByLayer,
              case .success(let evaluated) = evaluate(problem.design(id.designIndex), problem.variants[id.variantIndex]),
              let scheduler = try? NetworkScheduler(accelerator: evaluated.accelerator, objective: objective) else { return nil }
        return try? scheduler.bound(evaluated.network, mappings: evaluated.evaluation.layers.map(\.result))
    }

    private struct Failure: Error { var reason: String }

    /// The network of a variant evaluated on a design with this evaluator's mapper and
    /// schedule, or why it cannot be.
    private func evaluate(_ accelerator: Accelerator, _ variant: ModelVariant)
        -> Result<(accelerator: Accelerator, network: Network, evaluation: NetworkEvaluation), Failure> {
        let network: Network
        do { network = try problem.network(variant) } catch { return .failure(Failure(reason: "variant cannot be built: \(error)")) }
        do {
            var evaluator = try NetworkEvaluator(accelerator: accelerator, objective: objective, mapper: mapper,
                                                 schedule: schedule)
            evaluator.cache = cache
            evaluator.productionVolume = problem.productionVolume
            return .success((accelerator, network, try evaluator.evaluate(network)))
        } catch {
            return .failure(Failure(reason: "\(error)"))
        }
    }
}
