import CodesignCore
import CostModels
import Testing

/// The design's own figures where it has them: read and write energies per level, a MAC
/// energy, and per-PE levels shared by groups of PEs (ZigZag's r_cost / w_cost, unit_energy
/// and served dimensions). Every expectation is counted by hand.
struct DesignEnergyAndSharingTests {
    static let allDims: [LoopDimension] = [.G, .N, .K, .C, .P, .Q, .R, .S]

    /// One PE with a 64-byte register file holding everything, then DRAM; K=2, C=2, P=4 with
    /// P in the register file and K, C (K outermost) at DRAM. Per element (8 bits each):
    /// RF reads: weights 4 (stationary across P), inputs 16, outputs 16 (8 partial sums read
    /// back, 8 sent to DRAM); RF writes: weights 4, inputs 16 (fills), outputs 16 (updates).
    /// DRAM reads: weights 4, inputs 16; DRAM writes: outputs 8.
    static func onePE(rf: (read: Double, write: Double), dram: (read: Double, write: Double),
                      macEnergyPJ: Double? = nil) -> Accelerator {
        Accelerator(
            name: "one-pe", technology: Technology(nodeNm: 45, clockMHz: 100),
            peArray: PEArray(rows: 1, cols: 1, macsPerPE: 1, precisionBits: 8, macEnergyPJ: macEnergyPJ),
            array: .broadcast, dataflow: .any,
            memory: [
                MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 64, readEnergyPJPerBit: rf.read, writeEnergyPJPerBit: rf.write),
                MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil,
                            readEnergyPJPerBit: dram.read, writeEnergyPJPerBit: dram.write),
            ], leakageMWPerMM2: 0)
    }

    static let layer = Layer(name: "t", op: .conv, bounds: DimensionVector(k: 2, c: 2, p: 4))
    static let mapping = Mapping(temporal: [DimensionVector(p: 4), DimensionVector(k: 2, c: 2)],
                                 loopOrder: Array(repeating: allDims, count: 2))

    struct EnergyCase: Sendable, CustomTestStringConvertible {
        var name: String
        var rf: (read: Double, write: Double)
        var dram: (read: Double, write: Double)
        /// reads x 8 bits x read energy + writes x 8 bits x write energy, by hand.
        var rfPJ: Double
        var dramPJ: Double
        var testDescription: String { name }
    }

    static let energyCases: [EnergyCase] = [
        // RF: 36 reads and 36 writes: 8 x (36 x 0.5 + 36 x 2) = 720. DRAM: 20 reads, 8 writes:
        // 8 x (20 x 10 + 8 x 20) = 2880.
        EnergyCase(name: "writes dearer than reads", rf: (0.5, 2), dram: (10, 20), rfPJ: 720, dramPJ: 2880),
        // ZigZag's DRAM (700 / 750 pJ per 64-bit access): 8 x (20 x 10.9375 + 8 x 11.71875) = 2500.
        EnergyCase(name: "ZigZag's DRAM costs", rf: (0.00125, 0.00125), dram: (10.9375, 11.71875),
                   rfPJ: 8 * 72 * 0.00125, dramPJ: 2500),
        // One energy for both directions: 8 x 72 x 1 and 8 x 28 x 5.
        EnergyCase(name: "reads and writes alike", rf: (1, 1), dram: (5, 5), rfPJ: 576, dramPJ: 1120),
    ]

    @Test(arguments: energyCases)
    func levelEnergyChargesReadsAndWritesTheirOwnEnergy(_ c: EnergyCase) throws {
        let accelerator = Self.onePE(rf: c.rf, dram: c.dram)
        let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
        #expect(model.violations(of: Self.mapping, for: Self.layer).isEmpty)
        let cost = model.cost(of: Self.layer, mapping: Self.mapping)
        // The counts the hand computation starts from.
        let a = cost.accesses
        #expect([a[0, .weights].reads, a[0, .inputs].reads, a[0, .outputs].reads] == [4, 16, 16])
        #expect([a[0, .weights].writes, a[0, .inputs].writes, a[0, .outputs].writes] == [4, 16, 16])
        #expect([a[1, .weights].reads, a[1, .inputs].reads, a[1, .outputs].writes] == [4, 16, 8])
        #expect(abs(cost.levelEnergyJ[0] * 1e12 - c.rfPJ) <= 1e-12 * c.rfPJ)
        #expect(abs(cost.levelEnergyJ[1] * 1e12 - c.dramPJ) <= 1e-12 * c.dramPJ)
        // Per operand at DRAM: the 8 output writes, 8 x 8 bits x the write energy.
        #expect(abs(cost.levels[1].energyJ(operand: Operand.outputs.position) * 1e12 - 64 * c.dram.write) <= 1e-12 * c.dramPJ)
    }

    /// Removing traffic (what the network schedule does) takes reads and writes out at their
    /// own energies: without its 8 output writes, DRAM costs 8 x 20 x read energy.
    @Test func removedTrafficLeavesTheRightDirection() throws {
        let accelerator = Self.onePE(rf: (0.5, 2), dram: (10, 20))
        let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
        let cost = model.cost(of: Self.layer, mapping: Self.mapping)
        let reduced = model.cost(cost, removing: [[0, 0, 0], [0, 0, 8]])
        #expect(reduced.levels[1].writeBytes == [0, 0, 0])
        #expect(reduced.levels[1].readBytes == [4, 16, 0])
        #expect(abs(reduced.levelEnergyJ[1] * 1e12 - 8 * 20 * 10) <= 1e-9)
        // Half the RF's exchanges with DRAM for outputs (8 bytes sent up) go; its 16 writes stay.
        let halfEdge = model.cost(cost, removing: [[0, 0, 4], [0, 0, 0]])
        #expect(halfEdge.levels[0].readBytes[Operand.outputs.position] == 12)
        #expect(halfEdge.levels[0].writeBytes[Operand.outputs.position] == 16)
        #expect(halfEdge.levels[0].parentEdgeBytes[Operand.outputs.position] == 4)
    }

    /// `mac_energy_pj` replaces the technology model for every MAC: 16 MACs x 0.04 pJ. The
    /// NoC stays normalised to the technology's MAC (Eyeriss), so it does not move.
    @Test func macEnergyOverrideIsChargedPerMAC() throws {
        let plain = Self.onePE(rf: (1, 1), dram: (5, 5))
        let fixed = Self.onePE(rf: (1, 1), dram: (5, 5), macEnergyPJ: 0.04)
        let plainEnergy = try EnergyModel(accelerator: plain), fixedEnergy = try EnergyModel(accelerator: fixed)
        let plainCost = LayerCostModel(accelerator: plain, energy: plainEnergy).cost(of: Self.layer, mapping: Self.mapping)
        let fixedCost = LayerCostModel(accelerator: fixed, energy: fixedEnergy).cost(of: Self.layer, mapping: Self.mapping)
        #expect(abs(fixedCost.macEnergyJ - 16 * 0.04e-12) <= 1e-12 * 16 * 0.04e-12)
        #expect(fixedEnergy.macEnergyPJ(weightBits: 4, activationBits: 16) == 0.04)
        #expect(plainCost.macEnergyJ != fixedCost.macEnergyJ)
        #expect(fixedEnergy.nocEnergyPJPerBit() == plainEnergy.nocEnergyPJPerBit())
    }

    // MARK: per-PE levels shared by groups of PEs

    /// 1 x `cols` PEs, each group of `sharedByPEs` sharing one weight register of `rfBytes`,
    /// then a global buffer and DRAM.
    static func weightRegisterArray(cols: Int = 4, sharedByPEs: Int, rfBytes: Int = 1) -> Accelerator {
        Accelerator(
            name: "shared-rf", technology: Technology(nodeNm: 45, clockMHz: 100),
            peArray: PEArray(rows: 1, cols: cols, macsPerPE: 1, precisionBits: 8), array: .broadcast, dataflow: .any,
            memory: [
                MemoryLevel(name: "WRF", scope: .perPE, sizeBytes: rfBytes, holds: [.weights],
                            bandwidthBytesPerCycle: 1, energyPJPerBit: 1, sharedByPEs: sharedByPEs),
                MemoryLevel(name: "GLB", sizeBytes: 4096, energyPJPerBit: 2),
                MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil),
            ], leakageMWPerMM2: 0)
    }

    struct SharingCase: Sendable, CustomTestStringConvertible {
        var sharedByPEs: Int
        /// Hand counts for K=2, P=4 (1x1), P over the 4 PEs, K in the global buffer: each PE
        /// needs one weight at a time, the same for all 4, and the weight changes once (K2).
        var registerReads: Double
        var registerWrites: Double
        var networkWeights: Double
        var testDescription: String { "shared by \(sharedByPEs)" }
    }

    static let sharingCases: [SharingCase] = [
        // Private: every PE reads its copy twice (8) and each copy is filled twice (8); the
        // GLB reads each weight once (2) and multicasts it into 4 registers (8 over the NoC).
        SharingCase(sharedByPEs: 1, registerReads: 8, registerWrites: 8, networkWeights: 8),
        // Pairs: two registers, each read twice (4) for its two PEs and filled twice (4).
        SharingCase(sharedByPEs: 2, registerReads: 4, registerWrites: 4, networkWeights: 4),
        // One register for all four PEs: read twice, filled twice.
        SharingCase(sharedByPEs: 4, registerReads: 2, registerWrites: 2, networkWeights: 2),
    ]

    @Test(arguments: sharingCases)
    func aSharedRegisterIsReadOnceForItsGroup(_ c: SharingCase) throws {
        let accelerator = Self.weightRegisterArray(sharedByPEs: c.sharedByPEs)
        let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
        let layer = Layer(name: "t", op: .pointwise, bounds: DimensionVector(k: 2, p: 4))
        let mapping = Mapping(temporal: [.ones, DimensionVector(k: 2), .ones],
                              loopOrder: Array(repeating: Self.allDims, count: 3), spatialCols: DimensionVector(p: 4))
        #expect(model.violations(of: mapping, for: layer).isEmpty)
        #expect(model.tileBytes(layer: layer, mapping: mapping, level: 0) == 1)
        let cost = model.cost(of: layer, mapping: mapping)
        #expect(cost.accesses[0, .weights].reads == c.registerReads)
        #expect(cost.accesses[0, .weights].writes == c.registerWrites)
        #expect(cost.accesses[1, .weights].reads == 2)
        #expect(cost.accesses.networkTransfers[Operand.weights.position] == c.networkWeights)
        // Bandwidth: 1 B/cycle in each of the 4 / sharedByPEs registers.
        #expect(cost.levels[0].cyclesPerByte == Double(c.sharedByPEs) / 4)
        // Energy: (reads + writes) x 8 bits x 1 pJ.
        #expect(abs(cost.levelEnergyJ[0] * 1e12 - (c.registerReads + c.registerWrites) * 8) <= 1e-9)
        // Area: one register per group.
        let area = try AreaModel.area(of: accelerator), privateArea = try AreaModel.area(of: Self.weightRegisterArray(sharedByPEs: 1))
        #expect(abs(area.perLevelMM2["WRF"]! * Double(c.sharedByPEs) - privateArea.perLevelMM2["WRF"]!) <= 1e-15)
    }

    /// When the PEs of a group need different weights (K over the array, nothing irrelevant
    /// to weights), the one instance of a 4-PE group holds all four: 4 bytes, over a 1-byte
    /// register; a 4-byte register takes them.
    @Test func aGroupNeedingDifferentDataHoldsTheirUnion() throws {
        let layer = Layer(name: "t", op: .pointwise, bounds: DimensionVector(k: 4, p: 2))
        let mapping = Mapping(temporal: [.ones, DimensionVector(p: 2), .ones],
                              loopOrder: Array(repeating: Self.allDims, count: 3), spatialCols: DimensionVector(k: 4))
        let small = Self.weightRegisterArray(sharedByPEs: 4)
        let smallModel = LayerCostModel(accelerator: small, energy: try EnergyModel(accelerator: small))
        #expect(smallModel.tileBytes(layer: layer, mapping: mapping, level: 0) == 4)
        #expect(smallModel.violations(of: mapping, for: layer) == [.tileOverCapacity(level: "WRF", bytes: 4, capacityBytes: 1)])
        let large = Self.weightRegisterArray(sharedByPEs: 4, rfBytes: 4)
        let model = LayerCostModel(accelerator: large, energy: try EnergyModel(accelerator: large))
        #expect(model.violations(of: mapping, for: layer).isEmpty)
        let cost = model.cost(of: layer, mapping: mapping)
        // The 4 weights are stationary across P (irrelevant, above): each MAC reads its own
        // weight once (4 reads of the one instance), the instance is filled once with 4.
        #expect(cost.accesses[0, .weights].reads == 4)
        #expect(cost.accesses[0, .weights].writes == 4)
    }

    /// 3 PEs in use (K3 over a 1 x 4 array) whose weights all differ need 3 registers; with one
    /// register per pair of PEs the array has 2, and a group of 3 would exceed a pair.
    @Test func moreGroupsThanInstancesIsAViolation() throws {
        let accelerator = Self.weightRegisterArray(sharedByPEs: 2, rfBytes: 4)
        let model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
        let layer = Layer(name: "t", op: .pointwise, bounds: DimensionVector(k: 3, p: 2))
        let mapping = Mapping(temporal: [.ones, DimensionVector(p: 2), .ones],
                              loopOrder: Array(repeating: Self.allDims, count: 3), spatialCols: DimensionVector(k: 3))
        #expect(model.violations(of: mapping, for: layer) == [.peGroupsOverInstances(level: "WRF", needed: 3, available: 2)])
    }
}
