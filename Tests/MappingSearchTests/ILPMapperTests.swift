import CodesignCore
import CostModels
import Foundation
import LinearProgramming
import MappingSearch
import SpecIO
import Testing

/// Designs covering the dataflows and array kinds, small enough for a debug build.
enum TestDesigns {
    static func accelerator(_ name: String, array: ArrayKind, dataflow: Dataflow, rows: Int, cols: Int,
                            lanes: Int = 1, perPE: [MemoryLevel] = []) -> Accelerator {
        Accelerator(
            name: name, technology: Technology(nodeNm: 28, clockMHz: 500),
            peArray: PEArray(rows: rows, cols: cols, macsPerPE: lanes, precisionBits: 8),
            array: array, dataflow: dataflow,
            memory: perPE + [
                MemoryLevel(name: "GLB", sizeBytes: 64 << 10, bandwidthBytesPerCycle: 64),
                MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerSecond: 12.8e9),
            ])
    }

    static let all: [Accelerator] = [
        accelerator("rs-broadcast", array: .broadcast, dataflow: .rowStationary, rows: 12, cols: 14,
                    perPE: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 256)]),
        accelerator("ws-systolic", array: .systolic, dataflow: .weightStationary, rows: 16, cols: 16),
        accelerator("os-lanes", array: .broadcast, dataflow: .outputStationary, rows: 8, cols: 8, lanes: 4,
                    perPE: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 64)]),
    ]
}

struct ILPCase: CustomTestStringConvertible, Sendable {
    var layer: Layer
    var design: Accelerator
    var testDescription: String { "\(layer.name) on \(design.name)" }

    static let all: [ILPCase] = {
        let resnet = try! NetworkZoo.family(named: "resnet18")!.network(ModelVariant(resolution: 64))
        let mobilenet = try! NetworkZoo.family(named: "mobilenet_v2")!.network(ModelVariant(width: 0.5, resolution: 64))
        let picks = [resnet.layers[0], resnet.layers[3], resnet.layers.last!,
                     mobilenet.layers[1], mobilenet.layers[5], mobilenet.layers[6]]
        return picks.flatMap { layer in TestDesigns.all.map { ILPCase(layer: layer, design: $0) } }
    }()
}

@Test(arguments: ILPCase.all)
func ilpMappingsAreValidInTheMapspaceAndNoWorseThanTheHeuristicThere(_ c: ILPCase) throws {
    let model = LayerCostModel(accelerator: c.design, energy: try EnergyModel(accelerator: c.design))
    var pure = ILPMapper(model: model, objective: .edp)
    pure.keepsBetterHeuristic = false
    let result = try pure.map(c.layer)
    #expect(model.violations(of: result.mapping, for: c.layer).isEmpty)
    #expect(result.mapper == .ilp)
    #expect([MappingStatus.optimal, .feasible].contains(result.status))
    let spaces = Mapspace.paddedSpaces(layer: c.layer, accelerator: c.design)
    let space = try #require(Mapspace.space(of: result.mapping, in: spaces), "the ILP result's extents are a padded space")
    #expect(space.assignment(of: result.mapping) != nil, "the ILP result lies in the mapspace")
    // The exact cost reported is the cost of the mapping reported.
    #expect(model.cost(of: c.layer, mapping: result.mapping) == result.cost)
    let heuristic = try SearchMapper(model: model, objective: .edp).map(c.layer)
    if let heuristicSpace = Mapspace.space(of: heuristic.mapping, in: spaces), heuristicSpace.assignment(of: heuristic.mapping) != nil {
        #expect(result.cost.edp <= heuristic.cost.edp * (1 + 1e-12))
    }
    // The default mapper keeps the heuristic's padded mapping when it is better, and says so.
    let kept = try ILPMapper(model: model, objective: .edp).map(c.layer)
    #expect(kept.cost.edp <= min(result.cost.edp, heuristic.cost.edp) * (1 + 1e-12))
    #expect(kept.mapper == (heuristic.cost.edp < result.cost.edp ? .search : .ilp))
}

@Test func mapspaceRoundTripsItsOwnPoints() throws {
    let design = TestDesigns.all[0]
    let layer = Layer(name: "c", op: .conv, bounds: DimensionVector(k: 12, c: 8, p: 14, q: 14, r: 3, s: 3))
    let space = Mapspace(layer: layer, accelerator: design)
    #expect(space.factors.map(\.prime) == [2, 2, 3, 2, 2, 2, 2, 7, 2, 7, 3, 3])
    var assignment = space.factors.indices.map { space.allowedSlots[$0].last! }
    assignment[0] = 0
    let mapping = space.mapping(slotOfFactor: assignment, loopOrder: 1)
    #expect(mapping.coveredBounds == layer.bounds)
    let back = try #require(space.assignment(of: mapping))
    #expect(space.mapping(slotOfFactor: back, loopOrder: 1) == mapping)
}

/// A bound GLPK never proved is no number (issue 9, item 5): on a 256 x 256 design every
/// ILP-mapped ResNet-18 layer reports a finite bound below its objective with a finite gap,
/// or no bound, no gap and a note saying why; never GLPK's -DBL_MAX placeholder.
@Test func ilpBoundsAreFiniteOrAbsentWithAReason() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let accelerator = try SpecLoader.loadDesign(path: root.appendingPathComponent("Designs/tpu-like.yaml").path).accelerator(at: 0)
    let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    let network = try #require(NetworkZoo.family(named: "resnet18")).network(ModelVariant(resolution: 224))
    var shapes = Set<Layer>()
    var checked = 0
    for layer in network.layers where layer.op.runsOnPEArray && shapes.insert(layer.shape).inserted {
        let result = try ILPMapper(model: model).map(layer)
        checked += 1
        if let bound = result.solverBound {
            let objective = try #require(result.solverObjective)
            let gap = try #require(result.solverGap)
            #expect(bound.isFinite && abs(bound) < 1e300, "\(layer.name): bound \(bound)")
            #expect(bound <= objective + 1e-9 * abs(objective))
            #expect(gap >= 0 && gap <= 1, "\(layer.name): gap \(gap)")
        } else {
            #expect(result.solverGap == nil)
            if result.status != .optimal { #expect(result.solverNote != nil, "\(layer.name): no bound and no reason") }
        }
    }
    #expect(checked >= 10)
}

@Test func unprovenSolutionsSayWhy() {
    let noBound = ILPSolution(status: .feasible, values: [1], objective: 2, solveTimeS: 0, stoppedBy: .nodeLimit)
    #expect(noBound.unprovenReason == "stopped by the node limit before any bound was proven: gap unknown")
    let bounded = ILPSolution(status: .feasible, values: [1], objective: 2, bound: 1.9, gap: 0.05, solveTimeS: 0, stoppedBy: .relativeGap)
    #expect(bounded.unprovenReason == "stopped by the relative MIP gap asked for with a proven bound")
    #expect(ILPSolution(status: .optimal, values: [1], objective: 2, bound: 2, gap: 0, solveTimeS: 0).unprovenReason == nil)
}
