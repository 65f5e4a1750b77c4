import CodesignCore
import Foundation
import GRDB

/// What a store's points were computed from, so that `--resume` and `merge` never mix points
/// of different runs. The fingerprint is computed by the caller from the inputs (workload,
/// design space, anything else that changes a point's figures); the store only compares it.
public struct RunDescription: Sendable, Hashable, Codable {
    public var workload: String
    public var fingerprint: String
    public var strategy: String
    public var seed: UInt64
    public var shard: ShardSpec
    /// The tool and version that created the store; informative only, never compared.
    public var createdBy: String
    /// The command's arguments that reproduce the run (input files as absolute paths), so
    /// that `npu-codesign report --db` can rewrite its report; informative, never compared.
    public var arguments: [String]

    public init(workload: String, fingerprint: String, strategy: String, seed: UInt64,
                shard: ShardSpec, createdBy: String, arguments: [String] = []) {
        self.arguments = arguments
        self.workload = workload
        self.fingerprint = fingerprint
        self.strategy = strategy
        self.seed = seed
        self.shard = shard
        self.createdBy = createdBy
    }
}

/// Every evaluated point of a run, in an SQLite file, so that a killed run resumes without
/// re-evaluating or losing a point and shards of a run merge into the single-run result.
///
/// Durability: the file is in WAL mode with `synchronous = FULL`, and each `insert` batch is
/// one committed transaction. A process killed at any moment (SIGKILL included) loses at most
/// the batch in flight and never leaves a corrupt file; WAL alone already gives that, FULL
/// extends it to an operating-system crash or power loss of the node (a preempted cloud or
/// cluster machine), at the price of one fsync per batch — negligible next to the seconds of
/// mapping a batch of points costs. With NORMAL, the last committed batches could vanish on a
/// power loss, and a resumed run would silently redo them.
///
/// Points are immutable once stored: inserting an id again with the same figures is a no-op,
/// with different figures an error, so a store is never silently overwritten.
public final class ResultsStore: Sendable {
    /// The path the store was opened with; every error names it.
    public let path: String
    private let database: DatabaseQueue

    /// Version of the table layout written in `storeInfo`; a store of another version is refused.
    public static let schemaVersion = 4

    /// Opens the store at `path`, creating the file and its schema when it does not exist or is
    /// empty. An existing file that is not a results store is refused and left untouched.
    public convenience init(path: String) throws(ResultsStoreError) {
        try self.init(path: path, creatingIfMissing: true)
    }

