import ArgumentParser
import CodesignCore
import Foundation

/// The command line: thin. Each subcommand parses its arguments, calls one function of
/// CodesignWorkflow and writes what it returns; diagnostics go to stderr as `path:line:column: error: message`.
@main
struct NPUCodesign: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "npu-codesign",
        abstract: "Co-design edge AI accelerators and the networks that run on them.",
        subcommands: [Validate.self, Inspect.self, Zoo.self, Evaluate.self, Map.self, Explore.self, Merge.self, Report.self, Compare.self, Calibrate.self, Bench.self])

    /// Exit codes of INTERFACE.md: 0 success, 1 invalid input or infeasible request, 2 usage.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as DiagnosticsError {
            Terminal.printDiagnostics(failure.diagnostics)
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .success { exit(withError: error) }
            if code == .validationFailure || error is ValidationError {
                Terminal.writeError(fullMessage(for: error))
                Foundation.exit(2)
            }
            Terminal.writeError("error: \(error)")
            Foundation.exit(1)
        }
    }
}

enum Terminal {
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func printDiagnostics(_ diagnostics: [Diagnostic]) {
        writeError(diagnostics.map(\.description).joined(separator: "\n"))
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// One self-overwriting status line on stderr (a terminal only); nil clears it.
    static func writeProgress(_ text: String?) {
        let line = "\r\u{1B}[2K" + (text ?? "")
        FileHandle.standardError.write(Data(line.utf8))
    }
}
