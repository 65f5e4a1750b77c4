import CodesignCore
import Exploration
import Foundation
import MappingSearch
import NetworkScheduling
import Reporting

/// One exploration as asked for: the inputs, how to search, where to store.
public struct ExplorationRequest: Sendable {
    public var workloadPath: String
    public var spacePath: String
    public var settings: ExplorationSettings
    /// Mapper of the screening evaluations.
    public var mapper: MapperKind
    /// Whether the screening front is re-mapped with the ILP mapper and the network schedule.
    public var refines: Bool
    /// The results store (SQLite); created with its folder when missing, resumed otherwise.
    public var storePath: String
    /// The command that made the run, kept in the store for `report` (informative).
    public var createdBy: String
    public var arguments: [String]

    public init(workloadPath: String, spacePath: String, settings: ExplorationSettings, mapper: MapperKind,
                refines: Bool, storePath: String, createdBy: String, arguments: [String]) {
        self.workloadPath = workloadPath
        self.spacePath = spacePath
        self.settings = settings
        self.mapper = mapper
        self.refines = refines
        self.storePath = storePath
        self.createdBy = createdBy
        self.arguments = arguments
    }
}

/// What an exploration reports while it runs.
public enum ExplorationEvent: Sendable {
    case screening(ExplorationProgress)
    /// Re-mapping refinement candidates with the ILP mapper and the network schedule, reported
    /// after every point.
    case refining(RefinementProgress)
    /// Both phases are over.
    case finished
}

/// Where the refinement phase is: rounds go on while re-mapped points open new candidates.
public struct RefinementProgress: Sendable {
    /// 1 for the screening front, then one more per round of new candidates.
    public var round: Int
    /// Points of this round re-mapped so far (taken from the store or mapped now) and in all.
    public var done: Int
    public var total: Int
    /// Points re-mapped in all rounds so far, this one included.
    public var refinedSoFar: Int
    /// Points re-mapped per second by this run (nil before the first).
    public var pointsPerSecond: Double?
    /// Seconds until this round is done at that rate.
    public var etaS: Double?
}

/// A finished exploration: its report (study, points, refined points) and how much of it
/// was computed by this run rather than taken from the store.
public struct ExplorationOutcome: Sendable {
    public var report: ExplorationReport
    /// Points of this run (of its shard when sharded), from the store or screened now.
    public var pointCount: Int
    public var screenedNow: Int
    public var refinedNow: Int
}

extension Codesign {
    /// Screens the requested points (all of a grid, or a strategy's budget) into the store,
    /// then, unless told not to, re-maps every point that could still reach the front until
    /// none is left; the store ends holding the study, so `report(store:)` needs nothing else.
    public static func explore(_ request: ExplorationRequest,
                               progress: @Sendable (ExplorationEvent) -> Void = { _ in })
        async throws(DiagnosticsError) -> ExplorationOutcome {
        try OutputLocation.checkFile(request.storePath, what: "the results store")
        let study = try ExplorationStudy(workloadPath: request.workloadPath, spacePath: request.spacePath)
        let settings = request.settings
        var fingerprint = Fingerprint()
        fingerprint.add(study.inputsFingerprint)
        fingerprint.add("\(settings.strategy.rawValue) \(settings.seed) \(settings.budget.map(String.init) ?? "all") \(request.mapper.rawValue)")
        let description = RunDescription(workload: study.workloadSpec.name, fingerprint: fingerprint.hex,
                                         strategy: settings.strategy.rawValue, seed: settings.seed, shard: settings.shard,
                                         createdBy: request.createdBy, arguments: request.arguments)
        let storeLocation = SourceLocation.file(request.storePath)
        let folder = (request.storePath as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw DiagnosticsError("cannot create the store's folder '\(folder)'", at: storeLocation)
        }
        let store: ResultsStore
        do {
            store = try ResultsStore(path: request.storePath)
            try store.setRun(description)
        } catch {
            throw DiagnosticsError(store: error, fallback: storeLocation)
        }
        let evaluator = PointEvaluator(problem: study.problem, objective: .edp, mapper: request.mapper,
                                       schedule: .layerByLayer)
        let run: ExplorationRun
        do {
            run = try ExplorationRun(evaluator: evaluator, space: study.space, objectives: study.objectives,
                                     settings: settings)
        } catch {
            throw DiagnosticsError("\(error)", at: study.workloadSpec.locations.file)
        }
        do {
            let (runPoints, screenedNow) = try await run.run(store: store) { progress(.screening($0)) }
            let points = try store.allPoints()
            let refinement = request.refines
                ? try await refine(points, study: study, store: store, jobs: settings.jobs, screening: evaluator,
                                   progress: progress)
                : (refined: [], evaluatedNow: 0)
            progress(.finished)
            let record = study.record(strategy: settings.strategy, seed: settings.seed, mapper: request.mapper,
                                      refined: request.refines)
            try store.setStudy(record)
            var report = ExplorationReport(study: record, points: points)
            report.refined = refinement.refined
            return ExplorationOutcome(report: report, pointCount: runPoints.count, screenedNow: screenedNow,
                                      refinedNow: refinement.evaluatedNow)
        } catch {
            throw DiagnosticsError(store: error, fallback: storeLocation)
        }
    }

