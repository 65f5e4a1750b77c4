import ArgumentParser
import CodesignWorkflow
import NetworkScheduling

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate latency, energy, area and cost of a workload on one design.")

    @OptionGroup var inputs: InputOptions

    /// table, json and csv as `inspect` has them, and a self-contained HTML page with plots.
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, html }

    @Option(help: "Output format: table, json, csv or html (a self-contained page with plots; redirect it to a file).")
    var format: Format = .table

    @Option(help: "Schedule: ilp (whole network: weight residency, on-chip activations, pipelining) or layer-by-layer.")
    var schedule: ScheduleKind = .ilp

    func run() throws {
        let report = try Codesign.evaluate(designPath: inputs.design, workloadPath: inputs.workload,
                                           variant: try inputs.variantChoice(), objective: inputs.objective,
                                           mapper: inputs.mapper, schedule: schedule)
        switch format {
        case .table: Terminal.write(report.table())
        case .json: Terminal.write(report.json())
        case .csv: Terminal.write(report.csv())
        case .html: Terminal.write(report.html())
        }
    }
}

extension ScheduleKind: ExpressibleByArgument {}
