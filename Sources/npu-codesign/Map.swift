import ArgumentParser
import CodesignCore
import CostModels
import Foundation
import MappingSearch
import NetworkScheduling
import Reporting
import SpecIO


enum MapFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

struct Map: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Map the layers of a workload onto one design and show each mapping.")

    @OptionGroup var inputs: InputOptions

    @Option(help: "Map only this layer.")
    var layer: String?

    @Option(name: .customLong("time-limit"), help: "Time limit of each ILP solve, in seconds (a safety net: a node limit normally ends the search, which keeps results reproducible).")
    var timeLimit: Double = 10

    @Option(name: .customLong("dump-lp"), help: "Write every ILP solved to this folder as CPLEX-LP text.")
    var dumpLP: String?

    @Option(help: "Output format: table or json.")
    var format: MapFormat = .table

    func validate() throws {
        if !(timeLimit.isFinite && timeLimit > 0 && timeLimit <= 3600) {
            throw ValidationError("--time-limit must be a number of seconds in (0, 3600]")
        }
    }

    func run() throws {
        let loaded = try LoadedInputs(designPath: inputs.design, workloadPath: inputs.workload,
                                      variant: try inputs.variantChoice())
        var layers = loaded.network.layers
        if let name = layer {
            guard let found = layers.first(where: { $0.name == name }) else {
                throw InputFailure("no layer named '\(name)'; layers are \(layers.prefix(12).map(\.name).joined(separator: ", "))\(layers.count > 12 ? ", …" : "")",
                                   at: loaded.workloadSpec.locations.network)
            }
            layers = [found]
        }
        if let dumpLP {
            do {
                try FileManager.default.createDirectory(atPath: dumpLP, withIntermediateDirectories: true)
            } catch {
                throw InputFailure("cannot create the --dump-lp folder '\(dumpLP)': \(error.localizedDescription)",
                                   at: .file(dumpLP))
            }
        }
        let results: [LayerEvaluation]
        do {
            let model = LayerCostModel(accelerator: loaded.accelerator,
                                       energy: try EnergyModel(accelerator: loaded.accelerator))
            results = try layers.map { layer in
                LayerEvaluation(layer: layer, result: try mapLayer(layer, model: model))
            }
        } catch {
            throw loaded.located(error)
        }
        let levelNames = loaded.accelerator.memory.map(\.name)
        switch format {
        case .json:
            let value = JSONValue.array(results.map {
                LayerReport.mappingJSON($0, levelNames: levelNames, objective: inputs.objective.rawValue)
            })
            Terminal.write(value.rendered() + "\n")
        case .table:
            Terminal.write(MappingTable.render(results, levelNames: levelNames))
        }
    }

    private func mapLayer(_ layer: Layer, model: LayerCostModel) throws -> MappingResult {
        if inputs.mapper == .ilp {
            var ilp = ILPMapper(model: model, objective: inputs.objective)
            ilp.timeLimitPerSolveS = timeLimit
            ilp.dumpLPDirectory = dumpLP
            return try ilp.map(layer)
        }
        return try inputs.mapper.mapper(model: model, objective: inputs.objective).map(layer)
    }
}

/// The `map` table: one block per layer with its mapping and figures.
enum MappingTable {
    static func render(_ results: [LayerEvaluation], levelNames: [String]) -> String {
        var out: [String] = []
        for r in results {
            let c = r.result.cost
            var figures = String(format: "cycles %.0f (compute %.0f), %.4f ms, %.2f uJ, utilization %.1f %%",
                                 c.cycles, c.computeCycles, c.latencyS * 1e3, c.energyJ * 1e6, c.utilization * 100)
            if let t = r.result.solveTimeS { figures += String(format: ", solved in %.1f ms", t * 1e3) }
            if let gap = r.result.solverGap { figures += String(format: ", gap %.3g", gap) }
            if let note = r.result.solverNote { figures += ", ILP \(note)" }
            out.append("\(r.layer.name) (\(r.layer.op.rawValue)): \(r.result.mapper), \(r.result.status)")
            out.append("  \(figures)")
            out.append("  \(r.layer.op.runsOnPEArray ? r.result.mapping.description(levelNames: levelNames) : "vector unit")")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
