import CodesignCore
import CostModels
import Testing

/// `LayerCostModel.cost(_:removing:)` is the one latency model the whole-network schedule
/// uses (issue 9, item 2): hand-counted on a DRAM-bound fully connected layer.
@Test func removingTrafficRecombinesTheSameLatencyModel() throws {
    let accelerator = Accelerator(
        name: "fc", technology: Technology(nodeNm: 28, clockMHz: 500),
        peArray: PEArray(rows: 16, cols: 16, macsPerPE: 1, precisionBits: 8), array: .broadcast, dataflow: .any,
        memory: [
            MemoryLevel(name: "SRAM", sizeBytes: 1 << 20, bandwidthBytesPerCycle: 1024),
            MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerCycle: 8),
        ])
    let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    let layer = Layer(name: "fc", op: .fc, bounds: DimensionVector(k: 1000, c: 512))
    // K and C over the array, everything else in the SRAM: DRAM moves each operand once.
    let mapping = Mapping(temporal: [DimensionVector(k: 63, c: 32), .ones],
                          loopOrder: Array(repeating: [.G, .N, .K, .C, .P, .Q, .R, .S], count: 2),
                          spatialRows: DimensionVector(c: 16), spatialCols: DimensionVector(k: 16))
    #expect(model.violations(of: mapping, for: layer).isEmpty)
    let cost = model.cost(of: layer, mapping: mapping)
    let dram = cost.levels[1]
    // Weights 512,000 B, inputs 512 B, outputs 1,000 B, read or written once.
    #expect(dram.operandBytes == [512_000, 512, 1_000])
    #expect(cost.cycles == 513_512.0 / 8)
    #expect(cost.bottleneck == "DRAM")
    #expect(model.cost(cost, removing: [[0, 0, 0], [0, 0, 0]]) == cost)

    // Weights resident: the layer is bound by its 63 x 32 temporal iterations plus fill and drain.
    let resident = model.cost(cost, removing: [[0, 0, 0], [512_000, 0, 0]])
    #expect(resident.levels[1].operandBytes == [0, 512, 1_000])
    let computeCycles: Double = 63 * 32 + 30
    #expect(resident.cycles == computeCycles)
    #expect(resident.bottleneck == "compute")
    // The weights are DRAM reads.
    let energyPerByte = dram.readEnergyJPerByte
    let leakageSaved: Double = model.energy.leakagePowerW * (cost.latencyS - resident.latencyS)
    let expectedSaving: Double = 512_000 * energyPerByte + leakageSaved
    let saving: Double = cost.energyJ - resident.energyJ
    #expect(abs(saving - expectedSaving) <= 1e-12 * cost.energyJ)
    // Removal never goes below zero.
    #expect(model.cost(cost, removing: [[0, 0, 0], [1e9, 1e9, 1e9]]).levels[1].bytes == 0)
}
