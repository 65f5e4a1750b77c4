import TestSupport
import CodesignCore
import Foundation
@testable import CostModels
import Testing


/// A one-level accelerator for technology tests: `rows x cols` PEs at `nodeNm`, then `memory`.
func technologyTestAccelerator(nodeNm: Double, precisionBits: Int = 8, rows: Int = 4, cols: Int = 4,
                               macEnergyPJ: Double? = nil,
                               memory: [MemoryLevel] = [MemoryLevel(name: "GLB", sizeBytes: 32 * 1024)]) -> Accelerator {
    Accelerator(name: "test", technology: Technology(nodeNm: nodeNm, clockMHz: 200),
                peArray: PEArray(rows: rows, cols: cols, macsPerPE: 1, precisionBits: precisionBits,
                                 macEnergyPJ: macEnergyPJ),
                array: .broadcast, dataflow: .rowStationary, memory: memory)
}

struct MACEnergyCase: Sendable, CustomTestStringConvertible {
    var nodeNm: Double
    var weightBits: Int
    var activationBits: Int
    var arithmetic: MACArithmetic = .integer
    var expectedPJ: Double
    var relativeTolerance: Double
    var why: String
    var testDescription: String { why }
}

struct SRAMEnergyCase: Sendable, CustomTestStringConvertible {
    var nodeNm: Double
    var bytes: Int
    var expectedPJPer64BitRead: Double
    var relativeTolerance: Double
    var why: String
    var testDescription: String { why }
}

@Suite("Technology: energy model")
struct TechnologyTests {

    static let macCases: [MACEnergyCase] = [
        MACEnergyCase(nodeNm: 45, weightBits: 8, activationBits: 8, expectedPJ: 0.23, relativeTolerance: 1e-9,
                      why: "int8 at 45 nm = 0.2 mult + 0.03 add (Horowitz)"),
        MACEnergyCase(nodeNm: 28, weightBits: 8, activationBits: 8, expectedPJ: 0.118, relativeTolerance: 0.01,
                      why: "int8 at 28 nm = table's scaled row 0.118 pJ"),
        MACEnergyCase(nodeNm: 16, weightBits: 8, activationBits: 8, expectedPJ: 0.0399, relativeTolerance: 0.01,
                      why: "int8 at 16 nm = table's scaled row 0.0399 pJ"),
        MACEnergyCase(nodeNm: 7, weightBits: 8, activationBits: 8, expectedPJ: 0.0217, relativeTolerance: 0.01,
                      why: "int8 at 7 nm = table's scaled row 0.0217 pJ"),
        // 16-bit multiplier on the 8/32-bit power law: 0.2 (16/8)^(ln 15.5 / ln 4) = 0.2 sqrt(15.5).
        MACEnergyCase(nodeNm: 45, weightBits: 16, activationBits: 16, expectedPJ: 0.2 * 15.5.squareRoot() + 0.05,
                      relativeTolerance: 1e-9, why: "int16 at 45 nm = 0.2 sqrt(15.5) + 0.05"),
        // 4-bit: multiplier 0.2 / sqrt(15.5); adder on the 8-16 bit slope: 0.03 x (0.03/0.05) = 0.018.
        MACEnergyCase(nodeNm: 45, weightBits: 4, activationBits: 4, expectedPJ: 0.2 / 15.5.squareRoot() + 0.018,
                      relativeTolerance: 1e-9, why: "int4 at 45 nm = 0.2/sqrt(15.5) + 0.018"),
        // 8 x 16: geometric-mean width sqrt(128) → 0.2 x 15.5^(1/4); adder at 16 bits.
        MACEnergyCase(nodeNm: 45, weightBits: 8, activationBits: 16, expectedPJ: 0.2 * pow(15.5, 0.25) + 0.05,
                      relativeTolerance: 1e-9, why: "int8 x int16 at 45 nm = 0.2 x 15.5^(1/4) + 0.05"),
        MACEnergyCase(nodeNm: 45, weightBits: 16, activationBits: 16, arithmetic: .floatingPoint, expectedPJ: 1.5,
                      relativeTolerance: 1e-9, why: "fp16 at 45 nm = 1.1 mult + 0.4 add"),
        MACEnergyCase(nodeNm: 28, weightBits: 16, activationBits: 16, arithmetic: .floatingPoint, expectedPJ: 0.7699,
                      relativeTolerance: 0.01, why: "fp16 at 28 nm = table's scaled row 0.7699 pJ"),
        // 36 nm lies between the 40 nm (0.869) and 32 nm (0.6593) rows: log-log interpolation.
        MACEnergyCase(nodeNm: 36, weightBits: 8, activationBits: 8, expectedPJ: 0.23 * 0.762763, relativeTolerance: 1e-5,
                      why: "int8 at 36 nm = 0.23 x 0.6593 (36/32)^(ln(0.869/0.6593)/ln(40/32))"),
    ]

