import CodesignCore
import CostModels
import Exploration
import MappingSearch
import SpecIO

/// A design and a workload loaded and checked together, with the network built for the
/// chosen variant: what `evaluate`, `map` and `bench` start from.
struct LoadedInputs {
    var designSpec: DesignSpec
    var workloadSpec: WorkloadSpec
    var accelerator: Accelerator
    var variant: ZooVariant
    var pruning: Double
    var network: Network

    /// The variant as explorations and reports name it.
    var variantPoint: VariantPoint {
        VariantPoint(width: variant.width, resolution: variant.resolution,
                     precision: max(variant.weightBits, variant.activationBits), pruning: pruning)
    }

    /// Loads both files before reporting, so the user sees every problem in one go.
    init(designPath: String, workloadPath: String, variant choice: VariantChoice) throws {
        var diagnostics: [Diagnostic] = []
        var loadedDesign: DesignSpec?
        var loadedWorkload: WorkloadSpec?
        do { loadedDesign = try SpecLoader.loadDesign(path: designPath) } catch { diagnostics += error.diagnostics }
        do { loadedWorkload = try SpecLoader.loadWorkload(path: workloadPath) } catch { diagnostics += error.diagnostics }
        guard let designSpec = loadedDesign, let workloadSpec = loadedWorkload, diagnostics.isEmpty else {
            throw InputFailure(diagnostics)
        }
        if designSpec.isSpace {
            throw InputFailure("'\(designSpec.name)' is a design space with \(designSpec.pointCount) points; give one design",
                               at: .file(designPath))
        }
        let variant = choice.zooVariant(in: workloadSpec)
        do { network = try workloadSpec.network(variant) } catch { throw InputFailure(error.diagnostics) }
        do { network = try network.pruned(fraction: choice.pruning ?? 0) } catch {
            throw InputFailure("\(error)", at: workloadSpec.locations.network)
        }
        self.designSpec = designSpec
        self.workloadSpec = workloadSpec
        self.accelerator = designSpec.accelerator(at: 0)
        self.variant = variant
        self.pruning = choice.pruning ?? 0
    }

    /// A technology or mapping error, located at the design line responsible.
    func located(_ error: any Error) -> any Error {
        let path = designSpec.path
        switch error {
        case let error as TechnologyError:
            return InputFailure("\(error)", at: designSpec.locations.technology)
        case let error as MappingError:
            var location = SourceLocation.file(path)
            if let level = error.memoryLevelName,
               let index = accelerator.memory.firstIndex(where: { $0.name == level }),
               index < designSpec.locations.memoryLevels.count {
                location = designSpec.locations.memoryLevels[index]
            } else if case .precisionUnsupported = error {
                location = designSpec.locations.peArray
            }
            return InputFailure("\(error)", at: location)
        default:
            return error
        }
    }
}

extension WorkloadSpec {
    /// The workload's accuracy table, read and checked; nil when it names none. The one place
    /// the CLI reads it (evaluate, compare and explore alike), its problems located.
    func loadAccuracyTable() throws -> AccuracyTable? {
        guard let path = accuracyTable else { return nil }
        do { return try AccuracyTable.load(path: path) } catch { throw InputFailure(error.diagnostics) }
    }
}
