import ArgumentParser
import CostModels
import Exploration
import Foundation
import MappingSearch
import NetworkScheduling
import Reporting
import SpecIO

extension StrategyKind: ExpressibleByArgument {}

struct Explore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore a design space × the workload's model variants; store every point; write the Pareto front.")

    @Option(help: "Workload file (its variants, accuracy table, constraints and objectives).")
    var workload: String

    @Option(help: "Design-space file (a design whose scalars may be lists).")
    var space: String

    @Option(help: "Search strategy: grid, random or nsga2.")
    var strategy: StrategyKind = .grid

    @Option(help: "Evaluations at most (required for random and nsga2).")
    var budget: Int?

    @Option(help: "Seed of the random and nsga2 strategies.")
    var seed: UInt64 = 1

    @Option(help: "Parallel evaluations (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Results store (SQLite).")
    var db: String = "Reports/explore.sqlite"

    @Flag(help: "Continue a run from its store instead of starting afresh.")
    var resume = false

    @Option(help: "Evaluate slice I of N (1-based), e.g. 2/4, into this store; merge the stores afterwards.")
    var shard: String?

    @Option(help: "Folder for pareto.csv, points.csv, summary.json and report.md.")
    var out: String = "Reports/explore"

    @Option(help: "Mapper of the evaluations: search (default, fast screening) or ilp.")
    var mapper: MapperKind = .search

    @Flag(name: .customLong("no-refine"),
          help: "Skip re-mapping the screening front with the ILP mapper and the network schedule.")
    var noRefine = false

    func validate() throws {
        if jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be in 1...256") }
        if let budget, budget < 1 { throw ValidationError("--budget must be a positive number of evaluations") }
        if let shard { do { _ = try ShardSpec(parsing: shard) } catch { throw ValidationError("--shard: \(error)") } }
        if strategy != .grid && budget == nil { throw ValidationError("--strategy \(strategy.rawValue) needs --budget") }
    }

    /// The arguments that reproduce this run's points (not where they go: store, folder,
    /// shard, jobs), with the input files as absolute paths; kept in the store for `report`.
    func reproducingArguments() -> [String] {
        let cwd = FileManager.default.currentDirectoryPath
        func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: cwd + "/")).standardizedFileURL.path
        }
        var arguments = ["--workload", absolute(workload), "--space", absolute(space), "--strategy", strategy.rawValue,
                         "--seed", String(seed), "--mapper", mapper.rawValue]
        if let budget { arguments += ["--budget", String(budget)] }
        if noRefine { arguments.append("--no-refine") }
        return arguments
    }

    func run() async throws {
        let setup = try ExploreSetup(workloadPath: workload, spacePath: space)
        let shardSpec = try shard.map { try ShardSpec(parsing: $0) } ?? .whole
        let settings = ExplorationSettings(strategy: strategy, budget: budget, seed: seed, jobs: jobs, shard: shardSpec)
        var fingerprint = Fingerprint()
        fingerprint.add(setup.inputsFingerprint)
        fingerprint.add("\(strategy.rawValue) \(seed) \(budget.map(String.init) ?? "all") \(mapper.rawValue)")
        let description = RunDescription(workload: setup.workloadSpec.name, fingerprint: fingerprint.hex,
                                         strategy: strategy.rawValue, seed: seed, shard: shardSpec,
                                         createdBy: "npu-codesign explore", arguments: reproducingArguments())
        if !resume && FileManager.default.fileExists(atPath: db) {
            throw InputFailure("the store '\(db)' exists: pass --resume to continue it, or choose another --db",
                               at: .file(db))
        }
        try FileManager.default.createDirectory(atPath: (db as NSString).deletingLastPathComponent.isEmpty
                                                ? "." : (db as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let store: ResultsStore
        do {
            store = try ResultsStore(path: db)
            try store.setRun(description)
        } catch {
            throw InputFailure("\(error)", at: .file(db))
        }
        let evaluator = PointEvaluator(problem: setup.problem, objective: .edp, mapper: mapper, schedule: .layerByLayer)
        let run: ExplorationRun
        do {
            run = try ExplorationRun(evaluator: evaluator, space: setup.space,
                                     objectives: setup.objectives, settings: settings)
        } catch {
            throw InputFailure("\(error)", at: .file(workload))
        }
        let terminal = isatty(STDERR_FILENO) == 1
        let (points, evaluatedNow) = try await run.run(store: store) { progress in
            guard terminal else { return }
            let eta = progress.etaS.map { String(format: "%.0f s", $0) } ?? "?"
            Terminal.writeProgress(String(format: "%d/%d points, %d feasible, front %d, %.1f points/s, ETA %@",
                                          progress.done, progress.total, progress.feasible, progress.frontSize,
                                          progress.pointsPerSecond, eta))
        }
        if terminal { Terminal.writeProgress(nil) }
        let stored: [EvaluatedPoint]
        let refinement: (refined: [EvaluatedPoint], evaluatedNow: Int)
        do {
            stored = try store.allPoints()
            refinement = noRefine ? ([], 0) : try await refine(stored, setup: setup, store: store, terminal: terminal)
        } catch {
            throw InputFailure("\(error)", at: .file(db))
        }
        let refined = refinement.refined
        let study = ExploreOutput.study(setup: setup, strategy: strategy, seed: seed, mapper: mapper, refined: !noRefine)
        do { try store.setStudy(study) } catch { throw InputFailure("\(error)", at: .file(db)) }
        try ExploreOutput.write(points: stored, refined: refined, study: study, to: out)
        Terminal.write("\(points.count) points (\(evaluatedNow) evaluated now, \(points.count - evaluatedNow) from the store), "
                       + "\(refined.count) re-mapped (\(refinement.evaluatedNow) now) in \(db); report in \(out)/report.md\n")
    }
}

extension Explore {
    /// The screening front first, then every point that re-mapping could still bring onto
    /// the front (Refinement), until none is left. Refined points are stored in chunks as
    /// they come; a resumed run replays the same rounds and takes from the store what it
    /// already has, so a killed refinement loses at most a chunk and ends with the same points.
    func refine(_ points: [EvaluatedPoint], setup: ExploreSetup, store: ResultsStore,
                terminal: Bool) async throws(ResultsStoreError) -> (refined: [EvaluatedPoint], evaluatedNow: Int) {
        let known = Dictionary(uniqueKeysWithValues: try store.refinedPoints().map { ($0.id, $0) })
        let refiner = PointEvaluator(problem: setup.problem, objective: .edp, mapper: .ilp, schedule: .ilp)
        var refined: [EvaluatedPoint] = []
        var evaluatedNow = 0
        var next = Refinement.candidates(points: points, refined: [], objectives: setup.objectives,
                                         constraints: setup.problem.constraints)
        while !next.isEmpty {
            refined += next.compactMap { known[$0] }
            let missing = next.filter { known[$0] == nil }
            var done = 0
            // A few batches of the task pool per transaction: a kill loses at most this many.
            let chunk = 4 * jobs
            for start in stride(from: 0, to: missing.count, by: chunk) {
                if terminal {
                    Terminal.writeProgress("re-mapping with the ILP mapper: \(done)/\(missing.count) points of this round")
                }
                let batch = await refiner.evaluate(Array(missing[start..<min(missing.count, start + chunk)]), jobs: jobs)
                try store.insertRefined(batch)
                refined += batch
                done += batch.count
                evaluatedNow += batch.count
            }
            next = Refinement.candidates(points: points, refined: refined, objectives: setup.objectives,
                                         constraints: setup.problem.constraints)
        }
        if terminal { Terminal.writeProgress(nil) }
        return (refined.sorted { $0.id < $1.id }, evaluatedNow)
    }
}

/// Writes the exploration's files to a folder (replacing them whole, never half-written).
enum ExploreOutput {
    /// What the report needs besides the points, resolved from the run's inputs.
    static func study(setup: ExploreSetup, strategy: StrategyKind, seed: UInt64, mapper: MapperKind,
                      refined: Bool) -> StudyRecord {
        // Paths inside the working folder are shown relative to it, so the report reads the
        // same whether the run was given relative or absolute paths.
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let sources: [String] = setup.workloadSpec.accuracyTable.map { (path: String) -> [String] in
            let shown = path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
            return ["table \(shown) (its README lists each row's source)"]
        } ?? []
        return StudyRecord(
            workloadName: setup.workloadSpec.name, spaceName: setup.designSpec.name, objectives: setup.objectives,
            constraints: setup.problem.constraints,
            constraintTexts: setup.workloadSpec.constraints.map { "\($0.key.rawValue) \($0.comparator.rawValue) \(JSONValue.format($0.value))" },
            strategy: strategy.rawValue, seed: seed, accuracySources: sources,
            productionVolume: setup.problem.productionVolume, screeningMapper: mapper, refined: refined)
    }

    static func write(points: [EvaluatedPoint], refined: [EvaluatedPoint], study: StudyRecord, to folder: String) throws {
        var report = ExplorationReport(study: study, points: points)
        report.refined = refined
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in report.files() {
            try text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }
}