    @Test("MAC energy per node and width", arguments: macCases)
    func macEnergy(_ c: MACEnergyCase) throws {
        let model = try EnergyModel(accelerator: technologyTestAccelerator(nodeNm: c.nodeNm))
        let actual = model.macEnergyPJ(weightBits: c.weightBits, activationBits: c.activationBits, arithmetic: c.arithmetic)
        #expect(isClose(actual, c.expectedPJ, relative: c.relativeTolerance), "\(actual) pJ vs \(c.expectedPJ) pJ")
    }

    static let sramCases: [SRAMEnergyCase] = [
        SRAMEnergyCase(nodeNm: 45, bytes: 8 * 1024, expectedPJPer64BitRead: 10, relativeTolerance: 1e-9,
                       why: "8 KB 64-bit read at 45 nm = 10 pJ (Horowitz)"),
        SRAMEnergyCase(nodeNm: 45, bytes: 32 * 1024, expectedPJPer64BitRead: 20, relativeTolerance: 1e-9,
                       why: "32 KB 64-bit read at 45 nm = 20 pJ (Horowitz)"),
        SRAMEnergyCase(nodeNm: 45, bytes: 1024 * 1024, expectedPJPer64BitRead: 100, relativeTolerance: 1e-9,
                       why: "1 MB 64-bit read at 45 nm = 100 pJ (Horowitz)"),
        SRAMEnergyCase(nodeNm: 45, bytes: 512, expectedPJPer64BitRead: 0.0332 * 64, relativeTolerance: 1e-9,
                       why: "512 B at 45 nm = CACTI 0.0332 pJ/bit"),
        SRAMEnergyCase(nodeNm: 45, bytes: 16 * 1024, expectedPJPer64BitRead: 200.0.squareRoot(), relativeTolerance: 1e-9,
                       why: "16 KB, log-midpoint of 8 KB and 32 KB = sqrt(10 x 20) pJ"),
        SRAMEnergyCase(nodeNm: 45, bytes: 64, expectedPJPer64BitRead: 0.0332 * 64, relativeTolerance: 1e-9,
                       why: "below 512 B the 512 B value is held"),
        SRAMEnergyCase(nodeNm: 28, bytes: 32 * 1024, expectedPJPer64BitRead: 10.2649, relativeTolerance: 0.01,
                       why: "32 KB at 28 nm = table's scaled row 10.2649 pJ"),
        SRAMEnergyCase(nodeNm: 7, bytes: 32 * 1024, expectedPJPer64BitRead: 1.8862, relativeTolerance: 0.01,
                       why: "32 KB at 7 nm = table's scaled row 1.8862 pJ"),
    ]

