import CodesignCore
import Exploration
import Foundation
import SpecIO

/// Turns a workload file and a design(-space) file into an exploration problem: the variant
/// space in a fixed order (width, resolution, precision, pruning; the last varies fastest),
/// the accuracy source, the constraints and objectives, and a fingerprint of every input so
/// that a store can only be resumed or merged with the run that made it.
struct ExploreSetup {
    var workloadSpec: WorkloadSpec
    var designSpec: DesignSpec
    var problem: ExplorationProblem
    var space: SearchSpace
    var objectives: [ExplorationMetric]
    var inputsFingerprint: String

    init(workloadPath: String, spacePath: String) throws {
        var diagnostics: [Diagnostic] = []
        var loadedWorkload: WorkloadSpec?
        var loadedDesign: DesignSpec?
        do { loadedWorkload = try SpecLoader.loadWorkload(path: workloadPath) } catch { diagnostics += error.diagnostics }
        do { loadedDesign = try SpecLoader.loadDesign(path: spacePath) } catch { diagnostics += error.diagnostics }
        guard let workloadSpec = loadedWorkload, let designSpec = loadedDesign, diagnostics.isEmpty else {
            throw InputFailure(diagnostics)
        }
        self.workloadSpec = workloadSpec
        self.designSpec = designSpec

        let base = workloadSpec.baseVariant
        let lists = workloadSpec.variants
        let widths = lists?.width ?? [base.width]
        let resolutions = lists?.resolution ?? [base.resolution]
        let precisions = lists?.precision ?? [max(base.weightBits, base.activationBits)]
        let prunings = lists?.pruning ?? [0]
        var variants: [VariantPoint] = []
        for w in widths { for r in resolutions { for p in precisions { for pr in prunings {
            variants.append(VariantPoint(width: w, resolution: r, precision: p, pruning: pr))
        } } } }

        let table = try workloadSpec.loadAccuracyTable()
        let accuracyBytes = workloadSpec.accuracyTable.flatMap { FileManager.default.contents(atPath: $0) } ?? Data()
        let spec = workloadSpec
        problem = ExplorationProblem(
            designCount: designSpec.pointCount,
            design: { [designSpec] index in
                // Name each point by its values on the space's axes, so stores and reports
                // say what the design is, not only its index.
                var accelerator = designSpec.accelerator(at: index)
                let coordinates = designSpec.coordinates(at: index)
                let values = zip(designSpec.axes, coordinates).map { axis, i in "\(Self.shortName(axis.path))=\(axis.values[i])" }
                if !values.isEmpty { accelerator.name = "\(designSpec.name)[\(values.joined(separator: " "))]" }
                return accelerator
            },
            variants: variants,
            network: { variant in
                try spec.network(ZooVariant(width: variant.width, resolution: variant.resolution,
                                            weightBits: variant.precision, activationBits: variant.precision))
                    .pruned(fraction: variant.pruning)
            },
            accuracy: { variant in
                table?.top1(for: variant) ?? .unavailable(reason: "the workload names no accuracy table")
            },
            constraints: workloadSpec.constraints.map(Self.constraint),
            productionVolume: workloadSpec.productionVolume)
        space = SearchSpace(designCount: designSpec.pointCount, variantCount: variants.count,
                            designAxes: designSpec.axes.map(\.values.count),
                            variantAxes: [widths.count, resolutions.count, precisions.count, prunings.count])
        let metrics = workloadSpec.objectives.map { Self.metric($0.metric) }
        objectives = metrics.isEmpty ? [.latency, .energy, .area] : metrics

        var fingerprint = Fingerprint()
        for path in [workloadPath, spacePath] { fingerprint.add(FileManager.default.contents(atPath: path) ?? Data()) }
        fingerprint.add(accuracyBytes)
        inputsFingerprint = fingerprint.hex
    }

    /// `memory[1].size_kib` → `size_kib1`, `pe_array.rows` → `rows`, `technology.clock_mhz` → `clock_mhz`.
    static func shortName(_ path: String) -> String {
        let last = path.split(separator: ".").last.map(String.init) ?? path
        if path.hasPrefix("memory["), let close = path.firstIndex(of: "]") {
            let index = path[path.index(path.startIndex, offsetBy: 7)..<close]
            return "\(last)\(index)"
        }
        return last
    }

    static func constraint(_ c: ConstraintSpec) -> ExplorationConstraint {
        let metric: ExplorationMetric = switch c.key {
        case .fps: .throughput
        case .powerW: .power
        case .top1: .top1
        case .areaMM2: .area
        case .energyJ: .energy
        case .latencyS: .latency
        case .costUSD: .cost
        }
        return ExplorationConstraint(metric: metric, comparator: c.comparator, value: c.value)
    }

    static func metric(_ m: ObjectiveSpec.Metric) -> ExplorationMetric {
        switch m {
        case .latency: .latency
        case .energy: .energy
        case .area: .area
        case .top1: .top1
        case .cost: .cost
        case .power: .power
        case .edp: .edp
        }
    }
}

/// FNV-1a, 64 bits: a stable fingerprint of a run's inputs (not a security hash).
struct Fingerprint {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ data: Data) {
        for byte in data { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        state = (state ^ 0xFF) &* 0x0000_0100_0000_01B3   // separator between parts
    }

    mutating func add(_ text: String) { add(Data(text.utf8)) }

    var hex: String { String(state, radix: 16) }
}
