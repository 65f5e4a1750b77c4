import CodesignCore
import Exploration
import MappingSearch
import Foundation
import Testing

/// A directory removed when the test that made it ends.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("ResultsStoreTests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A deterministic point with every kind of content a store must keep: no metrics at all,
/// metrics without accuracy, infeasible points with their reason, doubles that are not round.
func samplePoint(design: Int, variant: Int) -> EvaluatedPoint {
    let key = design * 31 + variant
    let variantPoint = ModelVariant(width: [0.25, 0.5, 0.75, 1.0][variant % 4], resolution: 96 + 32 * (variant % 5),
                                    precision: [4, 8, 16][variant % 3], pruning: Double(variant % 3) / 10)
    let id = PointID(designIndex: design, variantIndex: variant)
    if key % 7 == 3 {
        return EvaluatedPoint(id: id, designName: "design-\(design)", variant: variantPoint, metrics: nil,
                              feasible: false, reason: "layer 'conv1' needs 4-bit operands; the PE array supports 8")
    }
    let latencyS = Double(key + 1) / 3_000
    let top1: Double? = key % 5 == 0 ? nil : 50 + Double(key % 29) / 7
    let metrics = PointMetrics(
        latencyS: latencyS, throughputFps: 1 / latencyS, energyJ: Double(key) * 1.1e-4, powerW: 0.1 + 0.2 * Double(key % 3),
        areaMM2: Double(design) + 0.1, unitCostUSD: 3.7 * Double(design + 1),
        top1: top1, top1Kind: top1 == nil ? nil : (key % 2 == 0 ? "table" : "interpolated"),
        top1Source: top1 == nil ? nil : "Howard et al. 2017, table 6", mapper: key % 4 == 0 ? "ilp" : "search")
    let feasible = key % 3 != 0
    return EvaluatedPoint(id: id, designName: "design-\(design)", variant: variantPoint, metrics: metrics,
                          feasible: feasible, reason: feasible ? nil : "throughput \(1 / latencyS) fps < 30 fps")
}

func sampleSpace(designs: Int, variants: Int) -> [EvaluatedPoint] {
    (0..<designs).flatMap { design in (0..<variants).map { samplePoint(design: design, variant: $0) } }
}

/// Every double of a point with its bits, so that comparisons see -0.0 ≠ 0.0.
private func bits(_ point: EvaluatedPoint) -> [UInt64?] {
    let metrics = point.metrics
    return [point.variant.width.bitPattern, point.variant.pruning.bitPattern, metrics?.latencyS.bitPattern,
            metrics?.throughputFps.bitPattern, metrics?.energyJ.bitPattern, metrics?.powerW.bitPattern,
            metrics?.areaMM2.bitPattern, metrics?.unitCostUSD.bitPattern, metrics?.top1?.bitPattern]
}

private func expectIdentical(_ stored: [EvaluatedPoint], _ expected: [EvaluatedPoint],
                             sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(stored == expected, sourceLocation: sourceLocation)
    #expect(stored.map(bits) == expected.map(bits), sourceLocation: sourceLocation)
}

private let run = RunDescription(workload: "mobilenet-v2-drone", fingerprint: "sha256:3f2a9c", strategy: "grid",
                                 seed: 0xDEAD_BEEF_CAFE_F00D, shard: .whole, createdBy: "npu-codesign 0.1.0")

/// A seeded shuffle (SplitMix64), so that insertion order differs from `PointID` order.
private func shuffled<T>(_ items: [T], seed: UInt64) -> [T] {
    var state = seed
    var result = items
    for index in result.indices.reversed() where index > 0 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        result.swapAt(index, Int(z % UInt64(index + 1)))
    }
    return result
}

private func insertInBatches(_ points: [EvaluatedPoint], into store: ResultsStore, batchSize: Int) throws {
    for start in stride(from: 0, to: points.count, by: batchSize) {
        try store.insert(Array(points[start..<min(start + batchSize, points.count)]))
    }
}

@Suite struct ResultsStoreTests {
    // MARK: Round trip