    init(path: String, creatingIfMissing: Bool) throws(ResultsStoreError) {
        self.path = path
        if !creatingIfMissing && !FileManager.default.fileExists(atPath: path) {
            throw .noSuchFile(path: path)
        }
        // A folder or a device (/dev/null) is no store; SQLite would say "disk I/O error".
        if let reason = FileKind(path: path).reasonNotAFile { throw .notAResultsStore(path: path, reason: reason) }
        var configuration = Configuration()
        configuration.label = "ResultsStore"
        // Another process (a second `--resume`, a reader) waits for the lock instead of failing.
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error, path: path)
        }
        try access { () throws in
            // The schema is checked before WAL is switched on: WAL mode persists in the file,
            // and a foreign database must be left exactly as it was.
            try database.write { db in try Self.prepareSchema(db, path: path, creating: creatingIfMissing) }
            try database.writeWithoutTransaction { db in
                _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            }
        }
    }

    private static func prepareSchema(_ db: Database, path: String, creating: Bool) throws {
        let tables = try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        if tables.isEmpty {
            guard creating else { throw ResultsStoreError.notAResultsStore(path: path, reason: "schema missing") }
            try db.execute(sql: schemaSQL)
            try db.execute(sql: "INSERT INTO storeInfo (singleton, schemaVersion) VALUES (1, ?)",
                           arguments: [schemaVersion])
            return
        }
        guard tables.contains("storeInfo"), tables.contains("run"), tables.contains("point") else {
            throw ResultsStoreError.notAResultsStore(path: path, reason: "schema missing")
        }
        guard var found = try Int.fetchOne(db, sql: "SELECT schemaVersion FROM storeInfo WHERE singleton = 1") else {
            throw ResultsStoreError.notAResultsStore(path: path, reason: "schema version missing")
        }
        if found == schemaVersion, !(tables.contains("refinedPoint") && tables.contains("study")) {
            throw ResultsStoreError.notAResultsStore(path: path, reason: "schema missing")
        }
        if found == 1 {
            // Version 2 adds the run's arguments; a version-1 store gains an empty list.
            try db.execute(sql: "ALTER TABLE run ADD COLUMN arguments TEXT NOT NULL DEFAULT '[]'")
            try db.execute(sql: "UPDATE storeInfo SET schemaVersion = 2 WHERE singleton = 1")
            found = 2
        }
        if found == 2 {
            // Version 3 adds the refined points and the resolved study; a version-2 store has
            // neither, so its report is made by replaying the run once.
            try db.execute(sql: refinementSchemaSQL.replacingOccurrences(of: studyChecksumSQL, with: ""))
            try db.execute(sql: "UPDATE storeInfo SET schemaVersion = 3 WHERE singleton = 1")
            found = 3
        }
        if found == 3 {
            // Version 4 adds each point's checksum; an older store's rows are taken as they
            // are and given theirs.
            for table in [PointTable.point, .refinedPoint] {
                // A version-2 store migrated above already has the column (its refinedPoint
                // table was made with today's layout), but no row in it.
                let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table.rawValue))").map { $0["name"] as String? }
                if !columns.contains("checksum") {
                    try db.execute(sql: "ALTER TABLE \(table.rawValue) ADD COLUMN checksum TEXT NOT NULL DEFAULT ''")
                }
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM \(table.rawValue)")
                for row in rows {
                    let point = try PointColumns.point(from: row, path: path, verifying: false)
                    try db.execute(sql: "UPDATE \(table.rawValue) SET checksum = ? WHERE designIndex = ? AND variantIndex = ?",
                                   arguments: [PointColumns.checksum(of: row), point.id.designIndex, point.id.variantIndex])
                }
            }
            try db.execute(sql: studyChecksumSQL)
            if let record = try String.fetchOne(db, sql: "SELECT record FROM study WHERE singleton = 1") {
                try db.execute(sql: "UPDATE study SET checksum = ? WHERE singleton = 1", arguments: [studyChecksum(record)])
            }
            try db.execute(sql: "UPDATE storeInfo SET schemaVersion = 4 WHERE singleton = 1")
            found = 4
        }
        guard found == schemaVersion else {
            throw ResultsStoreError.unsupportedSchemaVersion(path: path, found: found, supported: schemaVersion)
        }
    }

    /// Column names and order are those of `PointColumns.columns(of:)`, then the row's
    /// checksum of them (`PointColumns.checksum(of:)`), verified whenever the row is read. The double columns have
    /// no declared type on purpose: with REAL affinity SQLite writes a whole-valued double as an
    /// integer on disk, which turns -0.0 into 0.0; without affinity the eight IEEE bytes are
    /// stored as given, and the CHECKs keep the columns to doubles.
    private static let schemaSQL = """
        CREATE TABLE storeInfo (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            schemaVersion INTEGER NOT NULL
        );
        CREATE TABLE run (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            workload TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            strategy TEXT NOT NULL,
            seed INTEGER NOT NULL, -- UInt64 stored as the Int64 with the same bits
            shardIndex INTEGER NOT NULL,
            shardCount INTEGER NOT NULL,
            createdBy TEXT NOT NULL,
            arguments TEXT NOT NULL DEFAULT '[]' -- JSON array of strings
        );
        """ + pointTableSQL(.point) + refinementSchemaSQL

    /// One evaluated point per row; `point` holds the screening figures, `refinedPoint` the
    /// refined ones.
    private static func pointTableSQL(_ table: PointTable) -> String {
        """
        CREATE TABLE \(table.rawValue) (
            designIndex INTEGER NOT NULL,
            variantIndex INTEGER NOT NULL,
            designName TEXT NOT NULL,
            width NOT NULL CHECK (typeof(width) = 'real'),
            resolution INTEGER NOT NULL,
            precision INTEGER NOT NULL,
            pruning NOT NULL CHECK (typeof(pruning) = 'real'),
            hasMetrics INTEGER NOT NULL CHECK (hasMetrics IN (0, 1)),
            latencyS CHECK (typeof(latencyS) IN ('real', 'null')),
            throughputFps CHECK (typeof(throughputFps) IN ('real', 'null')),
            energyJ CHECK (typeof(energyJ) IN ('real', 'null')),
            powerW CHECK (typeof(powerW) IN ('real', 'null')),
            areaMM2 CHECK (typeof(areaMM2) IN ('real', 'null')),
            unitCostUSD CHECK (typeof(unitCostUSD) IN ('real', 'null')),
            top1 CHECK (typeof(top1) IN ('real', 'null')),
            top1Kind TEXT,
            top1Source TEXT,
            mapper TEXT,
            feasible INTEGER NOT NULL CHECK (feasible IN (0, 1)),
            reason TEXT,
            checksum TEXT NOT NULL,
            PRIMARY KEY (designIndex, variantIndex)
        ) WITHOUT ROWID;

        """
    }

    /// The points re-evaluated by refinement (same columns as `point`), stored as they are
    /// computed so a killed refinement resumes, and the study a finished run resolved
    /// (`StudyRecord` as JSON), written once refinement is complete. Both are cleared whenever
    /// a screening point is added, so neither is ever stale.
    private static let refinementSchemaSQL = pointTableSQL(.refinedPoint) + """
        CREATE TABLE study (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            record TEXT NOT NULL
        );
        """ + studyChecksumSQL

    /// Version 4's checksum of the study record (as for points: an edited or damaged
    /// record is noticed when it is read).
    private static let studyChecksumSQL = """
        ALTER TABLE study ADD COLUMN checksum TEXT NOT NULL DEFAULT '';
        """

    // MARK: Run description

    /// Records the run on a new store; on a store that already has one, checks it is the same
    /// run (workload, fingerprint, strategy, seed, shard) and throws `belongsToAnotherRun`
    /// otherwise. `createdBy` of the first run is kept.
    public func setRun(_ run: RunDescription) throws(ResultsStoreError) {
        let path = path
        try access {
            try database.write { db in
                if let stored = try Self.fetchRun(db, path: path) {
                    if let difference = Self.runDifference(stored, run, comparingShard: true) {
                        throw ResultsStoreError.belongsToAnotherRun(
                            path: path, field: difference.field, stored: difference.stored, requested: difference.other)
                    }
                } else {
                    try Self.storeRun(run, db)
                }
            }
        }
    }

    /// The run recorded by `setRun`, or nil on a store that has none yet.
    public func run() throws(ResultsStoreError) -> RunDescription? {
        let path = path
        return try access { try database.read { db in try Self.fetchRun(db, path: path) } }
    }

    private static func storeRun(_ run: RunDescription, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO run (singleton, workload, fingerprint, strategy, seed, shardIndex, shardCount, createdBy,
                                 arguments)
                VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [run.workload, run.fingerprint, run.strategy, Int64(bitPattern: run.seed),
                        run.shard.index, run.shard.count, run.createdBy, encodeArguments(run.arguments)])
    }

    private static func fetchRun(_ db: Database, path: String) throws -> RunDescription? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run WHERE singleton = 1") else { return nil }
        let decoder = RowDecoder(row: row, path: path, what: "run description")
        let shardIndex: Int = try decoder.required("shardIndex")
        let shardCount: Int = try decoder.required("shardCount")
        let shard: ShardSpec
        do {
            shard = try ShardSpec(index: shardIndex, count: shardCount)
        } catch {
            throw ResultsStoreError.corrupt(path: path, detail: "run description: \(error.description)")
        }
        let seed: Int64 = try decoder.required("seed")
        return RunDescription(
            workload: try decoder.required("workload"), fingerprint: try decoder.required("fingerprint"),
            strategy: try decoder.required("strategy"), seed: UInt64(bitPattern: seed), shard: shard,
            createdBy: try decoder.required("createdBy"),
            arguments: decodeArguments(try decoder.required("arguments")))
    }

    private static func encodeArguments(_ arguments: [String]) -> String {
        let data = (try? JSONEncoder().encode(arguments)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func decodeArguments(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// The first field in which two runs differ, fingerprint first because it is the one that
    /// says the points themselves would differ.
    private static func runDifference(_ a: RunDescription, _ b: RunDescription, comparingShard: Bool)
        -> (field: String, stored: String, other: String)?
    {
        var fields: [(String, String, String)] = [
            ("fingerprint", a.fingerprint, b.fingerprint),
            ("workload", a.workload, b.workload),
            ("strategy", a.strategy, b.strategy),
            ("seed", String(a.seed), String(b.seed)),
        ]
        if comparingShard { fields.append(("shard", a.shard.description, b.shard.description)) }
        return fields.first { $0.1 != $0.2 }.map { (field: $0.0, stored: $0.1, other: $0.2) }
    }

    // MARK: Points

    /// Stores `points` in one transaction: after it returns they survive any crash, and if it
    /// throws none of them is stored. An id already stored with identical figures is skipped;
    /// with different figures the whole batch is refused (`conflictingPoint`). NaN figures are
    /// refused (`unrepresentableValue`) because SQLite would store them as NULL.
    /// A point added after refinement makes the refinement stale: it is cleared.
    public func insert(_ points: [EvaluatedPoint]) throws(ResultsStoreError) {
        try insert(points, into: .point)
    }

    /// Stores refined points (`insert`'s rules), each a screening point re-evaluated.
    public func insertRefined(_ points: [EvaluatedPoint]) throws(ResultsStoreError) {
        try insert(points, into: .refinedPoint)
    }

    /// The two tables of points, with the same columns.
    private enum PointTable: String {
        /// Screening figures, one row per evaluated point.
        case point
        /// Refined figures of the points refinement re-evaluated.
        case refinedPoint
    }

    private func insert(_ points: [EvaluatedPoint], into table: PointTable) throws(ResultsStoreError) {
        guard !points.isEmpty else { return }
        let path = path
        try access {
            try database.write { db in
                let before = db.totalChangesCount
                if let conflict = try Self.insert(points, into: table, db, path: path) {
                    throw ResultsStoreError.conflictingPoint(
                        path: path, id: conflict.id, field: conflict.field, stored: conflict.stored, new: conflict.new)
                }
                if table == .point, db.totalChangesCount != before { try Self.clearRefinement(db) }
            }
        }
    }

    private static func clearRefinement(_ db: Database) throws {
        try db.execute(sql: "DELETE FROM refinedPoint; DELETE FROM study")
    }

    /// Every refined point, ordered by `PointID`.
    public func refinedPoints() throws(ResultsStoreError) -> [EvaluatedPoint] {
        try points(of: .refinedPoint)
    }

    /// Records the study of a run whose refinement is complete: `report` renders from it.
    public func setStudy(_ study: StudyRecord) throws(ResultsStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text: String
        do { text = String(decoding: try encoder.encode(study), as: UTF8.self) } catch {
            throw .database(path: path, message: "the study cannot be encoded: \(error)")
        }
        try access {
            try database.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO study (singleton, record, checksum) VALUES (1, ?, ?)",
                               arguments: [text, Self.studyChecksum(text)])
            }
        }
    }

    /// The study of a finished run, nil while refinement is not complete (or was never run
    /// by this version).
    public func study() throws(ResultsStoreError) -> StudyRecord? {
        let path = path
        let row = try access { try database.read { db in try Row.fetchOne(db, sql: "SELECT record, checksum FROM study WHERE singleton = 1") } }
        guard let row else { return nil }
        let decoder = RowDecoder(row: row, path: path, what: "the study")
        let text: String = try decoder.required("record")
        let checksum: String = try decoder.required("checksum")
        guard checksum == Self.studyChecksum(text),
              let study = try? JSONDecoder().decode(StudyRecord.self, from: Data(text.utf8)) else {
            throw .corrupt(path: path, detail: "the study (what the report needs besides the points) does not match the "
                           + "checksum stored with it (it was edited or the file damaged)")
        }
        return study
    }

    private static func studyChecksum(_ text: String) -> String {
        var fingerprint = Fingerprint()
        fingerprint.add(text)
        return fingerprint.hex
    }

    private struct Conflict {
        var id: PointID, field: String, stored: String, new: String
    }

    /// Inserts every point not yet stored; returns the first point stored with other figures.
    private static func insert(_ points: [EvaluatedPoint], into table: PointTable, _ db: Database, path: String) throws
        -> Conflict? {
        let names = PointColumns.names + ["checksum"]
        let statement = try db.cachedStatement(sql: """
            INSERT INTO \(table.rawValue) (\(names.joined(separator: ", ")))
            VALUES (\(Array(repeating: "?", count: names.count).joined(separator: ", ")))
            ON CONFLICT (designIndex, variantIndex) DO NOTHING
            """)
        for point in points {
            let columns = PointColumns.columns(of: point)
            if let nan = columns.first(where: { $0.value.isNaN }) {
                throw ResultsStoreError.unrepresentableValue(path: path, id: point.id, field: nan.name)
            }
            try statement.execute(arguments: StatementArguments(
                columns.map { $0.value.databaseValue } + [PointColumns.checksum(of: columns.map(\.value.databaseValue)).databaseValue]))
            if db.changesCount == 0 {
                guard let stored = try fetchPoint(point.id, from: table, db, path: path) else { continue }
                let storedColumns = PointColumns.columns(of: stored)
                if let index = columns.indices.first(where: { !storedColumns[$0].value.isIdentical(to: columns[$0].value) }) {
                    return Conflict(id: point.id, field: columns[index].name,
                                    stored: storedColumns[index].value.description, new: columns[index].value.description)
                }
            }
        }
        return nil
    }

    private static func fetchPoint(_ id: PointID, from table: PointTable, _ db: Database, path: String) throws
        -> EvaluatedPoint? {
        try Row.fetchOne(db, sql: "SELECT * FROM \(table.rawValue) WHERE designIndex = ? AND variantIndex = ?",
                         arguments: [id.designIndex, id.variantIndex])
            .map { try PointColumns.point(from: $0, path: path) }
    }

    /// The ids already stored, so that a resumed run skips them.
    public func evaluatedIDs() throws(ResultsStoreError) -> Set<PointID> {
        let path = path
        return try access {
            try database.read { db in
                var ids = Set<PointID>()
                let rows = try Row.fetchCursor(db, sql: "SELECT designIndex, variantIndex FROM point")
                while let row = try rows.next() {
                    let decoder = RowDecoder(row: row, path: path, what: "point")
                    ids.insert(PointID(designIndex: try decoder.required("designIndex"),
                                       variantIndex: try decoder.required("variantIndex")))
                }
                return ids
            }
        }
    }

    /// Every stored point, ordered by `PointID`; the same list for a single run and for the
    /// merge of its shards.
    public func allPoints() throws(ResultsStoreError) -> [EvaluatedPoint] {
        try points(of: .point)
    }

    private func points(of table: PointTable) throws(ResultsStoreError) -> [EvaluatedPoint] {
        let path = path
        return try access {
            try database.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table.rawValue) ORDER BY designIndex, variantIndex")
                    .map { try PointColumns.point(from: $0, path: path) }
            }
        }
    }

    public func count() throws(ResultsStoreError) -> Int {
        try access { try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM point") ?? 0 } }
    }

    // MARK: Merge

    /// Combines the stores of the shards of one run into the store at `path`.
    ///
    /// Every source must exist, be a results store and describe the same run (workload,
    /// fingerprint, strategy, seed); their shard fields may differ. The destination is created
    /// when missing; an existing destination must already hold that run as a whole (`1/1`),
    /// e.g. the result of an earlier merge. The union is written in one transaction, so a merge
    /// that fails (conflicting duplicate, mismatched run) leaves the destination as it was, and
    /// a destination it created is removed. The merged store's run is the sources' run with the
    /// shard `1/1`, so it cannot be told apart from a single unsharded run's store. Whether the
    /// shards are complete is not known to the stores; the caller checks the count.
    public static func merge(into path: String, from paths: [String]) throws(ResultsStoreError) {
        guard !paths.isEmpty else { throw .mergeWithoutSources(destination: path) }
        let destinationURL = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        for source in paths where URL(fileURLWithPath: source).standardizedFileURL.resolvingSymlinksInPath() == destinationURL {
            throw .mergeIntoSource(path: source)
        }

        var reference: (path: String, run: RunDescription)?
        var sources: [(path: String, points: [EvaluatedPoint])] = []
        var shards: [(path: String, shard: ShardSpec)] = []
        for source in paths {
            let store = try ResultsStore(path: source, creatingIfMissing: false)
            guard let run = try store.run() else { throw .missingRun(path: source) }
            if let reference, let difference = runDifference(reference.run, run, comparingShard: false) {
                throw .mergeOfDifferentRuns(path: source, field: difference.field, value: difference.other,
                                            reference: reference.path, referenceValue: difference.stored)
            }
            if reference == nil { reference = (source, run) }
            shards.append((source, run.shard))
            sources.append((source, try store.allPoints()))
        }
        guard var mergedRun = reference?.run else { throw .mergeWithoutSources(destination: path) }
        try checkShardsComplete(shards, destination: path)
        mergedRun.shard = .whole

        let destinationExisted = FileManager.default.fileExists(atPath: path)
        let destination = try ResultsStore(path: path)
        do {
            try destination.access {
                try destination.database.write { db in
                    if let stored = try fetchRun(db, path: path) {
                        if let difference = runDifference(stored, mergedRun, comparingShard: true) {
                            throw ResultsStoreError.belongsToAnotherRun(
                                path: path, field: difference.field, stored: difference.stored, requested: difference.other)
                        }
                    } else {
                        try storeRun(mergedRun, db)
                    }
                    let before = db.totalChangesCount
                    for source in sources {
                        if let conflict = try insert(source.points, into: .point, db, path: path) {
                            throw ResultsStoreError.mergeConflict(
                                source: source.path, destination: path, id: conflict.id, field: conflict.field,
                                merged: conflict.stored, sourceValue: conflict.new)
                        }
                    }
                    // New points make an earlier refinement of the destination stale; the shards'
                    // own refinements saw only their slice, so none is copied.
                    if db.totalChangesCount != before { try clearRefinement(db) }
                }
            }
        } catch {
            if !destinationExisted {
                try? destination.database.close()
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            throw error
        }
    }

    /// The merged store is recorded as the whole run, so its sources must be the whole run:
    /// every shard of one split (`I/N` for each I of one N), or stores that are whole already.
    /// Shards of two splits, or a split with a shard missing, would be stored as a finished
    /// run that lacks points.
    private static func checkShardsComplete(_ shards: [(path: String, shard: ShardSpec)],
                                            destination: String) throws(ResultsStoreError) {
        let split = shards.filter { $0.shard != .whole }
        guard let first = split.first, !shards.contains(where: { $0.shard == .whole }) else { return }
        if let other = split.first(where: { $0.shard.count != first.shard.count }) {
            throw .incompleteShards(path: other.path, detail: "it is shard \(other.shard) but \(first.path) is shard "
                                    + "\(first.shard): the shards of one merge split the run the same way")
        }
        let present = Set(split.map(\.shard.index))
        let missing = (1...first.shard.count).filter { !present.contains($0) }
        if !missing.isEmpty {
            let names = missing.map { "\($0)/\(first.shard.count)" }.joined(separator: ", ")
            throw .incompleteShards(path: destination, detail: "shard\(missing.count == 1 ? "" : "s") \(names) "
                                    + "missing: a merge takes every shard of the run, so the merged store is the whole run")
        }
    }

    // MARK: Errors

    /// Runs database work and turns whatever it throws into a `ResultsStoreError` naming the file.
    private func access<T>(_ work: () throws -> T) throws(ResultsStoreError) -> T {
        do {
            return try work()
        } catch {
            throw Self.storeError(error, path: path)
        }
    }

    /// Where a damaged file is damaged, in SQLite's own words (`PRAGMA quick_check`: the
    /// pages and tables affected), so the user knows whether the run's points survive.
    private static func damageReport(_ path: String) -> String {
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration),
              let lines = try? queue.read({ db in try String.fetchAll(db, sql: "PRAGMA quick_check(3)") }),
              lines != ["ok"], !lines.isEmpty else { return "" }
        return "; SQLite's check of the file: " + lines.joined(separator: "; ")
    }

    private static func storeError(_ error: any Error, path: String) -> ResultsStoreError {
        switch error {
        case let error as ResultsStoreError:
            return error
        case let error as DatabaseError where error.resultCode == .SQLITE_NOTADB:
            return .notAResultsStore(path: path, reason: "not an SQLite database")
        case let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT:
            return .corrupt(path: path, detail: (error.message ?? "database disk image is malformed") + damageReport(path))
        case let error as DatabaseError:
            return .database(path: path, message: error.message ?? "SQLite error \(error.resultCode.rawValue)")
        default:
            return .database(path: path, message: String(describing: error))
        }
    }
}

