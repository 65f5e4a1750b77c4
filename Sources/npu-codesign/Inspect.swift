import ArgumentParser
import CodesignWorkflow
import Reporting

/// Prints the layers a file imports to, as loop nests, to check an import before trusting
/// an exploration.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the layers an ONNX model or a workload's network imports to (name, op, N K C P Q R S G, stride, MACs, params, bits, producers).")

    @Argument(help: "An .onnx model or a workload file.")
    var file: String

    @Option(help: "Output format: table, json or csv.")
    var format: InspectFormat = .table

    func run() throws {
        let network = try Codesign.inspect(path: file)
        switch format {
        case .table: Terminal.write(LayerTable.table(network))
        case .json: Terminal.write(LayerTable.json(network))
        case .csv: Terminal.write(LayerTable.csv(network))
        }
    }
}

enum InspectFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, csv
}
