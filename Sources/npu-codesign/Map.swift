import ArgumentParser
import CodesignCore
import CodesignWorkflow
import Foundation
import Reporting

enum MapFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

struct Map: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Map the layers of a workload onto one design and show each mapping.")

    @OptionGroup var inputs: InputOptions

    @Option(help: "Map only this layer.")
    var layer: String?

    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Time limit of each ILP solve, in seconds (a safety net: a node limit normally ends the search, which keeps results reproducible).")
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
        if let dumpLP { try OutputLocation.checkFolder(dumpLP, what: "the --dump-lp folder") }
        let outcome = try Codesign.map(designPath: inputs.design, workloadPath: inputs.workload,
                                       variant: try inputs.variantChoice(), layerName: layer,
                                       objective: inputs.objective, mapper: inputs.mapper,
                                       ilpTimeLimitS: timeLimit, keepLP: dumpLP != nil)
        if let dumpLP {
            do {
                try FileManager.default.createDirectory(atPath: dumpLP, withIntermediateDirectories: true)
            } catch {
                throw DiagnosticsError("cannot create the --dump-lp folder '\(dumpLP)'", at: .file(dumpLP))
            }
            for file in outcome.lpFiles {
                let path = (dumpLP as NSString).appendingPathComponent(file.name)
                do { try file.text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                    throw DiagnosticsError("cannot write '\(path)'", at: .file(path))
                }
            }
        }
        switch format {
        case .json:
            let value = JSONValue.array(outcome.layers.map {
                LayerReport.mappingJSON($0, levelNames: outcome.levelNames, objective: inputs.objective.rawValue)
            })
            Terminal.write(value.rendered() + "\n")
        case .table:
            Terminal.write(MappingTable.render(outcome.layers, levelNames: outcome.levelNames))
        }
    }
}
