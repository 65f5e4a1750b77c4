import CodesignCore
import Exploration
import Foundation
import Reporting

/// What a results store can give its report.
public enum StoredReport: Sendable {
    /// A finished run: the report rendered from the store alone (no input file, nothing evaluated).
    case complete(ExplorationReport)
    /// A store whose refinement is not complete (a merge of shards, a killed run, an older
    /// store): the run must be finished first with the arguments it was made with.
    case unfinished(RunDescription)
}

extension Codesign {
    /// The report of an exploration from its store.
    public static func storedReport(storePath: String) throws(DiagnosticsError) -> StoredReport {
        let location = SourceLocation.file(storePath)
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw DiagnosticsError("no results store at '\(storePath)'", at: location)
        }
        do {
            let store = try ResultsStore(path: storePath)
            guard let description = try store.run() else {
                throw DiagnosticsError("the store '\(storePath)' holds no run", at: location)
            }
            guard let study = try store.study() else { return .unfinished(description) }
            var report = ExplorationReport(study: study, points: try store.allPoints())
            if study.refined { report.refined = try store.refinedPoints() }
            return .complete(report)
        } catch let error as DiagnosticsError {
            throw error
        } catch {
            throw DiagnosticsError(store: error, fallback: location)
        }
    }
}

extension Codesign {
    /// Combines the stores of a sharded run into `storePath` (the same points, in the same
    /// order, as the run would have stored unsharded); the number of points merged.
    public static func merge(into storePath: String, from shardPaths: [String]) throws(DiagnosticsError) -> Int {
        do {
            try ResultsStore.merge(into: storePath, from: shardPaths)
            return try ResultsStore(path: storePath).count()
        } catch {
            throw DiagnosticsError(store: error, fallback: .file(storePath))
        }
    }
}
