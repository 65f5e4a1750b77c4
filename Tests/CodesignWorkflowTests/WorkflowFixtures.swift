import CodesignWorkflow
import Exploration
import Foundation
import MappingSearch

/// Paths of the bundled examples and of this target's tiny fixtures, and scratch folders.
enum Paths {
    /// The repository root, found from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A bundled file: `Designs/…` or `Workloads/…`.
    static func bundled(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Tiny inputs (4 designs × 3 DS-CNN variants) that a debug build explores and refines
    /// in seconds.
    static let tinySpace = Bundle.module.path(forResource: "tiny-space", ofType: "yaml", inDirectory: "Fixtures")!
    static let tinyWorkload = Bundle.module.path(forResource: "tiny-workload", ofType: "yaml", inDirectory: "Fixtures")!

    /// A fresh folder for one test.
    static func scratch() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npu-workflow-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.path
    }
}

extension ExplorationRequest {
    /// An exploration of the tiny fixture into `store`.
    static func tiny(store: String, strategy: StrategyKind = .grid, budget: Int? = nil, seed: UInt64 = 1, jobs: Int = 2,
                     shard: ShardSpec = .whole, refines: Bool = true, workload: String = Paths.tinyWorkload,
                     space: String = Paths.tinySpace) -> ExplorationRequest {
        ExplorationRequest(workloadPath: workload, spacePath: space,
                           settings: ExplorationSettings(strategy: strategy, budget: budget, seed: seed, jobs: jobs, shard: shard),
                           mapper: .search, refines: refines, storePath: store, createdBy: "tests",
                           arguments: ["--workload", workload, "--space", space])
    }
}

/// A JSON object from text, for checking keys the way a user's script reads them.
func jsonObject(_ text: String) throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
}
