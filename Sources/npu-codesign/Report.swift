import ArgumentParser
import CodesignCore
import CodesignWorkflow
import Exploration
import Foundation

/// Rewrites an exploration's report from its store. A finished run's store holds its study,
/// its points and its refined points, so the report is rendered from the store alone: no
/// input file is read and nothing is evaluated. A store whose refinement is not complete (a
/// merge of shards, a killed run, a store of an older version) is finished first by
/// `explore --resume` with the store's own arguments, which needs the input files.
struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the report of an exploration from its results store.")

    @Option(help: "Results store (SQLite) written by explore or merge.")
    var db: String

    @Option(help: "Folder for pareto.csv, points.csv, refined.csv, summary.json, report.md and report.html.")
    var out: String

    @Option(parsing: .unconditional, help: "Parallel evaluations for re-mapping the front (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if jobs < 1 || jobs > 256 { throw ValidationError("--jobs must be in 1...256") }
        if db.isEmpty { throw ValidationError("--db needs the path of a results store") }
        if out.isEmpty { throw ValidationError("--out needs the path of a folder") }
    }

    func run() async throws {
        try OutputLocation.checkFolder(out, what: "the report folder")
        switch try Codesign.storedReport(storePath: db) {
        case .complete(let report):
            try ExplorationFiles.write(report, to: out)
            Terminal.write("report of \(db) in \(out)/report.html (from the store; nothing evaluated)\n")
        case .unfinished(let description):
            guard !description.arguments.isEmpty else {
                throw DiagnosticsError("the store '\(db)' was written before stores kept their arguments; run "
                                       + "`npu-codesign explore --resume` with the original arguments instead", at: .file(db))
            }
            // Said, not done silently: finishing reads the input files again and evaluates
            // whatever the store lacks.
            Terminal.printDiagnostics([.note("the run in this store is not finished (points or refinement missing); "
                                             + "finishing it with `explore --resume` and the store's arguments", at: .file(db))])
            var arguments = description.arguments + ["--db", db, "--resume", "--out", out, "--jobs", String(jobs)]
            if description.shard != .whole { arguments += ["--shard", "\(description.shard.index)/\(description.shard.count)"] }
            let explore: Explore
            do { explore = try Explore.parse(arguments) } catch {
                throw DiagnosticsError("the store's arguments no longer parse: \(error)", at: .file(db))
            }
            try await explore.run()
        }
    }
}
