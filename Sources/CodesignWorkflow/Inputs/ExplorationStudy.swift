import CodesignCore
import Exploration
import Foundation
import MappingSearch
import Reporting
import SpecIO

/// A workload file and a design-space file turned into an exploration problem: the variant
/// space in a fixed order (width, resolution, precision, pruning; the last varies fastest),
/// the accuracy source, the constraints and objectives, the production volume, and a
/// fingerprint of every input so that a store can only be resumed or merged with the run
/// that made it. Loaded and validated once; every operation of an exploration starts here.
public struct ExplorationStudy: Sendable {
    public var workloadSpec: WorkloadSpec
    public var designSpec: DesignSpec
    public var problem: ExplorationProblem
    public var space: SearchSpace
    public var objectives: [Metric]
    public var inputsFingerprint: String

    public init(workloadPath: String, spacePath: String) throws(DiagnosticsError) {
        let (workloadSpec, designSpec) = try loadTogether({ () throws(DiagnosticsError) in try SpecLoader.loadWorkload(path: workloadPath) },
                                                          { () throws(DiagnosticsError) in try SpecLoader.loadDesign(path: spacePath) })
        self.workloadSpec = workloadSpec
        self.designSpec = designSpec

        let base = workloadSpec.baseVariant
        let lists = workloadSpec.variants
        let widths = lists?.width ?? [base.width]
        let resolutions = lists?.resolution ?? [base.resolution]
        let precisions = lists?.precision ?? [max(base.weightBits, base.activationBits)]
        let prunings = lists?.pruning ?? [0]
        var variants: [ModelVariant] = []
        for w in widths { for r in resolutions { for p in precisions { for pr in prunings {
            variants.append(ModelVariant(width: w, resolution: r, precision: p, pruning: pr))
        } } } }

        let table = workloadSpec.accuracy
        let spec = workloadSpec
        problem = ExplorationProblem(
            designCount: designSpec.pointCount,
            design: { [designSpec] index in
                // Name each point by its values on the space's axes, so stores and reports
                // say what the design is, not only its index.
                var accelerator = designSpec.accelerator(at: index)
                let coordinates = designSpec.coordinates(at: index)
                let values = zip(designSpec.axes, coordinates).map { axis, i in axis.setting(i) }
                if !values.isEmpty { accelerator.name = "\(designSpec.name)[\(values.joined(separator: " "))]" }
                return accelerator
            },
            variants: variants,
            network: { variant in
                try spec.network(variant).pruned(fraction: variant.pruning)
            },
            accuracy: { variant in
                table?.top1(for: variant) ?? .unavailable(reason: "the workload names no accuracy table")
            },
            constraints: workloadSpec.constraints,
            productionVolume: workloadSpec.productionVolume)
        space = SearchSpace(designCount: designSpec.pointCount, variantCount: variants.count,
                            designAxes: designSpec.axes.map(\.values.count),
                            variantAxes: [widths.count, resolutions.count, precisions.count, prunings.count])
        objectives = workloadSpec.objectives.isEmpty ? [.latency, .energy, .area] : workloadSpec.objectives

        var fingerprint = Fingerprint()
        // Every file the study read: the workload, the space, its ONNX model, the accuracy
        // table and its adjustments (an edit to any of them between a kill and `--resume`
        // changes points).
        let files = [workloadPath, spacePath] + (workloadSpec.onnxModel.map { [$0.path] } ?? []) + (table?.files ?? [])
        for path in files { fingerprint.add(FileManager.default.contents(atPath: path) ?? Data()) }
        inputsFingerprint = fingerprint.hex
    }

    /// What the report needs besides the points, resolved from the run's inputs, so that a
    /// finished store renders its report without them.
    public func record(strategy: StrategyKind, seed: UInt64, mapper: MapperKind, refined: Bool) -> StudyRecord {
        // Paths inside the working folder are shown relative to it, so the report reads the
        // same whether the run was given relative or absolute paths.
        let cwd = FileManager.default.currentDirectoryPath + "/"
        let sources: [String] = workloadSpec.accuracyTable.map { (path: String) -> [String] in
            let shown = path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
            return ["table \(shown) (its README lists each row's source)"]
        } ?? []
        var record = StudyRecord(
            workloadName: workloadSpec.name, spaceName: designSpec.name, objectives: objectives,
            constraints: problem.constraints,
            constraintTexts: problem.constraints.map { "\($0.metric.constraintKey) \($0.comparator.rawValue) \(JSONValue.format($0.value))" },
            strategy: strategy, seed: seed, accuracySources: sources,
            productionVolume: problem.productionVolume, screeningMapper: mapper, refined: refined)
        record.designKnobs = designSpec.axes.map { StudyRecord.Knob(label: $0.label, values: $0.values) }
        return record
    }
}
