import CodesignCore
import CostModels
import Testing

/// Hand-worked reuse analysis on tiny layers, small enough to count every access on paper.
struct AccessModelTests {
    /// One PE with a 64-byte register file holding everything, then DRAM.
    static func onePE(cols: Int = 1, rf: Int = 64) -> Accelerator {
        Accelerator(
            name: "one-pe", technology: Technology(nodeNm: 45, clockMHz: 100),
            peArray: PEArray(rows: 1, cols: cols, macsPerPE: 1, precisionBits: 8),
            array: .broadcast, dataflow: .any,
            memory: [
                MemoryLevel(name: "RF", scope: .perPE, sizeBytes: rf),
                MemoryLevel(name: "GLB", sizeBytes: 4096),
                MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerSecond: 12.8e9),
            ])
    }

    static let allDims: [LoopDimension] = [.G, .N, .K, .C, .P, .Q, .R, .S]

    func model(_ accelerator: Accelerator) throws -> LayerCostModel {
        LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    }

    /// K=2, C=2, P=4 (1-D, 1x1 kernel). RF loops P4; GLB nothing; DRAM loops K2 (outer), C2 (inner).
    @Test func weightStationaryInRegisterFile() throws {
        let layer = Layer(name: "t", op: .conv, bounds: DimensionVector(k: 2, c: 2, p: 4))
        let mapping = Mapping(
            temporal: [DimensionVector(p: 4), .ones, DimensionVector(k: 2, c: 2)],
            loopOrder: Array(repeating: Self.allDims, count: 3))   // innermost: S, R, Q, P, C, K, …
        let m = try model(Self.onePE())
        #expect(m.violations(of: mapping, for: layer).isEmpty)
        let a = m.cost(of: layer, mapping: mapping).accesses
        // Weights: stationary across the inner P loop: the MAC reads each of the 4 weights once.
        #expect(a[0, .weights].reads == 4)
        #expect(a[0, .weights].writes == 4)
        #expect(a[2, .weights].reads == 4)
        // Inputs: every MAC reads one (16); the RF tile is 4 inputs, refilled for each (K, C) = 4 times.
        #expect(a[0, .inputs].reads == 16)
        #expect(a[2, .inputs].reads == 16)
        // Outputs: 16 updates in the RF, 8 of them read back a partial sum (C = 2).
        // The RF tile (4 outputs) leaves once per K, after the C loop (irrelevant, innermost): 8 writes to DRAM.
        #expect(a[0, .outputs].writes == 16)
        #expect(a[0, .outputs].reads == 8 + 8)
        #expect(a[2, .outputs].writes == 8)
        #expect(a[2, .outputs].reads == 0)
        #expect(m.computeCycles(layer: layer, mapping: mapping) == 16)
    }

    /// Same layer, two PEs in a row each taking one K: inputs are multicast (read once from
    /// the GLB, written into both PEs), weights are unicast.
    @Test func multicastAcrossColumns() throws {
        let layer = Layer(name: "t", op: .conv, bounds: DimensionVector(k: 2, c: 2, p: 4))
        let mapping = Mapping(
            temporal: [DimensionVector(p: 4), DimensionVector(c: 2), .ones],
            loopOrder: Array(repeating: Self.allDims, count: 3),
            spatialCols: DimensionVector(k: 2))
        let m = try model(Self.onePE(cols: 2))
        #expect(m.violations(of: mapping, for: layer).isEmpty)
        let cost = m.cost(of: layer, mapping: mapping)
        let a = cost.accesses
        // Each PE's RF tile: 4 inputs (C1, P4); refreshed per C (2): union over PEs is the
        // same 4 inputs, so the GLB reads 8 while each PE gets 8 (16 network writes).
        #expect(a[1, .inputs].reads == 8)
        #expect(a[0, .inputs].writes == 16)
        // Weights differ per PE: GLB reads 2 (C) x 2 (K across PEs) = 4.
        #expect(a[1, .weights].reads == 4)
        // Outputs: each PE accumulates its 4 outputs over C in the RF: 8 leave to the GLB,
        // with no partial sums read back; the GLB then reads them once to drain to DRAM.
        #expect(a[1, .outputs].writes == 8)
        #expect(a[1, .outputs].reads == 8)
        // DRAM: everything exactly once (GLB holds the whole layer).
        #expect(a[2, .inputs].reads == 8)
        #expect(a[2, .weights].reads == 4)
        #expect(a[2, .outputs].writes == 8)
        #expect(cost.computeCycles == 8 + 1)   // 8 iterations + 1 column of fill/drain
        #expect(abs(cost.utilization - 16.0 / (9.0 * 2)) < 1e-12)
    }

    /// A 3x3 window with stride 2: the RF tile of P=2, R=3 needs (2-1)*2 + 3 = 5 input rows.
    @Test func slidingWindowHalo() throws {
        let layer = Layer(name: "t", op: .conv, bounds: DimensionVector(p: 2, r: 3), strideH: 2, strideW: 2)
        let mapping = Mapping(
            temporal: [DimensionVector(p: 2, r: 3), .ones, .ones],
            loopOrder: Array(repeating: Self.allDims, count: 3))
        let m = try model(Self.onePE())
        let a = m.cost(of: layer, mapping: mapping).accesses
        #expect(a[2, .inputs].reads == 5)
        #expect(m.tileBytes(layer: layer, mapping: mapping, level: 0) == 3 + 5 + 2)
    }

    @Test func overCapacityAndOverArrayAreViolations() throws {
        let layer = Layer(name: "t", op: .conv, bounds: DimensionVector(k: 64, c: 64))
        let m = try model(Self.onePE(cols: 2, rf: 16))
        let mapping = Mapping(
            temporal: [DimensionVector(k: 8, c: 8), .ones, DimensionVector(k: 2, c: 8)],
            loopOrder: Array(repeating: Self.allDims, count: 3),
            spatialCols: DimensionVector(k: 4))
        let problems = m.violations(of: mapping, for: layer)
        #expect(problems.contains(.spatialOverArray(axis: .cols, used: 4, available: 2)))
        #expect(problems.contains { if case .tileOverCapacity(level: "RF", _, _) = $0 { true } else { false } })
    }
}

