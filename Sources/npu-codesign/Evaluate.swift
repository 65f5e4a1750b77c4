import ArgumentParser
import CodesignWorkflow
import NetworkScheduling

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate latency, energy, area and cost of a workload on one design.")

    @OptionGroup var inputs: InputOptions

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

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
        }
    }
}

extension ScheduleKind: ExpressibleByArgument {}
