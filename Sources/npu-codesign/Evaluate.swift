import ArgumentParser
import CodesignCore
import CostModels
import MappingSearch
import NetworkScheduling
import Reporting
import SpecIO

enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Estimate latency, energy, area and cost of a workload on one design.")

    @Option(help: "Design file (one design, not a space).")
    var design: String

    @Option(help: "Workload file.")
    var workload: String

    @Option(help: "Model variant, e.g. width=0.5,resolution=160,precision=8.")
    var variant: String?

    @Option(help: "Output format: table, json or csv.")
    var format: OutputFormat = .table

    @Option(help: "Mapping objective: latency, energy or edp.")
    var objective: MappingObjective = .edp

    @Option(help: "Mapper: ilp (default) or search.")
    var mapper: MapperKind = .ilp

    @Option(help: "Schedule: ilp (whole network: weight residency, on-chip activations, pipelining) or layer-by-layer.")
    var schedule: ScheduleKind = .ilp

    func validate() throws {
        if let variant {
            do { _ = try VariantChoice.parse(variant) } catch { throw ValidationError("--variant: \(error)") }
        }
    }

    func run() throws {
        let choice = try variant.map { try VariantChoice.parse($0) } ?? VariantChoice()
        let report = try EvaluationRun.run(designPath: design, workloadPath: workload, variant: choice,
                                           objective: objective, mapper: mapper, schedule: schedule)
        switch format {
        case .table: Terminal.write(report.table())
        case .json: Terminal.write(report.json())
        case .csv: Terminal.write(report.csv())
        }
    }
}

extension MappingObjective: ExpressibleByArgument {}
extension ScheduleKind: ExpressibleByArgument {}

/// Loading, evaluating and wrapping the result in a report: shared by `evaluate` and `bench`.
enum EvaluationRun {
    static func run(designPath: String, workloadPath: String, variant: VariantChoice,
                    objective: MappingObjective, mapper: MapperKind = .ilp,
                    schedule: ScheduleKind = .ilp) throws -> EvaluationReport {
        let inputs = try LoadedInputs(designPath: designPath, workloadPath: workloadPath, variant: variant)
        let evaluation: NetworkEvaluation
        do {
            let evaluator = try NetworkEvaluator(accelerator: inputs.accelerator, objective: objective,
                                                 mapper: mapper, schedule: schedule)
            evaluation = try evaluator.evaluate(inputs.network)
        } catch {
            throw inputs.located(error)
        }
        let v = inputs.variant
        return EvaluationReport(
            evaluation: evaluation, workloadName: inputs.workloadSpec.name,
            variant: VariantDescription(width: v.width, resolution: v.resolution,
                                        precision: max(v.weightBits, v.activationBits), pruning: inputs.pruning))
    }
}
