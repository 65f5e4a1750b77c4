import ArgumentParser
import CostModels
import MappingSearch
import SpecIO

/// The options every single-design command shares: which design and workload, which model
/// variant, and how layers are mapped.
struct InputOptions: ParsableArguments {
    @Option(help: "Design file (one design, not a space).")
    var design: String

    @Option(help: "Workload file.")
    var workload: String

    @Option(help: "Model variant, e.g. width=0.5,resolution=160,precision=8.")
    var variant: String?

    @Option(help: "Objective: latency, energy or edp.")
    var objective: MappingObjective = .edp

    @Option(help: "Mapper: ilp (default), search, exhaustive or random.")
    var mapper: MapperKind = .ilp

    func validate() throws {
        if let variant {
            do { _ = try VariantChoice.parse(variant) } catch { throw ValidationError("--variant: \(error)") }
        }
    }

    /// The parsed variant (validated already).
    func variantChoice() throws -> VariantChoice {
        try variant.map { try VariantChoice.parse($0) } ?? VariantChoice()
    }
}

extension MappingObjective: ExpressibleByArgument {}
extension MapperKind: ExpressibleByArgument {}
