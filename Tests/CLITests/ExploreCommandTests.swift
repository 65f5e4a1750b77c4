import Exploration
import Foundation
import Testing

/// `explore` end to end through the binary, on the bundled smart-camera workload and edge
/// NPU space (432 points), with small budgets so a debug build runs them quickly.
@Suite(.serialized) struct ExploreCommandTests {
    static let base = ["explore", "--workload", "Workloads/smart-camera.yaml", "--space", "Designs/edge-npu-space.yaml"]
    static let outputs = ["pareto.csv", "points.csv", "refined.csv", "summary.json", "report.md"]

    static func scratch(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npu-explore-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent(name).path
    }

    static func files(_ folder: String) throws -> [String: String] {
        var result: [String: String] = [:]
        for name in outputs {
            result[name] = try String(contentsOfFile: (folder as NSString).appendingPathComponent(name), encoding: .utf8)
        }
        return result
    }

    /// RFC 4180 fields of one line (quoted fields may hold commas and doubled quotes).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var chars = Array(line)[...]
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" { current.append("\""); chars.removeFirst() } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }

    static func explore(_ extra: [String], db: String, out: String) throws -> CLIRunner.Result {
        try CLIRunner.run(base + extra + ["--db", db, "--out", out])
    }

    @Test func sameSeedGivesByteIdenticalOutputs() throws {
        let args = ["--strategy", "random", "--budget", "16", "--seed", "7", "--jobs", "2", "--no-refine"]
        let (db1, out1, db2, out2) = (Self.scratch("a.sqlite"), Self.scratch("a"), Self.scratch("b.sqlite"), Self.scratch("b"))
        let first = try Self.explore(args, db: db1, out: out1)
        let second = try Self.explore(args + ["--jobs", "1"], db: db2, out: out2)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(try Self.files(out1) == Self.files(out2))
        #expect(try ResultsStore(path: db1).allPoints() == ResultsStore(path: db2).allPoints())
    }

    /// The Pareto file holds exactly the non-dominated feasible points of the points file,
    /// with the re-mapped figures of `refined.csv` in place of their screening ones; and
    /// re-mapping never makes a front point's EDP worse.
    @Test func paretoFileIsTheNonDominatedFeasibleSet() throws {
        let (db, out) = (Self.scratch("p.sqlite"), Self.scratch("p"))
        let r = try Self.explore(["--strategy", "random", "--budget", "12", "--seed", "3"], db: db, out: out)
        #expect(r.status == 0, "\(r.stderr)")
        func rows(_ name: String) throws -> [[String: String]] {
            let text = try String(contentsOfFile: (out as NSString).appendingPathComponent(name), encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init)
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return lines.dropFirst().map { line in Dictionary(uniqueKeysWithValues: zip(header, Self.csvFields(line))) }
        }
        let screened = try rows("points.csv")
        #expect(screened.count == 12)
        let refined = try rows("refined.csv")
        #expect(!refined.isEmpty)
        func key(_ p: [String: String]) -> String { p["design_index"]! + "/" + p["variant_index"]! }
        let refinedByKey = Dictionary(uniqueKeysWithValues: refined.map { (key($0), $0) })
        for r in refined {
            let s = try #require(screened.first { key($0) == key(r) })
            if let re = Double(r["energy_j"] ?? ""), let rl = Double(r["latency_s"] ?? ""),
               let se = Double(s["energy_j"] ?? ""), let sl = Double(s["latency_s"] ?? "") {
                #expect(re * rl <= se * sl * (1 + 1e-5), "\(key(r)): re-mapping made EDP worse")
            }
        }
        let points = screened.map { refinedByKey[key($0)].flatMap { $0["latency_s"]!.isEmpty ? nil : $0 } ?? $0 }
        // Objectives of smart-camera.yaml: latency, energy, area (min) and top1 (max).
        func vector(_ p: [String: String]) -> [Double]? {
            guard p["feasible"] == "true", let l = Double(p["latency_s"] ?? ""), let e = Double(p["energy_j"] ?? ""),
                  let a = Double(p["area_mm2"] ?? ""), let t = Double(p["top1"] ?? "") else { return nil }
            return [l, e, a, -t]
        }
        let candidates = points.compactMap { p in vector(p).map { (p["design_index"]! + "/" + p["variant_index"]!, $0) } }
        let brute = candidates.filter { c in
            !candidates.contains { o in zip(o.1, c.1).allSatisfy { $0 <= $1 } && zip(o.1, c.1).contains { $0 < $1 } }
        }.map(\.0)
        let front = try rows("pareto.csv").map { $0["design_index"]! + "/" + $0["variant_index"]! }
        #expect(Set(front) == Set(brute))
        #expect(front.count == brute.count)
        #expect(!front.isEmpty)
    }

    /// `report --db` rewrites a finished run's files from its store alone, byte for byte: the
    /// input files are gone by then, and nothing is evaluated again.
    @Test func reportFromTheStoreEqualsTheRunsFiles() throws {
        let (db, out, again) = (Self.scratch("r.sqlite"), Self.scratch("r"), Self.scratch("r-again"))
        let inputs = (Self.scratch("inputs") as NSString).deletingLastPathComponent + "/inputs"
        let files = FileManager.default
        try files.createDirectory(atPath: inputs, withIntermediateDirectories: true)
        try files.copyItem(atPath: CLIRunner.root.appendingPathComponent("Workloads/smart-camera.yaml").path, toPath: inputs + "/smart-camera.yaml")
        try files.copyItem(atPath: CLIRunner.root.appendingPathComponent("Workloads/accuracy").path, toPath: inputs + "/accuracy")
        try files.copyItem(atPath: CLIRunner.root.appendingPathComponent("Designs/edge-npu-space.yaml").path, toPath: inputs + "/space.yaml")
        let r = try CLIRunner.run(["explore", "--workload", inputs + "/smart-camera.yaml", "--space", inputs + "/space.yaml",
                                   "--strategy", "random", "--budget", "10", "--seed", "5", "--db", db, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        // Resuming the finished run re-maps nothing: the refined points are in the store.
        let resumed = try CLIRunner.run(["explore", "--workload", inputs + "/smart-camera.yaml", "--space",
                                         inputs + "/space.yaml", "--strategy", "random", "--budget", "10", "--seed", "5",
                                         "--db", db, "--out", again, "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("(0 evaluated now, 10 from the store)") && resumed.stdout.contains("(0 now)"),
                "\(resumed.stdout)")
        #expect(r.stdout.contains("re-mapped") && !r.stdout.contains(" 0 re-mapped"), "\(r.stdout)")
        try files.removeItem(atPath: inputs)
        let report = try CLIRunner.run(["report", "--db", db, "--out", again])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("nothing evaluated"), "\(report.stdout)")
        #expect(try Self.files(out) == Self.files(again))
        let missing = try CLIRunner.run(["report", "--db", Self.scratch("none.sqlite"), "--out", again])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no results store"))
    }

    /// Four shards merged and reported give exactly the single run's files and store.
    @Test func shardsMergedEqualTheSingleRun() throws {
        let args = ["--strategy", "random", "--budget", "20", "--seed", "11", "--no-refine"]
        let (single, singleOut) = (Self.scratch("single.sqlite"), Self.scratch("single"))
        #expect(try Self.explore(args, db: single, out: singleOut).status == 0)
        var shards: [String] = []
        for i in 1...4 {
            let db = Self.scratch("shard\(i).sqlite")
            let r = try Self.explore(args + ["--shard", "\(i)/4"], db: db, out: Self.scratch("shard\(i)"))
            #expect(r.status == 0, "\(r.stderr)")
            shards.append(db)
        }
        let merged = Self.scratch("merged.sqlite")
        let m = try CLIRunner.run(["merge", "--into", merged] + shards)
        #expect(m.status == 0, "\(m.stderr)")
        #expect(try ResultsStore(path: merged).allPoints() == ResultsStore(path: single).allPoints())
        // Reporting from the merged store evaluates nothing and writes the same files.
        let mergedOut = Self.scratch("merged")
        let report = try Self.explore(args + ["--resume"], db: merged, out: mergedOut)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("(0 evaluated now, 20 from the store)"), "\(report.stdout)")
        #expect(try Self.files(mergedOut) == Self.files(singleOut))
    }

    /// A run killed with SIGKILL and resumed ends with the same store as an uninterrupted
    /// run, and evaluates none of the points stored before the kill again.
    @Test func killedRunResumesWithoutLosingOrRepeatingWork() throws {
        let args = ["--strategy", "random", "--budget", "48", "--seed", "5", "--jobs", "1", "--no-refine"]
        let (whole, wholeOut) = (Self.scratch("whole.sqlite"), Self.scratch("whole"))
        #expect(try Self.explore(args, db: whole, out: wholeOut).status == 0)

        let (db, out) = (Self.scratch("killed.sqlite"), Self.scratch("killed"))
        let process = Process()
        process.executableURL = CLIRunner.binary
        process.arguments = Self.base + args + ["--db", db, "--out", out]
        process.currentDirectoryURL = CLIRunner.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until some batches are stored, then kill without warning.
        var storedAtKill = 0
        for _ in 0..<600 {
            Thread.sleep(forTimeInterval: 0.05)
            if FileManager.default.fileExists(atPath: db), let count = try? ResultsStore(path: db).count(), count >= 16 {
                kill(process.processIdentifier, SIGKILL)
                break
            }
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run finished before it could be killed")
        storedAtKill = try ResultsStore(path: db).count()
        #expect(storedAtKill >= 16 && storedAtKill < 48)

        let resumed = try Self.explore(args + ["--resume"], db: db, out: out)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("(\(48 - storedAtKill) evaluated now, \(storedAtKill) from the store)"), "\(resumed.stdout)")
        #expect(try ResultsStore(path: db).allPoints() == ResultsStore(path: whole).allPoints())
        #expect(try Self.files(out) == Self.files(wholeOut))
    }

    @Test func existingStoreNeedsResumeAndBadArgumentsAreUsageErrors() throws {
        let (db, out) = (Self.scratch("x.sqlite"), Self.scratch("x"))
        #expect(try Self.explore(["--strategy", "random", "--budget", "2", "--no-refine"], db: db, out: out).status == 0)
        let again = try Self.explore(["--strategy", "random", "--budget", "2", "--no-refine"], db: db, out: out)
        #expect(again.status == 1)
        #expect(again.stderr.contains("pass --resume"))
        let otherRun = try Self.explore(["--strategy", "random", "--budget", "2", "--seed", "9", "--resume"], db: db, out: out)
        #expect(otherRun.status == 1)
        #expect(otherRun.stderr.contains("another run"))
        #expect(try Self.explore(["--strategy", "nsga2"], db: Self.scratch("y.sqlite"), out: out).status == 2)
        #expect(try Self.explore(["--shard", "5/4"], db: Self.scratch("z.sqlite"), out: out).status == 2)
    }
}
