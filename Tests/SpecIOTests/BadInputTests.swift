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