    @Test func manyPointsRoundTripInIDOrder() throws {
        let scratch = try ScratchDirectory()
        let store = try ResultsStore(path: scratch.path("results.sqlite"))
        let points = sampleSpace(designs: 40, variants: 25)
        #expect(points.contains { $0.metrics == nil })
        #expect(points.contains { $0.metrics != nil && $0.metrics?.top1 == nil })
        #expect(points.contains { !$0.feasible && $0.reason != nil && $0.metrics != nil })

        try insertInBatches(shuffled(points, seed: 7), into: store, batchSize: 64)

        #expect(try store.count() == 1_000)
        expectIdentical(try store.allPoints(), points)
        #expect(try store.evaluatedIDs() == Set(points.map(\.id)))
    }

    // MARK: Refinement and study

    private static let study = StudyRecord(
        workloadName: "smart-camera", spaceName: "edge-npu", objectives: [.latency, .energy, .top1],
        constraints: [Constraint(metric: .throughput, comparator: .atLeast, value: 30)],
        constraintTexts: ["fps >= 30"], strategy: .grid, seed: 0xDEAD_BEEF_CAFE_F00D,
        accuracySources: ["table Workloads/accuracy/mobilenet_v2.csv"], productionVolume: 2_500_000,
        screeningMapper: .ilp, refined: true)

