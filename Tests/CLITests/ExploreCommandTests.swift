import Exploration
import Foundation
import Testing

/// What only the binary shows of `explore` and `report`: exit codes, what they print, and a
/// run killed with SIGKILL resuming from its store. The workflow itself is tested in-process
/// (CodesignWorkflowTests).
@Suite(.serialized) struct ExploreCommandTests {
    static let base = ["explore", "--workload", "Workloads/smart-camera.yaml", "--space", "Designs/edge-npu-space.yaml"]
    static let outputs = ["pareto.csv", "points.csv", "refined.csv", "summary.json", "report.md", "report.html"]

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

    static func explore(_ extra: [String], db: String, out: String) throws -> CLIRunner.Result {
        try CLIRunner.run(base + extra + ["--db", db, "--out", out])
    }

    /// What only the binary shows of `report --db`: it writes the run's files from the store
    /// and says that nothing was evaluated; a missing store is exit 1 with a located error.
    /// (The files' equality with the run's, inputs deleted, is ExploreWorkflowTests'.)
    @Test func reportFromTheStoreSaysNothingWasEvaluated() throws {
        let fixtures = CLIRunner.root.appendingPathComponent("Tests/CodesignWorkflowTests/Fixtures").path
        let (db, out, again) = (Self.scratch("r.sqlite"), Self.scratch("r"), Self.scratch("r-again"))
        let r = try CLIRunner.run(["explore", "--workload", fixtures + "/tiny-workload.yaml", "--space",
                                   fixtures + "/tiny-space.yaml", "--strategy", "random", "--budget", "3", "--seed", "5",
                                   "--db", db, "--out", out])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("3 points (3 evaluated now, 0 from the store)"), "\(r.stdout)")
        let report = try CLIRunner.run(["report", "--db", db, "--out", again])
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("nothing evaluated"), "\(report.stdout)")
        #expect(try Self.files(out) == Self.files(again))
        let missingStore = Self.scratch("none.sqlite")
        let missing = try CLIRunner.run(["report", "--db", missingStore, "--out", again])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("\(missingStore):1:1: error: no results store"), "\(missing.stderr)")
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
        let nsga2Shard = Self.scratch("n.sqlite")
        #expect(try Self.explore(["--strategy", "nsga2", "--budget", "4", "--shard", "1/2"], db: nsga2Shard, out: out).status == 2)
        #expect(!FileManager.default.fileExists(atPath: nsga2Shard), "a refused run must not create its store")
    }
}