/// A 64-bit word read for every 8-bit element the MAC needs costs the whole word;
/// tile transfers between levels pack elements into words and cost only their bits.
@Test func wideWordsCostPaddingOnlyForElementAccesses() throws {
    var narrow = AccessModelTests.onePE()
    var wide = narrow
    wide.memory[0].wordBits = 64
    narrow.memory[0].wordBits = 8
    let layer = Layer(name: "t", op: .conv, bounds: DimensionVector(k: 2, c: 2, p: 4))
    let mapping = Mapping(temporal: [DimensionVector(p: 4), .ones, DimensionVector(k: 2, c: 2)],
                          loopOrder: Array(repeating: AccessModelTests.allDims, count: 3))
    let narrowCost = LayerCostModel(accelerator: narrow, energy: try EnergyModel(accelerator: narrow)).cost(of: layer, mapping: mapping)
    let wideModel = LayerCostModel(accelerator: wide, energy: try EnergyModel(accelerator: wide))
    let wideCost = wideModel.cost(of: layer, mapping: mapping)
    // MAC-side element accesses at the RF (hand count in weightStationaryInRegisterFile):
    // weights 4 reads, inputs 16 reads, outputs 16 writes + 8 read-backs = 44, 56 extra bits each.
    #expect(wideCost.accesses.wordPaddingBits[0].total == 44 * 56)
    #expect(narrowCost.accesses.wordPaddingBits[0].total == 0)
    let perBit = wideModel.energy.accessEnergyPJPerBit(level: 0)
    let extra = (wideCost.levelEnergyJ[0] - narrowCost.levelEnergyJ[0]) * 1e12
    #expect(abs(extra - 44 * 56 * perBit) <= 1e-9 * extra)
}

/// Pruned weights move as (value, index) pairs of the kept fraction when that is smaller
/// than the dense tensor: the 4 weights of weightStationaryInRegisterFile, 8-bit, with an
/// 8-bit index. At 25 % kept: 0.25 × 16 = 4 bits per weight, half the dense 4 bytes from
/// DRAM; at 75 % kept the sparse form (12 bits) is larger, so they stay dense. Inputs,
/// outputs and MACs do not change.
@Test(arguments: [(0.25, 2.0), (0.75, 4.0), (1.0, 4.0)])
func prunedWeightsShrinkTrafficOnlyWhenTheSparseFormIsSmaller(density: Double, weightBytes: Double) throws {
    let accelerator = AccessModelTests.onePE()
    let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    var layer = Layer(name: "t", op: .conv, bounds: DimensionVector(k: 2, c: 2, p: 4))
    let mapping = Mapping(temporal: [DimensionVector(p: 4), .ones, DimensionVector(k: 2, c: 2)],
                          loopOrder: Array(repeating: AccessModelTests.allDims, count: 3))
    let dense = model.cost(of: layer, mapping: mapping)
    layer.weightDensity = density
    layer.sparseIndexBits = 8
    let pruned = model.cost(of: layer, mapping: mapping)
    let weights = Operand.weights.position
    #expect(pruned.offChipBytesByOperand[weights] == weightBytes)
    #expect(dense.offChipBytesByOperand[weights] == 4)
    #expect(pruned.offChipBytes - pruned.offChipBytesByOperand[weights]
            == dense.offChipBytes - dense.offChipBytesByOperand[weights])
    #expect(pruned.macs == dense.macs)
}

/// Network.pruned uses Deep Compression's index widths: 8 bits in convolutions, 5 in fc.
@Test func pruningIndexWidthsFollowDeepCompression() throws {
    let network = try Network(name: "n", layers: [
        Layer(name: "c", op: .conv, bounds: DimensionVector(k: 4, c: 3, p: 2, q: 2, r: 3, s: 3)),
        Layer(name: "f", op: .fc, bounds: DimensionVector(k: 10, c: 16)),
    ])
    let pruned = try network.pruned(fraction: 0.9)
    #expect(pruned.layers.map(\.sparseIndexBits) == [8, 5])
    #expect(pruned.layers.allSatisfy { abs($0.weightDensity - 0.1) < 1e-12 })
    // fc: 0.1 × (8 + 5) = 1.3 bits per weight.
    #expect(abs(pruned.layers[1].storageBits(of: .weights) - 1.3) < 1e-12)
    #expect(pruned.macs == network.macs)
}