/// Why a results store cannot be opened, written or merged. Every message starts with the file.
public enum ResultsStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    case noSuchFile(path: String)
    case notAResultsStore(path: String, reason: String)
    case unsupportedSchemaVersion(path: String, found: Int, supported: Int)
    /// `setRun` (or a merge destination) found a store made by a run with other inputs.
    case belongsToAnotherRun(path: String, field: String, stored: String, requested: String)
    case unrepresentableValue(path: String, id: PointID, field: String)
    case conflictingPoint(path: String, id: PointID, field: String, stored: String, new: String)
    case mergeWithoutSources(destination: String)
    case mergeIntoSource(path: String)
    case missingRun(path: String)
    /// A merge source whose run differs from the first source's (`reference`).
    case mergeOfDifferentRuns(path: String, field: String, value: String, reference: String, referenceValue: String)
    case mergeConflict(source: String, destination: String, id: PointID, field: String, merged: String, sourceValue: String)
    /// A merge whose sources are not every shard of one split of the run.
    case incompleteShards(path: String, detail: String)
    case corrupt(path: String, detail: String)
    case database(path: String, message: String)

    /// The file the error is about.
    public var path: String {
        switch self {
        case .noSuchFile(let path), .notAResultsStore(let path, _), .unsupportedSchemaVersion(let path, _, _),
             .belongsToAnotherRun(let path, _, _, _), .unrepresentableValue(let path, _, _),
             .conflictingPoint(let path, _, _, _, _), .mergeWithoutSources(let path), .mergeIntoSource(let path),
             .missingRun(let path), .mergeOfDifferentRuns(let path, _, _, _, _), .mergeConflict(let path, _, _, _, _, _),
             .incompleteShards(let path, _), .corrupt(let path, _), .database(let path, _):
            path
        }
    }

    public var description: String { "\(path): \(message)" }

    /// What is wrong, without the file (`path` says which).
    public var message: String {
        switch self {
        case .noSuchFile:
            "no such results store"
        case .notAResultsStore(_, let reason):
            "not a results store (\(reason))"
        case .unsupportedSchemaVersion(_, let found, let supported):
            "results store schema version \(found) is not supported (this build reads version \(supported))"
        case .belongsToAnotherRun(_, let field, let stored, let requested):
            "store belongs to another run (\(field) \(stored), this run has \(requested)); use another file or remove it"
        case .unrepresentableValue(_, let id, let field):
            "\(id.storeDescription) has a NaN \(field), which SQLite cannot store"
        case .conflictingPoint(_, let id, let field, let stored, let new):
            "\(id.storeDescription) is already stored with \(field) \(stored), not \(new); refusing to overwrite"
        case .mergeWithoutSources:
            "nothing to merge (no source stores given)"
        case .mergeIntoSource:
            "cannot merge a store into itself"
        case .missingRun:
            "store has no run description (was the run started?)"
        case .mergeOfDifferentRuns(_, let field, let value, let reference, let referenceValue):
            "store belongs to another run (\(field) \(value), \(reference) has \(referenceValue))"
        case .mergeConflict(_, let destination, let id, let field, let merged, let sourceValue):
            "\(id.storeDescription) has \(field) \(sourceValue) but \(merged) in \(destination) or an earlier source; stores of one run must agree"
        case .incompleteShards(_, let detail):
            detail
        case .corrupt(_, let detail):
            "corrupt results store: \(detail)"
        case .database(_, let message):
            "\(message)"
        }
    }
}

