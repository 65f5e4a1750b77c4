import CodesignCore
import CostModels
import Exploration
import MappingSearch
import NetworkScheduling
import Reporting
import SpecIO

/// The operations of the co-design workflow, one library function per command: each loads
/// and validates its inputs once, runs, and returns a value Reporting renders. They never
/// print or exit; every problem is a located `DiagnosticsError`.
public enum Codesign {
    /// One design, one workload variant: every layer mapped, the network scheduled, priced at
    /// the workload's production volume, with the variant's top-1 from the accuracy table.
    public static func evaluate(designPath: String, workloadPath: String, variant: VariantChoice,
                                objective: MappingObjective, mapper: MapperKind = .ilp,
                                schedule: ScheduleKind = .ilp) throws(DiagnosticsError) -> EvaluationReport {
        let inputs = try DesignInputs(designPath: designPath, workloadPath: workloadPath, variant: variant)
        let evaluation: NetworkEvaluation
        do {
            var evaluator = try NetworkEvaluator(accelerator: inputs.accelerator, objective: objective,
                                                 mapper: mapper, schedule: schedule)
            evaluator.productionVolume = inputs.workloadSpec.productionVolume
            evaluation = try evaluator.evaluate(inputs.network)
        } catch {
            throw inputs.located(error)
        }
        let accuracy = inputs.workloadSpec.accuracy?.top1(for: inputs.variant)
        var report = EvaluationReport(evaluation: evaluation, workloadName: inputs.workloadSpec.name,
                                      variant: inputs.variant, accuracy: accuracy)
        report.objective = objective.rawValue
        report.accelerator = inputs.accelerator
        return report
    }
}
