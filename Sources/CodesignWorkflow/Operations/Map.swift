import CodesignCore
import CostModels
import MappingSearch
import NetworkScheduling
import SpecIO
import Synchronization

/// What `map` shows: each layer's mapping and figures, and the ILPs solved when asked for.
public struct MapOutcome: Sendable {
    public var layers: [LayerEvaluation]
    /// The design's memory levels, innermost first, for naming the mapping's loops.
    public var levelNames: [String]
    /// Every ILP solved, as (file name, CPLEX-LP text), in solve order; empty unless asked.
    public var lpFiles: [(name: String, text: String)]
}

extension Codesign {
    /// Maps the layers of one workload variant onto one design, layer by layer (no network
    /// schedule): all of them, or only `layerName`.
    public static func map(designPath: String, workloadPath: String, variant: VariantChoice, layerName: String?,
                           objective: MappingObjective, mapper: MapperKind, ilpTimeLimitS: Double,
                           keepLP: Bool) throws(DiagnosticsError) -> MapOutcome {
        let inputs = try DesignInputs(designPath: designPath, workloadPath: workloadPath, variant: variant)
        var layers = inputs.network.layers
        if let layerName {
            guard let found = layers.first(where: { $0.name == layerName }) else {
                let known = layers.prefix(12).map(\.name).joined(separator: ", ") + (layers.count > 12 ? ", …" : "")
                throw DiagnosticsError("no layer named '\(layerName)'; layers are \(known)",
                                       at: inputs.workloadSpec.locations.network)
            }
            layers = [found]
        }
        let collected = Mutex<[(name: String, text: String)]>([])
        let results: [LayerEvaluation]
        do {
            let model = LayerCostModel(accelerator: inputs.accelerator,
                                       energy: try EnergyModel(accelerator: inputs.accelerator))
            results = try layers.map { layer in
                let result: MappingResult
                if mapper == .ilp {
                    var ilp = ILPMapper(model: model, objective: objective)
                    ilp.timeLimitPerSolveS = ilpTimeLimitS
                    if keepLP { ilp.lpReceiver = { name, text in collected.withLock { $0.append((name, text)) } } }
                    result = try ilp.map(layer)
                } else {
                    result = try mapper.mapper(model: model, objective: objective).map(layer)
                }
                return LayerEvaluation(layer: layer, result: result)
            }
        } catch {
            throw inputs.located(error)
        }
        return MapOutcome(layers: results, levelNames: inputs.accelerator.memory.map(\.name),
                          lpFiles: collected.withLock { $0 })
    }
}