extension PointID {
    var storeDescription: String { "point (design \(designIndex), variant \(variantIndex))" }
}

/// The one place that says how an `EvaluatedPoint` maps onto the columns of `point`, used
/// both to write rows and to compare a re-inserted point with the stored one field by field.
private enum PointColumns {
    enum Value: Sendable, CustomStringConvertible {
        case integer(Int)
        case real(Double?)
        case text(String?)

        var databaseValue: DatabaseValue {
            switch self {
            case .integer(let value): value.databaseValue
            case .real(let value): value?.databaseValue ?? .null
            case .text(let value): value?.databaseValue ?? .null
            }
        }

        var isNaN: Bool {
            if case .real(let value?) = self { value.isNaN } else { false }
        }

        /// Equality of stored representations: doubles by bit pattern, so that a point
        /// differing only in the sign of a zero is still a different point.
        func isIdentical(to other: Value) -> Bool {
            switch (self, other) {
            case let (.integer(a), .integer(b)): a == b
            case let (.real(a), .real(b)): a?.bitPattern == b?.bitPattern
            case let (.text(a), .text(b)): a == b
            default: false
            }
        }

        var description: String {
            switch self {
            case .integer(let value): String(value)
            case .real(let value): value.map { String($0) } ?? "null"
            case .text(let value): value.map { "'\($0)'" } ?? "null"
            }
        }
    }

