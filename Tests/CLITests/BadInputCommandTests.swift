import Foundation
import Testing
import TestSupport

/// Every case of the bad-input table, run through the real binary: a located error on
/// stderr, exit status 1, and no crash or stack trace.
@Suite struct BadInputCommandTests {
    @Test(arguments: badInputs)
    func validateReportsLocatedErrorAndExitsOne(_ input: BadInput) throws {
        let path = TestFiles.path(of: input)
        // Cases aimed at one loader go through `evaluate`, which loads each file as its role.
        let arguments: [String]
        switch input.loader {
        case .validate: arguments = ["validate", path]
        case .workload: arguments = ["evaluate", "--design", TestFiles.fixture("good/design.yaml"), "--workload", path]
        case .design: arguments = ["evaluate", "--design", path, "--workload", TestFiles.fixture("good/zoo-workload.yaml")]
        }
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("\(path):\(input.line):\(input.column): error: "), "\(r.stderr)")
        #expect(r.stderr.contains(input.message), "\(r.stderr)")
        for crashSign in ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "backtrace"] {
            #expect(!r.stderr.contains(crashSign))
        }
    }

    @Test func tableIsLargeEnough() {
        #expect(badInputs.count >= 25)
    }

    /// Problems only an evaluation can find still point at the design line responsible.
    @Test(arguments: [
        // Tile bigger than memory: a 2-byte register file cannot hold one weight, input and output.
        ("  - {name: RF, scope: per_pe, size_bytes: 2}\n  - {name: DRAM, type: LPDDR4, bandwidth_gb_per_s: 12.8}",
         "8", 7, 5, "memory level 'RF' holds 2 bytes but the smallest tile needs 3 bytes"),
        // 16-bit workload on an 8-bit array.
        ("  - {name: RF, scope: per_pe, size_bytes: 64}\n  - {name: DRAM, type: LPDDR4, bandwidth_gb_per_s: 12.8}",
         "16", 3, 11, "needs 16-bit operands; the PE array supports at most 8 bits"),
    ])
    func evaluationErrorsAreLocated(_ memory: String, _ bits: String, _ line: Int, _ column: Int, _ message: String) throws {
        let designPath = TestFiles.write(design(memory: memory))
        let workloadPath = TestFiles.write(workload(extra: "precision: {weights: \(bits), activations: \(bits)}"))
        let r = try CLIRunner.run(["evaluate", "--design", designPath, "--workload", workloadPath])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(designPath):\(line):\(column): error: "), "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
    }
}
