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

    func validate() throws {
        if let variant {
            do { _ = try VariantChoice.parse(variant) } catch { throw ValidationError("--variant: \(error)") }
        }
    }

    func run() throws {
        let choice = try variant.map { try VariantChoice.parse($0) } ?? VariantChoice()
        let report = try EvaluationRun.run(designPath: design, workloadPath: workload, variant: choice, objective: objective)
        switch format {
        case .table: Terminal.write(report.table())
        case .json: Terminal.write(report.json())
        case .csv: Terminal.write(report.csv())
        }
    }
}

extension MappingObjective: ExpressibleByArgument {}

/// Loading, evaluating and wrapping the result in a report: shared by `evaluate` and `bench`.
enum EvaluationRun {
    static func run(designPath: String, workloadPath: String, variant: VariantChoice,
                    objective: MappingObjective) throws -> EvaluationReport {
        let designSpec: DesignSpec
        let workloadSpec: WorkloadSpec
        // Load both before reporting, so the user sees every problem in one go.
        var diagnostics: [Diagnostic] = []
        var loadedDesign: DesignSpec?
        var loadedWorkload: WorkloadSpec?
        do { loadedDesign = try SpecLoader.loadDesign(path: designPath) } catch { diagnostics += error.diagnostics }
        do { loadedWorkload = try SpecLoader.loadWorkload(path: workloadPath) } catch { diagnostics += error.diagnostics }
        guard let loadedDesign, let loadedWorkload, diagnostics.isEmpty else { throw InputFailure(diagnostics) }
        designSpec = loadedDesign
        workloadSpec = loadedWorkload
        if designSpec.isSpace {
            throw InputFailure("'\(designSpec.name)' is a design space with \(designSpec.pointCount) points; evaluate takes one design",
                               at: .file(designPath))
        }
        let accelerator = designSpec.accelerator(at: 0)
        if let pruning = variant.pruning, pruning != 0 {
            throw InputFailure("pruned variants need a sparsity model; evaluate takes pruning=0 only",
                               at: workloadSpec.locations.network)
        }
        let zooVariant = ZooVariant(
            width: variant.width ?? 1.0, resolution: variant.resolution ?? workloadSpec.input.resolution,
            weightBits: variant.precision ?? workloadSpec.precision.weights,
            activationBits: variant.precision ?? workloadSpec.precision.activations)
        let network: Network
        do { network = try workloadSpec.network(zooVariant) } catch { throw InputFailure(error.diagnostics) }

        let evaluation: NetworkEvaluation
        do {
            let evaluator = try LayerByLayerEvaluator(accelerator: accelerator, objective: objective)
            evaluation = try evaluator.evaluate(network)
        } catch let error as TechnologyError {
            throw InputFailure("\(error)", at: designSpec.locations.technology)
        } catch let error as MappingError {
            var location = SourceLocation.file(designPath)
            if let level = error.memoryLevelName,
               let index = accelerator.memory.firstIndex(where: { $0.name == level }),
               index < designSpec.locations.memoryLevels.count {
                location = designSpec.locations.memoryLevels[index]
            } else if case .precisionUnsupported = error {
                location = designSpec.locations.peArray
            }
            throw InputFailure("\(error)", at: location)
        }
        return EvaluationReport(
            evaluation: evaluation, workloadName: workloadSpec.name,
            variant: VariantDescription(width: zooVariant.width, resolution: zooVariant.resolution,
                                        precision: max(zooVariant.weightBits, zooVariant.activationBits),
                                        pruning: variant.pruning ?? 0))
    }
}