    static let names = columns(of: EvaluatedPoint(
        id: PointID(designIndex: 0, variantIndex: 0), designName: "",
        variant: ModelVariant(width: 0, resolution: 0, precision: 0, pruning: 0),
        metrics: nil, feasible: false, reason: nil)).map(\.name)

    static func columns(of point: EvaluatedPoint) -> [(name: String, value: Value)] {
        let metrics = point.metrics
        return [
            ("designIndex", .integer(point.id.designIndex)),
            ("variantIndex", .integer(point.id.variantIndex)),
            ("designName", .text(point.designName)),
            ("width", .real(point.variant.width)),
            ("resolution", .integer(point.variant.resolution)),
            ("precision", .integer(point.variant.precision)),
            ("pruning", .real(point.variant.pruning)),
            ("hasMetrics", .integer(metrics == nil ? 0 : 1)),
            ("latencyS", .real(metrics?.latencyS)),
            ("throughputFps", .real(metrics?.throughputFps)),
            ("energyJ", .real(metrics?.energyJ)),
            ("powerW", .real(metrics?.powerW)),
            ("areaMM2", .real(metrics?.areaMM2)),
            ("unitCostUSD", .real(metrics?.unitCostUSD)),
            ("top1", .real(metrics?.top1)),
            ("top1Kind", .text(metrics?.top1Kind)),
            ("top1Source", .text(metrics?.top1Source)),
            ("mapper", .text(metrics?.mapper)),
            ("feasible", .integer(point.feasible ? 1 : 0)),
            ("reason", .text(point.reason)),
        ]
    }

