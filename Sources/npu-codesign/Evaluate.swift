import ArgumentParser
import CodesignCore
import CostModels
import Exploration
import MappingSearch
import NetworkScheduling
import Reporting
import SpecIO

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
        let report = try EvaluationRun.run(designPath: inputs.design, workloadPath: inputs.workload,
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

/// Loading, evaluating and wrapping the result in a report: shared by `evaluate` and `bench`.
enum EvaluationRun {
    static func run(designPath: String, workloadPath: String, variant: VariantChoice,
                    objective: MappingObjective, mapper: MapperKind = .ilp,
                    schedule: ScheduleKind = .ilp) throws -> EvaluationReport {
        let inputs = try LoadedInputs(designPath: designPath, workloadPath: workloadPath, variant: variant)
        let evaluation: NetworkEvaluation
        do {
            var evaluator = try NetworkEvaluator(accelerator: inputs.accelerator, objective: objective,
                                                 mapper: mapper, schedule: schedule)
            evaluator.productionVolume = inputs.workloadSpec.productionVolume
            evaluation = try evaluator.evaluate(inputs.network)
        } catch {
            throw inputs.located(error)
        }
        let accuracy = try inputs.workloadSpec.loadAccuracyTable()?.top1(for: inputs.variantPoint)
        var report = EvaluationReport(evaluation: evaluation, workloadName: inputs.workloadSpec.name,
                                      variant: inputs.variantPoint, accuracy: accuracy)
        report.objective = objective.rawValue
        return report
    }
}
