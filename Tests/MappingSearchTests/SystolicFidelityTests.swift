import CodesignCore
import CostModels
import Foundation
import MappingSearch
import Testing

/// One row of Tests/Fixtures/scalesim/scalesim_cycles.csv, produced by SCALE-Sim 3.0.0
/// itself (see that folder's README for the script and how to rerun it).
struct ScaleSimCase: CustomTestStringConvertible, Sendable {
    var name: String
    var k, c, p, q, r, s, stride, rows, cols: Int
    var dataflow: Dataflow
    var cycles: Double
    var testDescription: String { "\(name) on \(rows)x\(cols) \(dataflow.rawValue)" }

    static func load() -> [ScaleSimCase] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/scalesim/scalesim_cycles.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let flows: [String: Dataflow] = ["ws": .weightStationary, "os": .outputStationary, "is": .inputStationary]
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: ",").map(String.init)
            let n = { (i: Int) in Int(f[i])! }
            return ScaleSimCase(name: "\(f[0]) \(f[1])", k: n(2), c: n(3), p: n(4), q: n(5), r: n(6), s: n(7),
                                stride: n(8), rows: n(9), cols: n(10), dataflow: flows[f[11]]!, cycles: Double(f[14])!)
        }
    }
}

extension ScaleSimCase {
    var layer: Layer {
        Layer(name: name, op: .conv, bounds: DimensionVector(k: k, c: c, p: p, q: q, r: r, s: s), strideH: stride, strideW: stride)
    }

    /// The case's array under one SRAM holding everything; `dramBytesPerSecond` large makes
    /// every mapping compute-bound.
    func accelerator(dramBytesPerSecond: Double = 25.6e9) -> Accelerator {
        Accelerator(
            name: "systolic", technology: Technology(nodeNm: 28, clockMHz: 500),
            peArray: PEArray(rows: rows, cols: cols, macsPerPE: 1, precisionBits: 8),
            array: .systolic, dataflow: dataflow,
            memory: [
                MemoryLevel(name: "SRAM", sizeBytes: 8 << 20, bandwidthBytesPerCycle: 256),
                MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil,
                            bandwidthBytesPerSecond: dramBytesPerSecond),
            ])
    }

    /// SCALE-Sim's schedule as a mapping: the operand matrix on the array
    /// (`SearchMapper.foldUnrolling`), everything else streamed from the SRAM.
    func foldMapping(on accelerator: Accelerator) -> Mapping {
        let fold = SearchMapper.foldUnrolling(for: layer, on: accelerator)
        var rest = layer.bounds
        for d in LoopDimension.allCases { rest[d] = ceilDiv(rest[d], fold.rows[d] * fold.cols[d]) }
        let order = SearchMapper.loopOrders(for: accelerator.dataflow)[0]
        return Mapping(temporal: [rest, .ones], loopOrder: [order, order], spatialRows: fold.rows, spatialCols: fold.cols)
    }
}

/// SCALE-Sim's own schedule, written as a mapping, gets SCALE-Sim's cycles from the cost
/// model: exactly, on every case (issue 9, item 3: one mapping explains the cycles).
@Test(arguments: ScaleSimCase.load())
func scaleSimsFoldMappingGivesItsCycles(_ c: ScaleSimCase) throws {
    let accelerator = c.accelerator()
    let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    let mapping = c.foldMapping(on: accelerator)
    #expect(model.violations(of: mapping, for: c.layer).isEmpty)
    #expect(model.computeCycles(layer: c.layer, mapping: mapping) == c.cycles)
}

/// The whole evaluation path (design → mapper → cost model) on a compute-bound systolic
/// design finds SCALE-Sim's cycles: no mapping of the slice is faster than its fold, and
/// the screening mapper considers that fold.
@Test(arguments: ScaleSimCase.load())
func systolicMapperReachesScaleSimCycles(_ c: ScaleSimCase) throws {
    let accelerator = c.accelerator(dramBytesPerSecond: 1e15)
    let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    let result = try SearchMapper(model: model, objective: .latency).map(c.layer)
    #expect(result.cost.computeCycles == c.cycles, "ours \(result.cost.computeCycles) vs SCALE-Sim \(c.cycles)")
}

/// One row of Tests/Fixtures/scalesim/scalesim_accesses.csv: SCALE-Sim's SRAM accesses
/// (counted from its demand matrices) for a case of the cycles table.
struct ScaleSimAccesses: CustomTestStringConvertible, Sendable {
    var scaleSimCase: ScaleSimCase
    var rowFolds, colFolds: Int
    var ifmapReads, filterReads, ofmapWrites: Double
    var testDescription: String { scaleSimCase.testDescription }

    static func load() -> [ScaleSimAccesses] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/scalesim/scalesim_accesses.csv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let cases = Dictionary(ScaleSimCase.load().map { ($0.name.split(separator: " ")[0], $0) }, uniquingKeysWith: { a, _ in a })
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: ",").map(String.init)
            guard let c = cases[Substring(f[0])] else { return nil }
            return ScaleSimAccesses(scaleSimCase: c, rowFolds: Int(f[12])!, colFolds: Int(f[13])!,
                                    ifmapReads: Double(f[15])!, filterReads: Double(f[16])!, ofmapWrites: Double(f[17])!)
        }
    }
}

/// Accesses follow the same mapping: the SRAM's reads of inputs and weights and its writes
/// of outputs, on SCALE-Sim's fold, are SCALE-Sim's counts exactly (the streamed operand
/// replayed once per fold of the other axis, partial sums written once per fold of the
/// reduction axis). SCALE-Sim never reads partial sums back, so only writes are compared.
@Test(arguments: ScaleSimAccesses.load())
func systolicArrayEdgeAccessesMatchScaleSim(_ a: ScaleSimAccesses) throws {
    let c = a.scaleSimCase
    let accelerator = c.accelerator()
    let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    let mapping = c.foldMapping(on: accelerator)
    #expect(SystolicComputeModel.folds(spatial: mapping.spatialRows, axisLength: c.rows) == a.rowFolds)
    #expect(SystolicComputeModel.folds(spatial: mapping.spatialCols, axisLength: c.cols) == a.colFolds)
    let accesses = model.cost(of: c.layer, mapping: mapping).accesses
    #expect(accesses[0, .inputs].reads == a.ifmapReads)
    #expect(accesses[0, .weights].reads == a.filterReads)
    #expect(accesses[0, .outputs].writes == a.ofmapWrites)
}

@Test func scaleSimAccessTableCoversEveryDataflow() {
    let rows = ScaleSimAccesses.load()
    #expect(rows.count >= 24)
    for flow in [Dataflow.weightStationary, .outputStationary, .inputStationary] {
        #expect(rows.filter { $0.scaleSimCase.dataflow == flow }.count >= 8)
    }
}

@Test func scaleSimTableIsPresentAndLargeEnough() {
    let cases = ScaleSimCase.load()
    #expect(cases.count >= 30)
    for flow in [Dataflow.weightStationary, .outputStationary, .inputStationary] {
        #expect(cases.filter { $0.dataflow == flow }.count >= 10)
    }
}
