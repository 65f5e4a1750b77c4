import Foundation
import Testing
import TestSupport

/// A sample of the bad-input table through the real binary (every case's diagnostic is
/// checked in-process by SpecIOTests and CodesignWorkflowTests): the located error on stderr,
/// nothing on stdout, exit status 1, and no crash or stack trace. The sample takes the first
/// case of each loader and every eighth case.
@Suite struct BadInputCommandTests {
    static let sample = badInputs.enumerated().filter { index, input in
        index % 8 == 0 || badInputs.firstIndex { $0.loader == input.loader } == index
    }.map(\.element)

    @Test(arguments: sample)
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
}
