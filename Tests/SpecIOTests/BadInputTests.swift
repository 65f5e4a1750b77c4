import CodesignCore
import Foundation
import Testing
import TestSupport
@testable import SpecIO

@Suite struct BadInputTests {
    @Test(arguments: badInputs)
    func reportsLocatedError(_ input: BadInput) throws {
        let path = TestFiles.path(of: input)
        let diagnostics: [Diagnostic]
        switch input.loader {
        case .validate:
            diagnostics = SpecLoader.validate(path: path)
        case .workload:
            let error = #expect(throws: DiagnosticsError.self) { try SpecLoader.loadWorkload(path: path) }
            diagnostics = error?.diagnostics ?? []
        case .design:
            let error = #expect(throws: DiagnosticsError.self) { try SpecLoader.loadDesign(path: path) }
            diagnostics = error?.diagnostics ?? []
        }
        let match = diagnostics.first { $0.message.contains(input.message) }
        #expect(match != nil, "no diagnostic contains \"\(input.message)\"; got:\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        if let match {
            #expect(match.severity == .error)
            #expect(match.location.path == path)
            #expect(match.location.line == input.line && match.location.column == input.column,
                    "expected \(input.line):\(input.column), got \(match.location.line):\(match.location.column): \(match.message)")
        }
    }

    @Test func reportsEveryProblemOfAFile() throws {
        let path = TestFiles.fixture("bad/several-problems.yaml")
        let diagnostics = SpecLoader.validate(path: path)
        let found = diagnostics.map { "\($0.location.line):\($0.location.column) \($0.message)" }
        let expected: [(Int, Int, String)] = [
            (3, 1, "unknown key 'descripton' in the workload; did you mean 'description'?"),
            (7, 34, "'K' must be a positive integer, found -3"),
            (8, 24, "unknown op 'pol'"),
            (9, 49, "unknown producer 'conv3'"),
            (10, 21, "'resolution' must be an integer from 8 to 4096, found 5000"),
            (11, 20, "constraint 'fps' must be a comparison such as '>= 30'"),
            (12, 23, "unknown objective 'speed'"),
        ]
        for (line, column, message) in expected {
            #expect(diagnostics.contains { $0.location.line == line && $0.location.column == column && $0.message.contains(message) },
                    "missing \(line):\(column) \(message); got:\n\(found.joined(separator: "\n"))")
        }
        #expect(diagnostics.count == expected.count, "got:\n\(found.joined(separator: "\n"))")
        let error = #expect(throws: DiagnosticsError.self) { try SpecLoader.loadWorkload(path: path) }
        #expect(error?.diagnostics == diagnostics)
    }

    @Test func unknownProducerNoteListsCloseNames() throws {
        let diagnostics = SpecLoader.validate(path: TestFiles.fixture("bad/unknown-producer.yaml"))
        let error = try #require(diagnostics.first { $0.message.contains("unknown producer") })
        #expect(error.notes.count == 1)
        #expect(error.notes.first?.severity == .note)
        #expect(error.notes.first?.message == "did you mean 'conv1'?")
        #expect(error.notes.first?.location.line == 5)
        #expect(error.notes.first?.location.column == 14)
    }

    @Test func duplicateKeyPointsAtTheSecondOccurrenceWithANoteAtTheFirst() throws {
        let path = TestFiles.write("workload: a\nnetwork:\n  zoo: resnet18\ninput: {resolution: 224}\nnetwork: {zoo: vgg16}\n")
        let diagnostics = SpecLoader.validate(path: path)
        #expect(diagnostics.count == 1)
        let error = try #require(diagnostics.first)
        #expect(error.message.contains("duplicate key 'network'"))
        #expect((error.location.line, error.location.column) == (5, 1))
        #expect(error.notes.map { ($0.location.line, $0.location.column) }.first! == (2, 1))
    }

    /// `validate` (and every command) reads the workload's accuracy table with it: a bad
    /// table is an error at the table, with a note at the workload line that names it.
    @Test(arguments: [
        ("width,resolution,bits,pruning,top1,source\n1.0,224,32,0,150,X\n", 2, 14, "top1 150 must be a percentage in [0, 100]"),
        ("", 1, 1, "accuracy table is empty"),
        ("width,resolution,bits,pruning,top1,source\n1.0,224,32,0,7\u{0}0.8,X\n", 2, 15, "found a NUL byte"),
    ])
    func workloadReadsItsAccuracyTable(table: String, line: Int, column: Int, message: String) throws {
        let workload = TestFiles.write("workload: w\nnetwork: {zoo: mobilenet_v2}\naccuracy: {table: table.csv}\n",
                                       name: "w.yaml")
        let tablePath = (workload as NSString).deletingLastPathComponent + "/table.csv"
        try Data(table.utf8).write(to: URL(fileURLWithPath: tablePath))
        let diagnostics = SpecLoader.validate(path: workload)
        let error = try #require(diagnostics.first, "accepted")
        #expect(error.location == SourceLocation(path: tablePath, line: line, column: column))
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.notes.first?.location == SourceLocation(path: workload, line: 3, column: 19))
        #expect(throws: DiagnosticsError.self) { try SpecLoader.loadWorkload(path: workload) }
    }

    /// A device that never ends is refused at the size bound, not read forever.
    @Test func endlessFileIsRefused() {
        let diagnostics = SpecLoader.validate(path: "/dev/zero")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.hasPrefix("the file is larger than 32 MiB") == true)
    }

    @Test func missingFileIsAnError() {
        let diagnostics = SpecLoader.validate(path: "/nonexistent/workload.yaml")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "cannot read '/nonexistent/workload.yaml': no such file")
    }

    @Test func printsCompilerStyle() throws {
        let path = TestFiles.write(workload(layer: "{name: conv1, op: conv, K: -3, C: 3, P: 8, Q: 8, R: 3, S: 3}"))
        let diagnostics = SpecLoader.validate(path: path)
        #expect(diagnostics.map(\.description) == ["\(path):4:34: error: 'K' must be a positive integer, found -3"])
    }
}