    @Test("SRAM access energy by size and node", arguments: sramCases)
    func sramEnergy(_ c: SRAMEnergyCase) throws {
        let accelerator = technologyTestAccelerator(nodeNm: c.nodeNm, memory: [MemoryLevel(name: "B", sizeBytes: c.bytes)])
        let model = try EnergyModel(accelerator: accelerator)
        let actual = model.accessEnergyPJPerBit(level: 0) * 64
        #expect(isClose(actual, c.expectedPJPer64BitRead, relative: c.relativeTolerance),
                "\(actual) pJ vs \(c.expectedPJPer64BitRead) pJ")
    }

    @Test("A bigger SRAM costs more energy per bit")
    func sramEnergyGrowsWithSize() throws {
        let sizes = [512, 1024, 4096, 8192, 32 * 1024, 108 * 1024, 1024 * 1024, 4 * 1024 * 1024]
        let accelerator = technologyTestAccelerator(nodeNm: 28, memory: sizes.map { MemoryLevel(name: "B\($0)", sizeBytes: $0) })
        let model = try EnergyModel(accelerator: accelerator)
        let energies = sizes.indices.map { model.accessEnergyPJPerBit(level: $0) }
        for i in 1..<energies.count {
            #expect(energies[i] > energies[i - 1], "\(sizes[i]) B: \(energies[i]) <= \(sizes[i - 1]) B: \(energies[i - 1])")
        }
    }

    @Test("A smaller node is cheaper per MAC, per SRAM bit and per vector op")
    func energyFallsWithNode() throws {
        let nodes: [Double] = [130, 90, 65, 45, 40, 32, 28, 22, 20, 16, 14, 12, 10, 7, 5, 3]
        let models = try nodes.map { (node: Double) throws(TechnologyError) -> EnergyModel in
            try EnergyModel(accelerator: technologyTestAccelerator(nodeNm: node))
        }
        for i in 1..<models.count {
            #expect(models[i].macEnergyPJ(weightBits: 8, activationBits: 8)
                    < models[i - 1].macEnergyPJ(weightBits: 8, activationBits: 8), "node \(nodes[i])")
            #expect(models[i].accessEnergyPJPerBit(level: 0) < models[i - 1].accessEnergyPJPerBit(level: 0), "node \(nodes[i])")
            #expect(models[i].vectorOpEnergyPJ(bits: 8) < models[i - 1].vectorOpEnergyPJ(bits: 8), "node \(nodes[i])")
        }
    }

    @Test("Wider MACs cost more", arguments: [45.0, 7.0])
    func macEnergyGrowsWithWidth(nodeNm: Double) throws {
        let model = try EnergyModel(accelerator: technologyTestAccelerator(nodeNm: nodeNm))
        let widths = [2, 4, 8, 16, 32]
        for i in 1..<widths.count {
            #expect(model.macEnergyPJ(weightBits: widths[i], activationBits: widths[i])
                    > model.macEnergyPJ(weightBits: widths[i - 1], activationBits: widths[i - 1]))
        }
    }

    static let dramCases: [(String, Double)] = [
        ("LPDDR4", 14.0), ("lpddr4-3200", 14.0), ("DDR3", 9.0), ("DDR4", 4.5),
        ("HBM", 7.0), ("HBM2", 3.9), ("GDDR6", 15.0), ("GDDR6X", 14.0), ("GDDR7", 8.0),
    ]

    @Test("DRAM energy by type, from the table, not node-scaled",
          arguments: dramCases)
    func dramEnergy(type: String, expectedPJPerBit: Double) throws {
        for node in [65.0, 7.0] {
            let accelerator = technologyTestAccelerator(nodeNm: node, memory: [
                MemoryLevel(name: "GLB", sizeBytes: 64 * 1024),
                MemoryLevel(name: "DRAM", technology: .dram(type: type), sizeBytes: nil),
            ])
            let model = try EnergyModel(accelerator: accelerator)
            #expect(isClose(model.accessEnergyPJPerBit(level: 1), expectedPJPerBit, relative: 1e-9))
        }
    }

    @Test("A level's energy_pj_per_bit override wins over the model")
    func overrideWins() throws {
        let accelerator = technologyTestAccelerator(nodeNm: 28, memory: [
            MemoryLevel(name: "GLB", sizeBytes: 64 * 1024, energyPJPerBit: 0.5),
            MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR5"), sizeBytes: nil, energyPJPerBit: 5),
            MemoryLevel(name: "HOST", technology: .hostLink(type: "USB3"), sizeBytes: nil, energyPJPerBit: 50),
        ])
        let model = try EnergyModel(accelerator: accelerator)
        #expect(model.accessEnergyPJPerBit(level: 0) == 0.5)
        #expect(model.accessEnergyPJPerBit(level: 1) == 5)
        #expect(model.accessEnergyPJPerBit(level: 2) == 50)
    }

    @Test("NoC delivery per bit = 2 x 16-bit MAC / 16 (Eyeriss), node-scaled")
    func nocEnergy() throws {
        let model = try EnergyModel(accelerator: technologyTestAccelerator(nodeNm: 65, precisionBits: 16))
        // 2 x (0.2 sqrt(15.5) + 0.05) pJ x 1.2407 (65 nm) / 16 bits
        #expect(isClose(model.nocEnergyPJPerBit(), 2 * (0.2 * 15.5.squareRoot() + 0.05) * 1.2407 / 16, relative: 1e-9))
        #expect(isClose(model.nocEnergyPJPerBit() * 16 / model.macEnergyPJ(weightBits: 16, activationBits: 16), 2,
                        relative: 1e-12))
    }

    static let vectorCases: [(Double, Int, Double)] = [
        (45.0, 16, 0.05), (45.0, 32, 0.1), (28.0, 8, 0.03 * 0.5132), (65.0, 8, 0.03 * 1.2407),
    ]

    @Test("Vector op = Horowitz adder, node-scaled", arguments: vectorCases)
    func vectorOpEnergy(nodeNm: Double, bits: Int, expectedPJ: Double) throws {
        let model = try EnergyModel(accelerator: technologyTestAccelerator(nodeNm: nodeNm))
        #expect(isClose(model.vectorOpEnergyPJ(bits: bits), expectedPJ, relative: 1e-9))
    }

    @Test("Leakage = density x die area; default density from Aladdin 40 nm")
    func leakage() throws {
        // (2.25e-3 + 7.79e-2) mW / (278 + 6350) um^2
        #expect(isClose(EnergyModel.defaultLeakageMWPerMM2, 12.0926, relative: 1e-4))
        let accelerator = technologyTestAccelerator(nodeNm: 28)
        let defaultModel = try EnergyModel(accelerator: accelerator)
        let area = try AreaModel.area(of: accelerator).totalMM2
        #expect(isClose(defaultModel.leakagePowerW, EnergyModel.defaultLeakageMWPerMM2 * area / 1000, relative: 1e-12))
        let lowPower = try EnergyModel(accelerator: accelerator, leakageMWPerMM2: 1.5)
        #expect(isClose(lowPower.leakagePowerW, 1.5 * area / 1000, relative: 1e-12))
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var accelerator: Accelerator
        var leakageMWPerMM2: Double? = nil
        var messageContains: [String]
        var testDescription: String { messageContains.joined(separator: " | ") }
    }

    static let badInputs: [BadInput] = [
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 1),
                 messageContains: ["technology node 1 nm is outside the range", "3–130 nm"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 180),
                 messageContains: ["technology node 180 nm is outside the range"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: .nan), messageContains: ["is outside the range"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 28, memory: [
            MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR5"), sizeBytes: nil)]),
                 messageContains: ["memory level 'DRAM'", "DRAM type 'LPDDR5' has no cited energy per bit",
                                   "give energy_pj_per_bit"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 28, memory: [
            MemoryLevel(name: "HOST", technology: .hostLink(type: "PCIe"), sizeBytes: nil)]),
                 messageContains: ["memory level 'HOST'", "host link 'PCIe' has no cited energy per bit"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 28, memory: [
            MemoryLevel(name: "GLB", sizeBytes: 1024, readEnergyPJPerBit: -1, writeEnergyPJPerBit: 0.1)]),
                 messageContains: ["memory level 'GLB': read_energy_pj_per_bit must be a non-negative number, got -1"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 28, memory: [
            MemoryLevel(name: "GLB", sizeBytes: 1024, readEnergyPJPerBit: 0.1, writeEnergyPJPerBit: .nan)]),
                 messageContains: ["memory level 'GLB': write_energy_pj_per_bit must be a non-negative number, got nan"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 28, macEnergyPJ: -0.04),
                 messageContains: ["mac_energy_pj must be a non-negative number, got -0.04"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 28, memory: [MemoryLevel(name: "GLB", sizeBytes: nil)]),
                 messageContains: ["memory level 'GLB': an on-chip SRAM needs a positive size, got none"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 28, memory: [MemoryLevel(name: "GLB", sizeBytes: -4)]),
                 messageContains: ["memory level 'GLB': an on-chip SRAM needs a positive size, got -4 bytes"]),
        BadInput(accelerator: technologyTestAccelerator(nodeNm: 28), leakageMWPerMM2: -2,
                 messageContains: ["leakage_mw_per_mm2 must be a non-negative number"]),
    ]

    @Test("Bad inputs throw TechnologyError with a clear message", arguments: badInputs)
    func badInput(_ c: BadInput) {
        #expect {
            _ = try EnergyModel(accelerator: c.accelerator, leakageMWPerMM2: c.leakageMWPerMM2)
        } throws: { error in
            guard let error = error as? TechnologyError else { return false }
            return c.messageContains.allSatisfy { error.message.contains($0) }
        }
    }

    @Test("Memory type names are normalised",
          arguments: [("lpddr4", "LPDDR4"), ("LPDDR4-3200", "LPDDR4"), ("ddr_4", "DDR4"), ("GDDR6X", "GDDR6X"),
                      ("HBM2", "HBM2"), ("LPDDR4-", "LPDDR4")])
    func normalisation(raw: String, normalised: String) {
        #expect(TechnologyTable.normalizedMemoryType(raw) == normalised)
    }
}
