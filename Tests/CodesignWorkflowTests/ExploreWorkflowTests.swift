import CodesignCore
import CodesignWorkflow
import Exploration
import Foundation
import Reporting
import Synchronization
import Testing

/// `explore` and `report` in-process, on the tiny fixture (12 points) so that refinement,
/// which re-maps with the ILP mapper and the network schedule, stays fast in a debug build.
@Suite struct ExploreWorkflowTests {
    /// The files a report writes, by name.
    static func files(_ report: ExplorationReport) -> [String: String] {
        Dictionary(uniqueKeysWithValues: report.files())
    }

    @Test func sameSeedGivesByteIdenticalFilesWhateverTheJobs() async throws {
        let dir = Paths.scratch()
        let first = try await Codesign.explore(.tiny(store: dir + "/a.sqlite", strategy: .random, budget: 8, seed: 7, jobs: 2))
        let second = try await Codesign.explore(.tiny(store: dir + "/b.sqlite", strategy: .random, budget: 8, seed: 7, jobs: 1))
        #expect(first.pointCount == 8 && first.screenedNow == 8)
        #expect(Self.files(first.report) == Self.files(second.report))
        #expect(try ResultsStore(path: dir + "/a.sqlite").allPoints() == ResultsStore(path: dir + "/b.sqlite").allPoints())
    }

    /// The front holds exactly the non-dominated feasible points, each with its refined
    /// figures where it was re-mapped, by a brute-force check over every pair; re-mapping
    /// never makes a point's EDP worse than its screening figure.
    /// Refinement reports after every point (issue 14: the progress line no longer goes quiet
    /// for a whole batch of ILP mappings): each round counts up by one to its total, and the
    /// running count ends at the points refined.
    @Test func refinementReportsEveryPoint() async throws {
        let events = Mutex<[RefinementProgress]>([])
        let outcome = try await Codesign.explore(.tiny(store: Paths.scratch() + "/p.sqlite", jobs: 2)) { event in
            if case .refining(let progress) = event { events.withLock { $0.append(progress) } }
        }
        let seen = events.withLock { $0 }
        let refined = outcome.report.refined.count
        #expect(refined > 0)
        // One event when a round starts, then one per point.
        let rounds = Set(seen.map(\.round)).count
        #expect(seen.count == refined + rounds)
        for round in Set(seen.map(\.round)) {
            let dones = seen.filter { $0.round == round }.map(\.done)
            #expect(dones == Array(0...(seen.first { $0.round == round }?.total ?? 0)))
        }
        #expect(seen.last?.refinedSoFar == refined)
        #expect(seen.dropFirst().allSatisfy { $0.pointsPerSecond != nil && $0.etaS != nil })
    }

