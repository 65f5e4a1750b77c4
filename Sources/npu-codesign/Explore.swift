import ArgumentParser
import CodesignCore
import CodesignWorkflow
import Exploration
import Foundation
import MappingSearch
import Reporting

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

    @Option(parsing: .unconditional, help: "Evaluations at most (required for random and nsga2).")
    var budget: Int?

    @Option(parsing: .unconditional, help: "Seed of the random and nsga2 strategies.")
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Parallel evaluations (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Results store (SQLite).")
    var db: String = "Reports/explore.sqlite"

    @Flag(help: "Continue a run from its store instead of starting afresh.")
    var resume = false

    @Option(parsing: .unconditional, help: "Evaluate slice I of N (1-based), e.g. 2/4, into this store; merge the stores afterwards.")
    var shard: String?

    @Option(help: "Folder for pareto.csv, points.csv, refined.csv, summary.json, report.md and report.html.")
    var out: String = "Reports/explore"

    @Option(help: "Mapper of the screening evaluations: search (default, fast), ilp, exhaustive or random.")
    var mapper: MapperKind = .search

    @Flag(name: .customLong("no-refine"),
          help: "Skip re-mapping the screening front with the ILP mapper and the network schedule.")
    var noRefine = false

    func validate() throws {
        if jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be in 1...256") }
        if db.isEmpty { throw ValidationError("--db needs the path of a results store") }
        if out.isEmpty { throw ValidationError("--out needs the path of a folder") }
        if let budget, budget < 1 { throw ValidationError("--budget must be a positive number of evaluations") }
        if let shard { do { _ = try ShardSpec(parsing: shard) } catch { throw ValidationError("--shard: \(error)") } }
        if strategy != .grid && budget == nil { throw ValidationError("--strategy \(strategy.rawValue) needs --budget") }
        if shard != nil && strategy == .nsga2 {
            throw ValidationError("--shard splits grid and random runs; nsga2 chooses each generation from the last, so it runs whole")
        }
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
        try OutputLocation.checkFolder(out, what: "the report folder")
        try OutputLocation.checkFile(db, what: "the results store")
        if !resume && FileManager.default.fileExists(atPath: db) {
            throw DiagnosticsError("the store '\(db)' exists: pass --resume to continue it, or choose another --db",
                                   at: .file(db))
        }
        let shardSpec = try shard.map { try ShardSpec(parsing: $0) } ?? .whole
        let request = ExplorationRequest(
            workloadPath: workload, spacePath: space,
            settings: ExplorationSettings(strategy: strategy, budget: budget, seed: seed, jobs: jobs, shard: shardSpec),
            mapper: mapper, refines: !noRefine, storePath: db, createdBy: "npu-codesign explore",
            arguments: reproducingArguments())
        let terminal = isatty(STDERR_FILENO) == 1
        let outcome = try await Codesign.explore(request) { event in
            guard terminal else { return }
            switch event {
            case .screening(let progress):
                let eta = progress.etaS.map { String(format: "%.0f s", $0) } ?? "?"
                Terminal.writeProgress(String(format: "%d/%d points, %d feasible, front %d, %.1f points/s, ETA %@",
                                              progress.done, progress.total, progress.feasible, progress.frontSize,
                                              progress.pointsPerSecond, eta))
            case .refining(let progress):
                let rate = progress.pointsPerSecond.map { String(format: ", %.2f points/s", $0) } ?? ""
                let eta = progress.etaS.map { String(format: ", ETA %.0f s", $0) } ?? ""
                Terminal.writeProgress("re-mapping with the ILP mapper and the network schedule, round \(progress.round): "
                                       + "\(progress.done)/\(progress.total) points (\(progress.refinedSoFar) in all)\(rate)\(eta)")
            case .finished:
                Terminal.writeProgress(nil)
            }
        }
        try ExplorationFiles.write(outcome.report, to: out)
        let refined = outcome.report.refined.count
        Terminal.write("\(outcome.pointCount) points (\(outcome.screenedNow) evaluated now, "
                       + "\(outcome.pointCount - outcome.screenedNow) from the store), "
                       + "\(refined) re-mapped (\(outcome.refinedNow) now) in \(db); report in \(out)/report.html\n")
    }
}

/// Writes an exploration's report files to a folder, each replaced whole (never half-written).
enum ExplorationFiles {
    static func write(_ report: ExplorationReport, to folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for (name, text) in report.files() {
                try text.write(toFile: (folder as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
        } catch {
            let reason = (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? "the folder cannot be written"
            throw DiagnosticsError("cannot write the report in '\(folder)': \(reason)", at: .file(folder))
        }
    }
}