    /// FNV-1a of the row's stored values, column by column as SQLite holds them (doubles by
    /// bit pattern, texts and blobs with their length so that no two rows share an encoding):
    /// any value edited by hand or damaged in the file, even one the point does not use (a
    /// latency on a row without figures), no longer matches.
    static func checksum(of values: [DatabaseValue]) -> String {
        var fingerprint = Fingerprint()
        for value in values {
            switch value.storage {
            case .null: fingerprint.add("n")
            case .int64(let v): fingerprint.add("i\(v)")
            case .double(let v): fingerprint.add("r\(String(v.bitPattern, radix: 16))")
            case .string(let v): fingerprint.add("t\(v.utf8.count):\(v)")
            case .blob(let v): fingerprint.add("b\(v.count):"); fingerprint.add(v)
            }
        }
        return fingerprint.hex
    }

    static func checksum(of row: Row) -> String { checksum(of: names.map { row.hasColumn($0) ? row[$0] : .null }) }

    /// The point of a row, its checksum and its values checked (`verifying`; off only while
    /// an older store's rows are given their first checksum): a store is read as evidence,
    /// and a row that was edited, damaged or holds figures no evaluation can produce is a
    /// corrupt store, said with the point, never a report built on it.
    static func point(from row: Row, path: String, verifying: Bool = true) throws -> EvaluatedPoint {
        let point = try decodedPoint(from: row, path: path)
        guard verifying else { return point }
        let what = point.id.storeDescription
        let stored: String? = try RowDecoder(row: row, path: path, what: what).optional("checksum")
        if stored != checksum(of: row) {
            throw ResultsStoreError.corrupt(path: path, detail: "\(what): its values do not match the checksum stored "
                                            + "with them (the row was edited or the file damaged)")
        }
        if let problem = implausibleValue(of: point) {
            throw ResultsStoreError.corrupt(path: path, detail: "\(what): \(problem)")
        }
        return point
    }

