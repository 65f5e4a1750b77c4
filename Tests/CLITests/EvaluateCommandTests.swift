import Foundation
import Testing

/// What only the binary shows of `evaluate`: the exit codes of INTERFACE.md (0, 1 invalid
/// input, 2 usage) with a message on stderr and no crash. Its figures are tested in-process.
@Suite struct EvaluateCommandTests {
    struct ExitCase: Sendable, CustomTestStringConvertible {
        var args: [String]
        var status: Int32
        var testDescription: String { args.joined(separator: " ") }
    }

    static let exitCases: [ExitCase] = [
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-like.yaml"], status: 2),
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/mobilenet_v2.yaml",
                        "--format", "xml"], status: 2),
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/mobilenet_v2.yaml",
                        "--variant", "width=banana"], status: 2),
        ExitCase(args: ["no-such-command"], status: 2),
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-space.yaml", "--workload", "Workloads/mobilenet_v2.yaml"],
                 status: 1),
        ExitCase(args: ["evaluate", "--design", "Designs/does-not-exist.yaml", "--workload", "Workloads/mobilenet_v2.yaml"],
                 status: 1),
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/alexnet-conv.yaml",
                        "--variant", "width=0.5"], status: 1),
        ExitCase(args: ["evaluate", "--design", "Designs/tpu-like.yaml", "--workload", "Workloads/alexnet-conv.yaml"],
                 status: 1),
    ]

    @Test(arguments: exitCases)
    func usageAndInputErrorsHaveDocumentedExitCodes(_ c: ExitCase) throws {
        let r = try CLIRunner.run(c.args)
        #expect(r.status == c.status, "\(r.stderr)")
        #expect(!r.stderr.isEmpty)
        #expect(!r.stderr.contains("Fatal error"))
    }
}
