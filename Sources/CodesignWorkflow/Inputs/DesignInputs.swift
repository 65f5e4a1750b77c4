import CodesignCore
import CostModels
import Exploration
import MappingSearch
import SpecIO

/// A design and a workload loaded and checked together, with the network built for the
/// chosen variant: what `evaluate`, `map` and `bench` start from.
public struct DesignInputs: Sendable {
    public var designSpec: DesignSpec
    public var workloadSpec: WorkloadSpec
    public var accelerator: Accelerator
    /// The variant chosen, pruning included.
    public var variant: ModelVariant
    public var network: Network

    /// Loads both files before reporting, so the user sees every problem in one go.
    public init(designPath: String, workloadPath: String, variant choice: VariantChoice) throws(DiagnosticsError) {
        let (designSpec, workloadSpec) = try loadTogether({ () throws(DiagnosticsError) in try SpecLoader.loadDesign(path: designPath) },
                                                          { () throws(DiagnosticsError) in try SpecLoader.loadWorkload(path: workloadPath) })
        if designSpec.isSpace {
            throw DiagnosticsError("'\(designSpec.name)' is a design space with \(designSpec.pointCount) points; give one design",
                                   at: .file(designPath))
        }
        let variant = choice.variant(in: workloadSpec)
        do { network = try workloadSpec.network(variant) } catch { throw DiagnosticsError(error.diagnostics) }
        do { network = try network.pruned(fraction: variant.pruning) } catch {
            throw DiagnosticsError("\(error)", at: workloadSpec.locations.network)
        }
        self.designSpec = designSpec
        self.workloadSpec = workloadSpec
        self.accelerator = designSpec.accelerator(at: 0)
        self.variant = variant
    }

    /// A technology or mapping error, located at the design line responsible.
    public func located(_ error: any Error) -> DiagnosticsError {
        switch error {
        case let error as DiagnosticsError:
            return error
        case let error as TechnologyError:
            return DiagnosticsError("\(error)", at: designSpec.locations.technology)
        case let error as MappingError:
            var location = SourceLocation.file(designSpec.path)
            if let level = error.memoryLevelName,
               let index = accelerator.memory.firstIndex(where: { $0.name == level }),
               index < designSpec.locations.memoryLevels.count {
                location = designSpec.locations.memoryLevels[index]
            } else if case .precisionUnsupported = error {
                location = designSpec.locations.peArray
            }
            return DiagnosticsError("\(error)", at: location)
        default:
            return DiagnosticsError("\(error)", at: .file(designSpec.path))
        }
    }
}