    /// The first value no evaluation produces: figures are finite, times and areas positive,
    /// top-1 a percentage, the variant a valid one.
    private static func implausibleValue(of point: EvaluatedPoint) -> String? {
        let variant = point.variant
        if point.id.designIndex < 0 || point.id.variantIndex < 0 { return "a negative index" }
        if !(variant.width.isFinite && variant.width > 0) { return "width \(variant.width) is not a positive number" }
        if variant.resolution < 1 { return "resolution \(variant.resolution) is not positive" }
        if !(1...64).contains(variant.precision) { return "precision \(variant.precision) is not 1 to 64 bits" }
        if !(variant.pruning >= 0 && variant.pruning < 1) { return "pruning \(variant.pruning) is not a fraction in [0, 1)" }
        guard let metrics = point.metrics else {
            return point.feasible ? "a feasible point without figures" : nil
        }
        let positive: [(String, Double)] = [("latencyS", metrics.latencyS), ("throughputFps", metrics.throughputFps),
                                            ("areaMM2", metrics.areaMM2)]
        let nonNegative: [(String, Double)] = [("energyJ", metrics.energyJ), ("powerW", metrics.powerW),
                                               ("unitCostUSD", metrics.unitCostUSD)]
        if let bad = positive.first(where: { !($0.1.isFinite && $0.1 > 0) }) { return "\(bad.0) \(bad.1) is not a positive number" }
        if let bad = nonNegative.first(where: { !($0.1.isFinite && $0.1 >= 0) }) { return "\(bad.0) \(bad.1) is not a non-negative number" }
        if let top1 = metrics.top1, !(0...100).contains(top1) { return "top1 \(top1) is not a percentage" }
        if metrics.mapper.isEmpty { return "the mapper is empty" }
        return nil
    }

