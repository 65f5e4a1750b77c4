import ArgumentParser
import CodesignCore
import SpecIO

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check workload and design files; print every problem found.")

    @Argument(help: "Workload or design files.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one file to validate") }
    }

    func run() throws {
        let diagnostics = files.flatMap { SpecLoader.validate(path: $0) }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        Terminal.write(files.map { "\($0): ok" }.joined(separator: "\n") + "\n")
    }
}