    /// A finished run's refined points and study come back exactly, across a reopen, so a
    /// report can be rendered from the store alone.
    @Test func refinedPointsAndStudyRoundTrip() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("results.sqlite")
        let points = sampleSpace(designs: 6, variants: 5)
        do {
            let store = try ResultsStore(path: path)
            try store.setRun(run)
            try store.insert(points)
            #expect(try store.study() == nil)
            try store.insertRefined(shuffled(Array(points.prefix(9)), seed: 3))
            try store.setStudy(Self.study)
        }
        let reopened = try ResultsStore(path: path)
        expectIdentical(try reopened.refinedPoints(), Array(points.prefix(9)))
        #expect(try reopened.study() == Self.study)
        expectIdentical(try reopened.allPoints(), points)
    }

    /// A screening point added after refinement makes it stale: refined points and study are
    /// dropped together; re-inserting points already stored changes nothing and keeps them.
    @Test func addingAPointClearsTheRefinement() throws {
        let scratch = try ScratchDirectory()
        let store = try ResultsStore(path: scratch.path("results.sqlite"))
        let points = sampleSpace(designs: 4, variants: 5)
        try store.insert(Array(points.dropLast()))
        try store.insertRefined(Array(points.prefix(3)))
        try store.setStudy(Self.study)
        try store.insert(Array(points.prefix(5)))
        #expect(try store.study() == Self.study)
        #expect(try store.refinedPoints().count == 3)
        try store.insert([points.last!])
        #expect(try store.study() == nil)
        #expect(try store.refinedPoints().isEmpty)
    }

    /// A merge that adds points drops the destination's refinement, and never copies a
    /// shard's (it saw one slice of the points).
    @Test func mergeNeverCarriesARefinement() throws {
        let scratch = try ScratchDirectory()
        let variants = 5
        let points = sampleSpace(designs: 6, variants: variants)
        let shardPaths = (1...2).map { scratch.path("shard-\($0).sqlite") }
        for (offset, path) in shardPaths.enumerated() {
            try writeShard(try ShardSpec(index: offset + 1, count: 2), of: points, variants: variants, to: path)
            let shard = try ResultsStore(path: path)
            try shard.insertRefined(Array(try shard.allPoints().prefix(2)))
            try shard.setStudy(Self.study)
        }
        let mergedPath = scratch.path("merged.sqlite")
        try ResultsStore.merge(into: mergedPath, from: shardPaths)
        let merged = try ResultsStore(path: mergedPath)
        #expect(try merged.study() == nil && merged.refinedPoints().isEmpty)
        expectIdentical(try merged.allPoints(), points)

        // A whole run killed early, refined and finished by hand, then merged with the whole
        // run's store: the points it gains make its refinement stale.
        let partialPath = scratch.path("partial.sqlite")
        try writeShard(.whole, of: Array(points.prefix(7)), variants: variants, to: partialPath)
        let partial = try ResultsStore(path: partialPath)
        try partial.insertRefined(Array(points.prefix(1)))
        try partial.setStudy(Self.study)
        try ResultsStore.merge(into: partialPath, from: [mergedPath])
        #expect(try partial.study() == nil && partial.refinedPoints().isEmpty)
        expectIdentical(try partial.allPoints(), points)
    }

    static let unusualDoubles: [Double] = [
        -0.0, 0.0, 3.0, 0.1 + 0.2, -2.5, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity,
    ]

    /// Every double a field may hold comes back with its bits (-0.0 stays -0.0); one no
    /// evaluation produces (a negative or infinite latency) is refused when read.
    @Test(arguments: unusualDoubles)
    func doublesKeepTheirBits(value: Double) throws {
        let scratch = try ScratchDirectory()
        let store = try ResultsStore(path: scratch.path("results.sqlite"))
        func or(_ fallback: Double, if allowed: Bool) -> Double { allowed ? value : fallback }
        let positive = value.isFinite && value > 0, nonNegative = value.isFinite && value >= 0
        let point = EvaluatedPoint(
            id: PointID(designIndex: 0, variantIndex: 0), designName: "d",
            variant: ModelVariant(width: or(1, if: positive), resolution: 224, precision: 8,
                                  pruning: or(0.5, if: nonNegative && value < 1)),
            metrics: PointMetrics(latencyS: or(0.1, if: positive), throughputFps: or(10, if: positive),
                                  energyJ: or(0.2, if: nonNegative), powerW: or(0.3, if: nonNegative),
                                  areaMM2: or(4, if: positive), unitCostUSD: or(5, if: nonNegative),
                                  top1: or(70, if: nonNegative && value <= 100), top1Kind: "table", top1Source: "s", mapper: "ilp"),
            feasible: true, reason: nil)
        try store.insert([point])
        expectIdentical(try store.allPoints(), [point])
        guard !positive else { return }
        var implausible = point
        implausible.id = PointID(designIndex: 1, variantIndex: 0)
        implausible.metrics!.latencyS = value
        try store.insert([implausible])
        #expect(throws: ResultsStoreError.self) { _ = try store.allPoints() }
    }

    @Test func nanIsRefusedRatherThanStoredAsNull() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("results.sqlite")
        let store = try ResultsStore(path: path)
        var point = samplePoint(design: 1, variant: 1)
        point.metrics?.energyJ = .nan
        #expect(throws: ResultsStoreError.unrepresentableValue(path: path, id: point.id, field: "energyJ")) {
            try store.insert([samplePoint(design: 0, variant: 0), point])
        }
        #expect(try store.count() == 0)
        do {
            try store.insert([point])
            Issue.record("NaN was stored")
        } catch {
            #expect(error.description == "\(path): point (design 1, variant 1) has a NaN energyJ, which SQLite cannot store")
        }
    }

    // MARK: Idempotence and conflicts

    @Test func reinsertingTheSamePointsChangesNothing() throws {
        let scratch = try ScratchDirectory()
        let store = try ResultsStore(path: scratch.path("results.sqlite"))
        let points = sampleSpace(designs: 6, variants: 10)
        try insertInBatches(points, into: store, batchSize: 16)
        try insertInBatches(points, into: store, batchSize: 7)
        try store.insert(Array(points[20..<40]) + Array(points[20..<40]))
        #expect(try store.count() == points.count)
        expectIdentical(try store.allPoints(), points)
    }

    @Test func conflictingReinsertIsRefusedAndTheBatchRolledBack() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("results.sqlite")
        let store = try ResultsStore(path: path)
        let points = sampleSpace(designs: 3, variants: 4)
        try store.insert(Array(points[0..<6]))

        var changed = points[2]
        changed.metrics?.latencyS = 0.125
        let newPoints = Array(points[6...])
        #expect(throws: ResultsStoreError.conflictingPoint(path: path, id: changed.id, field: "latencyS",
                                                           stored: String(points[2].metrics!.latencyS), new: "0.125")) {
            try store.insert(newPoints + [changed])
        }
        // Nothing of the refused batch is stored and the original is untouched.
        expectIdentical(try store.allPoints(), Array(points[0..<6]))

        do {
            try store.insert([changed])
            Issue.record("expected a conflict")
        } catch {
            #expect(error.description == "\(path): point (design 0, variant 2) is already stored with latencyS "
                        + "\(points[2].metrics!.latencyS), not 0.125; refusing to overwrite")
        }
    }

    @Test func conflictsAreFoundInEveryKindOfField() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("results.sqlite")
        let store = try ResultsStore(path: path)
        let original = samplePoint(design: 0, variant: 6)
        try store.insert([original])
        #expect(original.metrics?.top1 != nil)

        var lostMetrics = original
        lostMetrics.metrics = nil
        var lostTop1 = original
        lostTop1.metrics?.top1 = nil
        var otherReason = original
        otherReason.reason = "other"
        var otherSignOfZero = original
        otherSignOfZero.variant.pruning = -0.0
        let cases: [(EvaluatedPoint, String)] = [
            (lostMetrics, "hasMetrics"), (lostTop1, "top1"), (otherReason, "reason"), (otherSignOfZero, "pruning"),
        ]
        #expect(original.variant.pruning.bitPattern == (0.0).bitPattern)
        for (point, field) in cases {
            do {
                try store.insert([point])
                Issue.record("expected a conflict on \(field)")
            } catch {
                guard case .conflictingPoint(_, _, let reported, _, _) = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
                #expect(reported == field)
            }
        }
        expectIdentical(try store.allPoints(), [original])
    }

    // MARK: Reopening and runs

    @Test func reopeningKeepsPointsAndRun() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("results.sqlite")
        let points = sampleSpace(designs: 5, variants: 5)
        do {
            let store = try ResultsStore(path: path)
            #expect(try store.run() == nil)
            try store.setRun(run)
            try store.insert(points)
        }
        // SQLite header bytes 18 and 19 (file format write/read versions) are 2 in WAL mode.
        let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(20)
        #expect(header.prefix(16) == Data("SQLite format 3\0".utf8))
        #expect(Array(header.suffix(2)) == [2, 2])
        let reopened = try ResultsStore(path: path)
        #expect(try reopened.run() == run)
        try reopened.setRun(run)
        expectIdentical(try reopened.allPoints(), points)
        // A store opened while another handle writes sees the committed points (WAL readers).
        try reopened.insert([samplePoint(design: 9, variant: 0)])
        #expect(try ResultsStore(path: path).count() == points.count + 1)
    }

    @Test func createdByOfTheFirstRunIsKept() throws {
        let scratch = try ScratchDirectory()
        let store = try ResultsStore(path: scratch.path("results.sqlite"))
        try store.setRun(run)
        var laterVersion = run
        laterVersion.createdBy = "npu-codesign 0.2.0"
        try store.setRun(laterVersion)
        #expect(try store.run() == run)
    }

    private static func changed(_ change: (inout RunDescription) throws -> Void) rethrows -> RunDescription {
        var other = run
        try change(&other)
        return other
    }

    static let otherRuns: [(String, RunDescription, String, String)] = [
        ("fingerprint", changed { $0.fingerprint = "sha256:77aa01" }, "sha256:3f2a9c", "sha256:77aa01"),
        ("workload", changed { $0.workload = "resnet18" }, "mobilenet-v2-drone", "resnet18"),
        ("strategy", changed { $0.strategy = "nsga2" }, "grid", "nsga2"),
        ("seed", changed { $0.seed = 1 }, "16045690984503111693", "1"),
        ("shard", try! changed { $0.shard = try ShardSpec(parsing: "2/4") }, "1/1", "2/4"),
    ]

    @Test(arguments: otherRuns)
    func anotherRunIsRefused(field: String, other: RunDescription, stored: String, requested: String) throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("results.sqlite")
        try ResultsStore(path: path).setRun(run)
        let reopened = try ResultsStore(path: path)
        #expect(throws: ResultsStoreError.belongsToAnotherRun(path: path, field: field, stored: stored, requested: requested)) {
            try reopened.setRun(other)
        }
        #expect(try reopened.run() == run)
    }

    @Test func fingerprintMismatchMessageNamesTheFile() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("results.sqlite")
        try ResultsStore(path: path).setRun(run)
        var other = run
        other.fingerprint = "sha256:77aa01"
        do {
            try ResultsStore(path: path).setRun(other)
            Issue.record("expected a mismatch")
        } catch {
            #expect(error.description == "\(path): store belongs to another run (fingerprint sha256:3f2a9c, "
                        + "this run has sha256:77aa01); use another file or remove it")
        }
    }

    // MARK: Files that are not stores

    @Test func garbageFileIsATypedErrorAndIsLeftAlone() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("results.sqlite")
        let garbage = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 17) })
        try garbage.write(to: URL(fileURLWithPath: path))
        #expect(throws: ResultsStoreError.notAResultsStore(path: path, reason: "not an SQLite database")) {
            _ = try ResultsStore(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        #expect(ResultsStoreError.notAResultsStore(path: path, reason: "not an SQLite database").description
                    == "\(path): not a results store (not an SQLite database)")
    }

    /// Another program's SQLite database is refused and left exactly as it was (in particular
    /// not switched to WAL). Needs the sqlite3 command to make such a database.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3")))
    func foreignSQLiteDatabaseIsRefusedUntouched() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("other.sqlite")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [path, "CREATE TABLE inventory (item TEXT); INSERT INTO inventory VALUES ('npu');"]
        try sqlite.run()
        sqlite.waitUntilExit()
        #expect(sqlite.terminationStatus == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: ResultsStoreError.notAResultsStore(path: path, reason: "schema missing")) {
            _ = try ResultsStore(path: path)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func textFileIsATypedError() throws {
        let scratch = try ScratchDirectory()
        let path = scratch.path("points.csv")
        try Data("design,variant,latency\n0,0,0.1\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ResultsStoreError.notAResultsStore(path: path, reason: "not an SQLite database")) {
            _ = try ResultsStore(path: path)
        }
    }

    // MARK: Shards

    @Test(arguments: [
        ("1/1", 1, 1), ("2/4", 2, 4), ("4/4", 4, 4), (" 3 / 8 ", 3, 8), ("16/16", 16, 16),
    ])
    func shardParses(text: String, index: Int, count: Int) throws {
        let shard = try ShardSpec(parsing: text)
        #expect(shard.index == index && shard.count == count)
        #expect(shard.description == "\(index)/\(count)")
    }

    @Test(arguments: [
        ("2-4", "'2-4' is not a shard: expected I/N with whole numbers, e.g. 2/4"),
        ("2/4/8", "'2/4/8' is not a shard: expected I/N with whole numbers, e.g. 2/4"),
        ("", "'' is not a shard: expected I/N with whole numbers, e.g. 2/4"),
        ("a/4", "'a/4' is not a shard: expected I/N with whole numbers, e.g. 2/4"),
        ("0/4", "'0/4' is not a shard: the shard index 0 must be between 1 and 4"),
        ("5/4", "'5/4' is not a shard: the shard index 5 must be between 1 and 4"),
        ("1/0", "'1/0' is not a shard: the number of shards must be at least 1"),
        ("-1/-2", "'-1/-2' is not a shard: the number of shards must be at least 1"),
    ])
    func malformedShardIsRefused(text: String, message: String) {
        do {
            _ = try ShardSpec(parsing: text)
            Issue.record("'\(text)' parsed")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(arguments: [1, 2, 3, 4, 7, 200])
    func shardsPartitionTheSpace(count: Int) throws {
        let designs = 13, variants = 9
        let shards = try (1...count).map { try ShardSpec(index: $0, count: count) }
        var sizes = Array(repeating: 0, count: count)
        for design in 0..<designs {
            for variant in 0..<variants {
                let id = PointID(designIndex: design, variantIndex: variant)
                let owners = shards.filter { $0.contains(id, variantCount: variants) }
                #expect(owners.count == 1)
                #expect(owners.first?.index == (design * variants + variant) % count + 1)
                if let owner = owners.first { sizes[owner.index - 1] += 1 }
            }
        }
        #expect(sizes.reduce(0, +) == designs * variants)
        #expect(sizes.max()! - sizes.min()! <= 1)  // round-robin: balanced
    }

    @Test func shardCodableRoundTripsAndValidates() throws {
        let shard = try ShardSpec(parsing: "3/5")
        let data = try JSONEncoder().encode(shard)
        #expect(try JSONDecoder().decode(ShardSpec.self, from: data) == shard)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(ShardSpec.self, from: Data(#"{"index":6,"count":5}"#.utf8))
        }
    }

    // MARK: Merge

    /// Writes the points of `shard` of the sample space to its own store, in its own order and
    /// batch size, as a shard process would.
    private func writeShard(_ shard: ShardSpec, of points: [EvaluatedPoint], variants: Int, to path: String) throws {
        let store = try ResultsStore(path: path)
        var shardRun = run
        shardRun.shard = shard
        try store.setRun(shardRun)
        let mine = points.filter { shard.contains($0.id, variantCount: variants) }
        try insertInBatches(shuffled(mine, seed: UInt64(shard.index)), into: store, batchSize: 5 + shard.index)
    }

    @Test func fourShardsMergedEqualASingleRun() throws {
        let scratch = try ScratchDirectory()
        let variants = 11
        let points = sampleSpace(designs: 17, variants: variants)

        let single = try ResultsStore(path: scratch.path("single.sqlite"))
        try single.setRun(run)
        try insertInBatches(points, into: single, batchSize: 50)

        let shardPaths = (1...4).map { scratch.path("shard-\($0)-of-4.sqlite") }
        for (offset, path) in shardPaths.enumerated() {
            try writeShard(try ShardSpec(index: offset + 1, count: 4), of: points, variants: variants, to: path)
        }
        let shardCounts = try shardPaths.map { try ResultsStore(path: $0).count() }
        #expect(shardCounts.reduce(0, +) == points.count)
        #expect(shardCounts.allSatisfy { $0 > 0 })

        let mergedPath = scratch.path("merged.sqlite")
        try ResultsStore.merge(into: mergedPath, from: shardPaths.reversed())
        let merged = try ResultsStore(path: mergedPath)
        expectIdentical(try merged.allPoints(), try single.allPoints())
        #expect(try merged.run() == single.run())
        #expect(try merged.count() == single.count())
        #expect(try merged.evaluatedIDs() == single.evaluatedIDs())

        // Merging again, or merging an overlapping shard into the result, is a no-op.
        try ResultsStore.merge(into: mergedPath, from: shardPaths + [shardPaths[0]])
        expectIdentical(try ResultsStore(path: mergedPath).allPoints(), points)
    }

    @Test func mergeRefusesMixedFingerprintsAndLeavesNoFile() throws {
        let scratch = try ScratchDirectory()
        let variants = 4
        let points = sampleSpace(designs: 4, variants: variants)
        let first = scratch.path("a.sqlite"), second = scratch.path("b.sqlite")
        try writeShard(try ShardSpec(parsing: "1/2"), of: points, variants: variants, to: first)
        let other = try ResultsStore(path: second)
        var otherRun = run
        otherRun.fingerprint = "sha256:000000"
        otherRun.shard = try ShardSpec(parsing: "2/2")
        try other.setRun(otherRun)

        let mergedPath = scratch.path("merged.sqlite")
        #expect(throws: ResultsStoreError.mergeOfDifferentRuns(
            path: second, field: "fingerprint", value: "sha256:000000", reference: first, referenceValue: "sha256:3f2a9c")) {
            try ResultsStore.merge(into: mergedPath, from: [first, second])
        }
        #expect(!FileManager.default.fileExists(atPath: mergedPath))
        do {
            try ResultsStore.merge(into: mergedPath, from: [first, second])
        } catch {
            #expect(error.description == "\(second): store belongs to another run (fingerprint sha256:000000, "
                        + "\(first) has sha256:3f2a9c)")
        }
    }

    @Test func mergeRefusesConflictingDuplicatesAtomically() throws {
        let scratch = try ScratchDirectory()
        let points = sampleSpace(designs: 3, variants: 3)
        let first = scratch.path("a.sqlite"), second = scratch.path("b.sqlite")
        try writeShard(try ShardSpec(parsing: "1/1"), of: points, variants: 3, to: first)
        var changed = points[4]
        changed.feasible.toggle()
        let other = try ResultsStore(path: second)
        try other.setRun(run)
        try other.insert([changed])

        let mergedPath = scratch.path("merged.sqlite")
        #expect(throws: ResultsStoreError.mergeConflict(source: second, destination: mergedPath, id: changed.id,
                                                        field: "feasible", merged: points[4].feasible ? "1" : "0",
                                                        sourceValue: changed.feasible ? "1" : "0")) {
            try ResultsStore.merge(into: mergedPath, from: [first, second])
        }
        #expect(!FileManager.default.fileExists(atPath: mergedPath))

        // Into an existing destination, a failed merge leaves it exactly as it was.
        try ResultsStore.merge(into: mergedPath, from: [first])
        #expect(throws: ResultsStoreError.self) { try ResultsStore.merge(into: mergedPath, from: [second]) }
        expectIdentical(try ResultsStore(path: mergedPath).allPoints(), points)
    }

    @Test func mergeSourcesMustBeStoresWithARun() throws {
        let scratch = try ScratchDirectory()
        let mergedPath = scratch.path("merged.sqlite")
        let missing = scratch.path("missing.sqlite")
        #expect(throws: ResultsStoreError.noSuchFile(path: missing)) {
            try ResultsStore.merge(into: mergedPath, from: [missing])
        }
        #expect(!FileManager.default.fileExists(atPath: missing))

        let empty = scratch.path("empty.sqlite")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: ResultsStoreError.notAResultsStore(path: empty, reason: "schema missing")) {
            try ResultsStore.merge(into: mergedPath, from: [empty])
        }

        let noRun = scratch.path("norun.sqlite")
        try ResultsStore(path: noRun).insert([samplePoint(design: 0, variant: 0)])
        #expect(throws: ResultsStoreError.missingRun(path: noRun)) {
            try ResultsStore.merge(into: mergedPath, from: [noRun])
        }
        #expect(throws: ResultsStoreError.mergeWithoutSources(destination: mergedPath)) {
            try ResultsStore.merge(into: mergedPath, from: [])
        }
        #expect(throws: ResultsStoreError.mergeIntoSource(path: noRun)) {
            try ResultsStore.merge(into: noRun, from: [noRun])
        }
        #expect(!FileManager.default.fileExists(atPath: mergedPath))
    }

    // MARK: Concurrency

    @Test func concurrentBatchesAreAllKept() async throws {
        let scratch = try ScratchDirectory()
        let store = try ResultsStore(path: scratch.path("results.sqlite"))
        let points = sampleSpace(designs: 24, variants: 20)
        let batches = stride(from: 0, to: points.count, by: 12).map { Array(points[$0..<min($0 + 12, points.count)]) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, batch) in batches.enumerated() {
                group.addTask { try store.insert(batch) }
                // Every fifth task re-sends an earlier batch: duplicates must stay harmless.
                if index % 5 == 4 { group.addTask { try store.insert(batches[index - 3]) } }
            }
            try await group.waitForAll()
        }
        #expect(try store.count() == points.count)
        expectIdentical(try store.allPoints(), points)
    }
}
