import CodesignCore
import Exploration
import Foundation
import GRDB
import Testing

/// A store is evidence: a row edited by hand, a file cut short or damaged, or a merge that
/// is not the whole run is refused when read, with the point and the reason, never turned
/// into a report. Each case edits a real store the way a user (or a broken disk) would.
@Suite struct StoreIntegrityTests {
    static let run = RunDescription(workload: "w", fingerprint: "f", strategy: "grid", seed: 1, shard: .whole,
                                    createdBy: "tests")

    /// A store of 4 × 3 sample points, closed, with its path.
    static func makeStore(_ scratch: ScratchDirectory, shard: ShardSpec = .whole, name: String = "store.sqlite") throws -> String {
        let path = scratch.path(name)
        let store = try ResultsStore(path: path)
        var run = Self.run
        run.shard = shard
        try store.setRun(run)
        try store.insert(sampleSpace(designs: 4, variants: 3).filter { shard.contains($0.id, variantCount: 3) })
        return path
    }

    /// Runs SQL on the file as another program would (CHECK constraints off: a hand edit
    /// need not respect them).
    static func edit(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: sql)
        }
    }

    struct Edit: Sendable, CustomTestStringConvertible {
        var name: String
        var sql: String
        var message: String
        var testDescription: String { name }
    }

    static let edits: [Edit] = [
        Edit(name: "negative latency", sql: "UPDATE point SET latencyS = -1.0 WHERE designIndex = 1 AND variantIndex = 0",
             message: "point (design 1, variant 0): its values do not match the checksum"),
        Edit(name: "infinite energy", sql: "UPDATE point SET energyJ = 9e999 WHERE designIndex = 1 AND variantIndex = 1",
             message: "point (design 1, variant 1): its values do not match the checksum"),
        Edit(name: "top-1 of 250", sql: "UPDATE point SET top1 = 250.0 WHERE designIndex = 2 AND variantIndex = 2",
             message: "point (design 2, variant 2): its values do not match the checksum"),
        Edit(name: "feasible 2", sql: "UPDATE point SET feasible = 2 WHERE designIndex = 0 AND variantIndex = 1",
             message: "point (design 0, variant 1): feasible is 2, not 0 or 1"),
        Edit(name: "mapper cut short", sql: "UPDATE point SET mapper = 'searc' WHERE mapper = 'search'",
             message: "its values do not match the checksum"),
        Edit(name: "index moved outside the space", sql: "UPDATE point SET designIndex = -1 WHERE designIndex = 3 AND variantIndex = 2",
             message: "point (design -1, variant 2): its values do not match the checksum"),
        Edit(name: "row added without a checksum",
             sql: "INSERT INTO point SELECT 9, variantIndex, designName, width, resolution, precision, pruning, hasMetrics, latencyS, throughputFps, energyJ, powerW, areaMM2, unitCostUSD, top1, top1Kind, top1Source, mapper, feasible, reason, '' FROM point WHERE designIndex = 0 AND variantIndex = 0",
             message: "point (design 9, variant 0): its values do not match the checksum"),
        Edit(name: "checksum removed", sql: "UPDATE point SET checksum = '' WHERE designIndex = 0 AND variantIndex = 2",
             message: "point (design 0, variant 2): its values do not match the checksum"),
    ]

    @Test(arguments: edits)
    func handEditedRowIsRefused(_ edit: Edit) throws {
        let scratch = try ScratchDirectory()
        let path = try Self.makeStore(scratch)
        try Self.edit(path, edit.sql)
        do {
            _ = try ResultsStore(path: path).allPoints()
            Issue.record("the edited store was read")
        } catch {
            #expect(error.path == path)
            #expect(error.message.hasPrefix("corrupt results store: "), "\(error)")
            #expect(error.message.contains(edit.message), "\(error)")
        }
    }

    /// A figure no evaluation produces is refused even when the row's checksum was updated
    /// to match (a tool that rewrites rows "correctly").
    @Test func implausibleFiguresAreRefusedEvenWithAMatchingChecksum() throws {
        let scratch = try ScratchDirectory()
        let path = try Self.makeStore(scratch)
        let store = try ResultsStore(path: path)
        let points = try store.allPoints()
        var bad = try #require(points.first { $0.metrics != nil })
        bad.metrics!.top1 = 250
        let other = scratch.path("other.sqlite")
        let writer = try ResultsStore(path: other)
        try writer.setRun(Self.run)
        try writer.insert([bad])
        #expect(throws: ResultsStoreError.corrupt(path: other, detail: "point (design \(bad.id.designIndex), variant \(bad.id.variantIndex)): top1 250.0 is not a percentage")) {
            _ = try ResultsStore(path: other).allPoints()
        }
    }

    @Test func editedStudyIsRefused() throws {
        let scratch = try ScratchDirectory()
        let path = try Self.makeStore(scratch)
        let study = StudyRecord(workloadName: "w", spaceName: "s", objectives: [.latency], constraints: [],
                                constraintTexts: [], strategy: .grid, seed: 1, accuracySources: [],
                                productionVolume: 100_000, screeningMapper: .search, refined: false)
        try ResultsStore(path: path).setStudy(study)
        #expect(try ResultsStore(path: path).study() == study)
        try Self.edit(path, "UPDATE study SET record = replace(record, '\"w\"', '\"x\"')")
        #expect(throws: ResultsStoreError.self) { _ = try ResultsStore(path: path).study() }
    }

    /// A file cut short by 1 to 300 bytes (a copy interrupted, a full disk): SQLite's own
    /// check may pass; the store either refuses it or still reads exactly its points, never
    /// a point with a value cut short.
    @Test(arguments: [1, 7, 64, 300])
    func truncatedFileNeverReadsWrongPoints(bytes: UInt64) throws {
        let scratch = try ScratchDirectory()
        let path = try Self.makeStore(scratch)
        let before = try ResultsStore(path: path).allPoints()
        try Self.edit(path, "PRAGMA journal_mode = DELETE")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        let size = try handle.seekToEnd()
        try handle.truncate(atOffset: size - bytes)
        try handle.close()
        do {
            #expect(try ResultsStore(path: path).allPoints() == before)
        } catch {
            #expect(error.path == path)
        }
    }

    /// Every byte of a stored row's page flipped in turn: each flip is refused or harmless.
    @Test func damagedBytesNeverReadAsOtherFigures() throws {
        let scratch = try ScratchDirectory()
        let path = try Self.makeStore(scratch)
        try Self.edit(path, "PRAGMA journal_mode = DELETE")
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let before = try ResultsStore(path: path).allPoints()
        var refused = 0
        for offset in stride(from: 4096, to: original.count, by: 37) {
            var damaged = original
            damaged[offset] ^= 0x5A
            let copy = scratch.path("damaged-\(offset).sqlite")
            try damaged.write(to: URL(fileURLWithPath: copy))
            do {
                let points = try ResultsStore(path: copy).allPoints()
                #expect(points == before, "byte \(offset) changed a point unnoticed")
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0)
    }

    /// A version-3 store (no checksums) opens, gains checksums for the rows it has, and
    /// reads back the same points.
    @Test func versionThreeStoreIsMigrated() throws {
        let scratch = try ScratchDirectory()
        let path = try Self.makeStore(scratch)
        let before = try ResultsStore(path: path).allPoints()
        try Self.edit(path, """
            ALTER TABLE point DROP COLUMN checksum; ALTER TABLE refinedPoint DROP COLUMN checksum;
            ALTER TABLE study DROP COLUMN checksum; UPDATE storeInfo SET schemaVersion = 3
            """)
        #expect(try ResultsStore(path: path).allPoints() == before)
        let version = try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "SELECT schemaVersion FROM storeInfo") }
        #expect(version == ResultsStore.schemaVersion)
    }

    struct ShardSet: Sendable, CustomTestStringConvertible {
        var shards: [String]
        var message: String?
        var testDescription: String { shards.joined(separator: " + ") }
    }

    static let shardSets: [ShardSet] = [
        ShardSet(shards: ["1/2", "2/2"], message: nil),
        ShardSet(shards: ["2/3", "3/3", "1/3", "2/3"], message: nil),
        ShardSet(shards: ["1/1", "2/3"], message: nil),
        ShardSet(shards: ["1/2", "2/3"], message: "it is shard 2/3 but"),
        ShardSet(shards: ["1/3", "3/3"], message: "shard 2/3 missing"),
        ShardSet(shards: ["2/4"], message: "shards 1/4, 3/4, 4/4 missing"),
    ]

    /// A merged store is recorded as the whole run, so its sources must be every shard of
    /// one split (or whole stores); anything else is refused and writes nothing.
    @Test(arguments: shardSets)
    func mergeTakesEveryShardOfOneSplit(_ set: ShardSet) throws {
        let scratch = try ScratchDirectory()
        let paths = try set.shards.enumerated().map { offset, text in
            try Self.makeStore(scratch, shard: try ShardSpec(parsing: text), name: "shard-\(offset).sqlite")
        }
        let merged = scratch.path("merged.sqlite")
        if let message = set.message {
            do {
                try ResultsStore.merge(into: merged, from: paths)
                Issue.record("merged")
            } catch {
                #expect(error.message.contains(message), "\(error)")
            }
            #expect(!FileManager.default.fileExists(atPath: merged))
        } else {
            try ResultsStore.merge(into: merged, from: paths)
            #expect(try ResultsStore(path: merged).count() == 12)
        }
    }
}