    /// Points re-mapped per store transaction: a few batches of the task pool, so a kill
    /// loses at most this many and a transaction's cost stays small beside the mapping's.
    static func refinementChunk(jobs: Int) -> Int { 4 * jobs }

    /// The screening front first, then every point that re-mapping could still bring onto
    /// the front (Refinement), until none is left. Refined points are stored in chunks as
    /// they come; a resumed run replays the same rounds and takes from the store what it
    /// already has, so a killed refinement loses at most a chunk and ends with the same points.
    static func refine(_ points: [EvaluatedPoint], study: ExplorationStudy, store: ResultsStore, jobs: Int,
                       screening: PointEvaluator, progress: @Sendable (ExplorationEvent) -> Void) async throws
        -> (refined: [EvaluatedPoint], evaluatedNow: Int) {
        let known = Dictionary(uniqueKeysWithValues: try store.refinedPoints().map { ($0.id, $0) })
        let refiner = PointEvaluator(problem: study.problem, objective: .edp, mapper: .ilp, schedule: .ilp)
        var refined: [EvaluatedPoint] = []
        var evaluatedNow = 0
        let bounds = await scheduleBounds(points, screening: screening, jobs: jobs)
        var next = Refinement.candidates(points: points, refined: [], objectives: study.objectives,
                                         constraints: study.problem.constraints, bounds: bounds)
        var round = 0
        let started = ContinuousClock.now
        while !next.isEmpty {
            round += 1
            refined += next.compactMap { known[$0] }
            let missing = next.filter { known[$0] == nil }
            let total = next.count
            var done = total - missing.count
            let chunk = refinementChunk(jobs: jobs)
            // Points done and not yet stored: written every `chunk`, while the tasks go on.
            var pending: [EvaluatedPoint] = []
            var storeError: (any Error)?
            func report() {
                let elapsed = (ContinuousClock.now - started) / .seconds(1)
                let rate = evaluatedNow > 0 && elapsed > 0 ? Double(evaluatedNow) / elapsed : nil
                progress(.refining(RefinementProgress(
                    round: round, done: done, total: total, refinedSoFar: refined.count + pending.count,
                    pointsPerSecond: rate, etaS: rate.map { Double(total - done) / $0 })))
            }
            func flush() {
                guard storeError == nil, !pending.isEmpty else { return }
                do { try store.insertRefined(pending) } catch { storeError = error; return }
                refined += pending
                pending.removeAll()
            }
            report()
            // One pool for the whole round: a slow point holds one task, not a batch.
            _ = await refiner.evaluate(missing, jobs: jobs) { point in
                pending.append(point)
                (done, evaluatedNow) = (done + 1, evaluatedNow + 1)
                if pending.count >= chunk { flush() }
                report()
            }
            flush()
            if let storeError { throw storeError }
            next = Refinement.candidates(points: points, refined: refined, objectives: study.objectives,
                                         constraints: study.problem.constraints, bounds: bounds)
        }
        return (refined.sorted { $0.id < $1.id }, evaluatedNow)
    }

    /// Every screened point's `ScheduleBound`, on `jobs` tasks: with the screening's own
    /// evaluator a point costs mapping-cache lookups and one relieved evaluation (a resumed or
    /// merged run, whose cache starts cold, maps its screening layers again, never stores them).
    static func scheduleBounds(_ points: [EvaluatedPoint], screening: PointEvaluator, jobs: Int) async
        -> [PointID: ScheduleBound] {
        let ids = points.filter { $0.metrics != nil }.map(\.id)
        return await withTaskGroup(of: [(PointID, ScheduleBound)].self) { group in
            let slices = max(1, min(jobs, ids.count))
            for slice in 0..<slices {
                group.addTask {
                    stride(from: slice, to: ids.count, by: slices).compactMap { i in
                        screening.scheduleBound(ids[i]).map { (ids[i], $0) }
                    }
                }
            }
            var bounds: [PointID: ScheduleBound] = [:]
            for await part in group { for (id, bound) in part { bounds[id] = bound } }
            return bounds
        }
    }
}