    /// Design points are named by the knobs' paths in the space file, memory levels by name.
    @Test func pointsAreNamedByTheirKnobs() async throws {
        let outcome = try await Codesign.explore(.tiny(store: Paths.scratch() + "/n.sqlite", refines: false))
        let names = Set(outcome.report.points.map(\.designName))
        #expect(names == ["tiny-npu[pe_array.rows=4 SRAM.size_kib=32]", "tiny-npu[pe_array.rows=4 SRAM.size_kib=128]",
                          "tiny-npu[pe_array.rows=8 SRAM.size_kib=32]", "tiny-npu[pe_array.rows=8 SRAM.size_kib=128]"])
        #expect(outcome.report.study.designKnobs == [StudyRecord.Knob(label: "pe_array.rows", values: ["4", "8"]),
                                                     StudyRecord.Knob(label: "SRAM.size_kib", values: ["32", "128"])])
    }

    @Test func frontIsTheNonDominatedFeasibleSetOfTheBestFigures() async throws {
        let outcome = try await Codesign.explore(.tiny(store: Paths.scratch() + "/p.sqlite"))
        let report = outcome.report
        #expect(report.points.count == 12)
        #expect(!report.refined.isEmpty && outcome.refinedNow == report.refined.count)
        let screened = Dictionary(uniqueKeysWithValues: report.points.map { ($0.id, $0) })
        for r in report.refined {
            let s = try #require(screened[r.id]?.metrics), m = try #require(r.metrics)
            #expect(m.energyJ * m.latencyS <= s.energyJ * s.latencyS * (1 + 1e-9), "\(r.id)")
        }
        let refined = Dictionary(uniqueKeysWithValues: report.refined.map { ($0.id, $0) })
        let best = report.points.map { refined[$0.id].flatMap { $0.metrics == nil ? nil : $0 } ?? $0 }
        let vectors = best.filter(\.feasible).compactMap { p in p.metrics.map { (p.id, [$0.latencyS, $0.energyJ, $0.areaMM2]) } }
        let brute = vectors.filter { c in
            !vectors.contains { o in zip(o.1, c.1).allSatisfy { $0 <= $1 } && zip(o.1, c.1).contains { $0 < $1 } }
        }.map(\.0)
        #expect(!brute.isEmpty)
        #expect(Set(report.front.map(\.id)) == Set(brute))
        #expect(report.front.count == brute.count)
    }

    /// A finished run's store renders the same files with its inputs deleted, and resuming
    /// it evaluates and re-maps nothing.
    @Test func storedReportNeedsNoInputsAndResumeRedoesNothing() async throws {
        let dir = Paths.scratch()
        let files = FileManager.default
        try files.copyItem(atPath: Paths.tinyWorkload, toPath: dir + "/w.yaml")
        try files.copyItem(atPath: Paths.tinySpace, toPath: dir + "/s.yaml")
        let request = ExplorationRequest.tiny(store: dir + "/r.sqlite", strategy: .random, budget: 6, seed: 5,
                                              workload: dir + "/w.yaml", space: dir + "/s.yaml")
        let run = try await Codesign.explore(request)
        #expect(run.refinedNow > 0)
        let resumed = try await Codesign.explore(request)
        #expect(resumed.screenedNow == 0 && resumed.refinedNow == 0)
        #expect(Self.files(resumed.report) == Self.files(run.report))
        try files.removeItem(atPath: dir + "/w.yaml")
        try files.removeItem(atPath: dir + "/s.yaml")
        guard case .complete(let stored) = try Codesign.storedReport(storePath: dir + "/r.sqlite") else {
            Issue.record("a finished run's store must render without its inputs")
            return
        }
        #expect(Self.files(stored) == Self.files(run.report))
        #expect(throws: DiagnosticsError.self) { try Codesign.storedReport(storePath: dir + "/none.sqlite") }
    }

    /// Four shards merged hold exactly the single run's points; finishing the merged store
    /// screens nothing and writes the single run's files.
    @Test func shardsMergedEqualTheSingleRun() async throws {
        let dir = Paths.scratch()
        let single = try await Codesign.explore(.tiny(store: dir + "/single.sqlite", strategy: .random, budget: 10, seed: 11))
        var shards: [String] = []
        for i in 1...4 {
            let path = dir + "/shard\(i).sqlite"
            _ = try await Codesign.explore(.tiny(store: path, strategy: .random, budget: 10, seed: 11,
                                                 shard: try ShardSpec(index: i, count: 4)))
            shards.append(path)
        }
        try ResultsStore.merge(into: dir + "/merged.sqlite", from: shards)
        #expect(try ResultsStore(path: dir + "/merged.sqlite").allPoints()
                == ResultsStore(path: dir + "/single.sqlite").allPoints())
        guard case .unfinished = try Codesign.storedReport(storePath: dir + "/merged.sqlite") else {
            Issue.record("a merged store is refined once before it reports")
            return
        }
        let merged = try await Codesign.explore(.tiny(store: dir + "/merged.sqlite", strategy: .random, budget: 10, seed: 11))
        #expect(merged.screenedNow == 0)
        #expect(Self.files(merged.report) == Self.files(single.report))
    }

    /// A store made by other inputs is refused, located at the store.
    @Test func aStoreOfAnotherRunIsRefused() async throws {
        let store = Paths.scratch() + "/x.sqlite"
        _ = try await Codesign.explore(.tiny(store: store, strategy: .random, budget: 2, refines: false))
        do {
            _ = try await Codesign.explore(.tiny(store: store, strategy: .random, budget: 2, seed: 9, refines: false))
            Issue.record("a store of another run was resumed")
        } catch {
            #expect(error.diagnostics.first?.location == .file(store))
            #expect(error.description.contains("another run"), "\(error)")
        }
    }

    /// The production volume of the workload is the volume $/chip is judged at: the same
    /// points cost less per chip at a million units than at a thousand.
    @Test func productionVolumeMovesUnitCost() async throws {
        let dir = Paths.scratch()
        func run(volume: Int) async throws -> [Double] {
            let text = try String(contentsOfFile: Paths.tinyWorkload, encoding: .utf8) + "production: {volume: \(volume)}\n"
            let path = dir + "/w\(volume).yaml"
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            let outcome = try await Codesign.explore(.tiny(store: dir + "/v\(volume).sqlite", refines: false, workload: path))
            #expect(outcome.report.study.productionVolume == volume)
            return outcome.report.points.compactMap { $0.metrics?.unitCostUSD }
        }
        let few = try await run(volume: 1_000), many = try await run(volume: 1_000_000)
        #expect(few.count == 12 && many.count == 12)
        #expect(zip(few, many).allSatisfy { $0 > $1 })
    }
}

/// A store row outside the run's space (a hand edit, a mixed store) is a located error on
/// resume, never an evaluation of a design that does not exist.
@Test func aStoreRowOutsideTheSpaceIsRefusedOnResume() async throws {
    let store = Paths.scratch() + "/edited.sqlite"
    let first = try await Codesign.explore(.tiny(store: store, strategy: .random, budget: 2, refines: false))
    var foreign = try #require(first.report.points.first)
    foreign.id = PointID(designIndex: 5, variantIndex: 0)   // the tiny space has 4 designs
    try ResultsStore(path: store).insert([foreign])
    do {
        _ = try await Codesign.explore(.tiny(store: store, strategy: .random, budget: 2))
        Issue.record("a store with a point outside the space was resumed")
    } catch {
        #expect(error.diagnostics.first?.location == .file(store))
        #expect(error.description.contains("point (design 5, variant 0), outside this run's 4 designs × 3 variants"),
                "\(error)")
    }
}