    private static func decodedPoint(from row: Row, path: String) throws -> EvaluatedPoint {
        let decoder = RowDecoder(row: row, path: path, what: "point")
        let id = PointID(designIndex: try decoder.required("designIndex"), variantIndex: try decoder.required("variantIndex"))
        let pointDecoder = RowDecoder(row: row, path: path, what: id.storeDescription)
        let hasMetrics: Int = try pointDecoder.required("hasMetrics")
        let feasible: Int = try pointDecoder.required("feasible")
        for (name, flag) in [("hasMetrics", hasMetrics), ("feasible", feasible)] where flag != 0 && flag != 1 {
            throw ResultsStoreError.corrupt(path: path, detail: "\(id.storeDescription): \(name) is \(flag), not 0 or 1")
        }
        var metrics: PointMetrics?
        if hasMetrics == 1 {
            metrics = PointMetrics(
                latencyS: try pointDecoder.required("latencyS"),
                throughputFps: try pointDecoder.required("throughputFps"),
                energyJ: try pointDecoder.required("energyJ"),
                powerW: try pointDecoder.required("powerW"),
                areaMM2: try pointDecoder.required("areaMM2"),
                unitCostUSD: try pointDecoder.required("unitCostUSD"),
                top1: try pointDecoder.optional("top1"),
                top1Kind: try pointDecoder.optional("top1Kind"),
                top1Source: try pointDecoder.optional("top1Source"),
                mapper: try pointDecoder.required("mapper"))
        }
        return EvaluatedPoint(
            id: id, designName: try pointDecoder.required("designName"),
            variant: ModelVariant(
                width: try pointDecoder.required("width"), resolution: try pointDecoder.required("resolution"),
                precision: try pointDecoder.required("precision"), pruning: try pointDecoder.required("pruning")),
            metrics: metrics, feasible: feasible == 1, reason: try pointDecoder.optional("reason"))
    }
}

/// Reads columns of a row with a typed error instead of GRDB's fatal error on NULL or a
/// value of the wrong type (a file edited by hand must not crash the tool).
private struct RowDecoder {
    var row: Row
    var path: String
    var what: String

    func optional<T: DatabaseValueConvertible>(_ column: String) throws(ResultsStoreError) -> T? {
        guard row.hasColumn(column) else {
            throw .corrupt(path: path, detail: "\(what): column \(column) is missing")
        }
        let value: DatabaseValue = row[column]
        if value.isNull { return nil }
        guard let decoded = T.fromDatabaseValue(value) else {
            throw .corrupt(path: path, detail: "\(what): column \(column) holds \(value), not a \(T.self)")
        }
        return decoded
    }

    func required<T: DatabaseValueConvertible>(_ column: String) throws(ResultsStoreError) -> T {
        guard let value: T = try optional(column) else {
            throw .corrupt(path: path, detail: "\(what): column \(column) is NULL")
        }
        return value
    }
}
