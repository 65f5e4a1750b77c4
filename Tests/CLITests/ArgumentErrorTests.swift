import Foundation
import Testing

/// Arguments only the binary parses (issue 12): each bad one is refused before any work,
/// with a message that says what is wrong (not "Missing value" for a negative number, nor a
/// Foundation error code), the usage exit status 2 or the input exit status 1, and no
/// store or report left behind.
@Suite struct ArgumentErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var status: Int32
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    static let space = "Tests/CodesignWorkflowTests/Fixtures/tiny-space.yaml"
    static let workload = "Tests/CodesignWorkflowTests/Fixtures/tiny-workload.yaml"
    static let explore = ["explore", "--workload", workload, "--space", space, "--no-refine"]
    static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cli-arguments-\(UUID().uuidString)").path

    static let cases: [Case] = [
        Case(arguments: explore + ["--db", ""], status: 2, message: "--db needs the path of a results store"),
        Case(arguments: explore + ["--out", "", "--db", scratch + "/a.sqlite"], status: 2, message: "--out needs the path of a folder"),
        Case(arguments: explore + ["--jobs", "-1"], status: 2, message: "--jobs must be in 1...256"),
        Case(arguments: explore + ["--shard", "-1/2"], status: 2, message: "the shard index -1 must be between 1 and 2"),
        Case(arguments: explore + ["--seed", "-1"], status: 2, message: "The value '-1' is invalid for '--seed <seed>'"),
        Case(arguments: explore + ["--budget", "-5", "--strategy", "random"], status: 2,
             message: "--budget must be a positive number of evaluations"),
        Case(arguments: explore + ["--out", "/dev/null/out", "--db", scratch + "/b.sqlite"], status: 1,
             message: "/dev/null/out:1:1: error: cannot write the report folder '/dev/null/out': '/dev/null' is a file, not a folder"),
        Case(arguments: explore + ["--db", "/dev/null/x.sqlite", "--out", scratch + "/c"], status: 1,
             message: "/dev/null/x.sqlite:1:1: error: cannot write the results store '/dev/null/x.sqlite': '/dev/null' is a file, not a folder"),
        Case(arguments: ["evaluate", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/keyword-spotting.yaml",
                         "--variant", "resolution=49,resolution=25"], status: 2, message: "'resolution' is given twice; give each knob once"),
        Case(arguments: ["compare", "--workload", "Workloads/keyword-spotting.yaml", "--db", ""], status: 2,
             message: "--db needs the path of a results store"),
        Case(arguments: ["merge", "--into", scratch + "/m.sqlite", scratch + "/missing.sqlite"], status: 1,
             message: "\(scratch)/missing.sqlite:1:1: error: no such results store"),
        Case(arguments: ["report", "--db", "", "--out", scratch + "/r"], status: 2, message: "--db needs the path of a results store"),
        Case(arguments: ["map", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/keyword-spotting.yaml",
                         "--time-limit", "-1"], status: 2, message: "--time-limit must be a number of seconds in (0, 3600]"),
    ]

    @Test(arguments: cases)
    func badArgumentIsRefusedBeforeAnyWork(_ c: Case) throws {
        let result = try CLIRunner.run(c.arguments)
        #expect(result.status == c.status, "\(result.stderr)")
        #expect(result.stderr.contains(c.message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("Missing value"))
        for leftover in ["a.sqlite", "b.sqlite", "c", "m.sqlite", "r"] {
            #expect(!FileManager.default.fileExists(atPath: Self.scratch + "/" + leftover), "\(leftover) was written")
        }
    }
}
