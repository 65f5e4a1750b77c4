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

/// The whole evaluation path (design → mapper → cost model) reports SCALE-Sim's compute
/// cycles for systolic designs, within 5% (the acceptance bound; the model is exact here).
@Test(arguments: ScaleSimCase.load())
func systolicComputeCyclesMatchScaleSim(_ c: ScaleSimCase) throws {
    let accelerator = Accelerator(
        name: "systolic", technology: Technology(nodeNm: 28, clockMHz: 500),
        peArray: PEArray(rows: c.rows, cols: c.cols, macsPerPE: 1, precisionBits: 8),
        array: .systolic, dataflow: c.dataflow,
        memory: [
            MemoryLevel(name: "SRAM", sizeBytes: 8 << 20, bandwidthBytesPerCycle: 256),
            MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerSecond: 25.6e9),
        ])
    let layer = Layer(name: c.name, op: .conv, bounds: DimensionVector(k: c.k, c: c.c, p: c.p, q: c.q, r: c.r, s: c.s),
                      strideH: c.stride, strideW: c.stride)
    let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    let result = try SearchMapper(model: model).map(layer)
    let error = abs(result.cost.computeCycles - c.cycles) / c.cycles
    #expect(error <= 0.05, "ours \(result.cost.computeCycles) vs SCALE-Sim \(c.cycles)")
}

@Test func scaleSimTableIsPresentAndLargeEnough() {
    let cases = ScaleSimCase.load()
    #expect(cases.count >= 30)
    for flow in [Dataflow.weightStationary, .outputStationary, .inputStationary] {
        #expect(cases.filter { $0.dataflow == flow }.count >= 10)
    }
}
