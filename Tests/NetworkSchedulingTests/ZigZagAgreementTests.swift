import CodesignCore
import CostModels
import Foundation
import MappingSearch
import SpecIO
import Testing

/// Agreement with ZigZag 3.9.1 (Tests/Fixtures/zigzag) layer by layer, where both tools model
/// the same thing: the DRAM-bound layers' latency and DRAM bytes, the DRAM traffic and energy
/// of every operand, the MAC energy. Where they model different things (ZigZag loads a
/// layer's whole input before computing, its spatial mapping is fixed, our mapper chooses
/// one; see the fixture README, "Agreement with npu-codesign") nothing is asserted.
@Suite struct ZigZagAgreementTests {
    struct Case: Sendable, Hashable, CustomTestStringConvertible {
        var accelerator: String
        var layer: String
        var testDescription: String { "\(accelerator) \(layer)" }
    }

    /// Every CSV row; `fixtureHasEveryLayerOnBothAccelerators` fails if the CSV did not load.
    static let rows = (try? ZigZagFixture.rows.get()) ?? []
    static func cases(_ rows: [ZigZagFixture.Row]) -> [Case] { rows.map { Case(accelerator: $0.accelerator, layer: $0.layer) } }
    static let all = cases(rows)

    /// DRAM-bound in both tools, decided from the fixture alone: the layer's DRAM bytes over
    /// the 8 B/cycle port take longer than ZigZag's ideal temporal cycles, which include its
    /// spatial under-use (`ideal_cycle` alone would call conv1 DRAM-bound, though its C=3
    /// leaves ZigZag computing for 2.6x its DRAM time). Ours can only be faster to compute:
    /// our mapper may use the array better, never more than all of it (`ideal_cycles`).
    static let dramBound = rows.filter(\.isDRAMBound)

    /// The shortcut convolutions are DRAM-bound but left out of the latency comparison:
    /// ZigZag's latency is below the time its own 64-bit DRAM port needs for the layer's
    /// bytes (by 4.8-23 %; `excludedDownsamplesDifferForTheirReason` checks it): it counts
    /// stalls per transfer link, each operand's transfer alone fits in the compute time,
    /// although together they exceed what the one port carries. Their DRAM bytes agree
    /// exactly (`dramTrafficPerOperandAgrees`): a 1x1 stride-2 layer reads only every other
    /// input pixel, and both tools count the pixels touched (C x OY x OX).
    static let excludedFromLatency = ["layer2.0.downsample.0", "layer3.0.downsample.0", "layer4.0.downsample.0"]

    /// DRAM-bound layers, ZigZag latency against ours: 4 %. Both are set by the same bytes
    /// over the same 8 B/cycle port. ZigZag's latency lies between 2.4 % below that port time
    /// and 0.4 % above it (its stall term counts period count - 1 transfers per link;
    /// tpu_like layer4.0.conv1: 153,135 cycles for 156,864 cycles of traffic) and ours is up
    /// to 0.7 % above it (the padding halo of the input, below). A real break (the
    /// DRAM traffic no longer overlapping compute, a tile fetched twice, a wrong bandwidth)
    /// moves it by far more.
    static let dramBoundLatencyTolerance = 0.04
    /// DRAM-bound layers, total DRAM bytes: 1 %. Weights and outputs agree exactly (below);
    /// the inputs differ by the zero-padding halo, at most 0.68 % of these layers' bytes
    /// (layer4.x conv2: 41,472 against 25,088 input bytes of 2.41 MB).
    static let dramBoundBytesTolerance = 0.01
    /// Figures both tools compute from the same counts and the same constants: only float
    /// rounding differs.
    static let exact = 1e-12

    static func evaluated(_ c: Case) throws -> ZigZagFixture.Layer {
        try #require(try ZigZagFixture.layers.get().first { $0.zigzag.accelerator == c.accelerator && $0.zigzag.layer == c.layer })
    }

    static func relative(_ a: Double, _ b: Double) -> Double { ScheduleFixtures.relativeError(a, b) }

    /// 21 layers on each accelerator, all mapped by our engine; the same eight layers
    /// (the layer4 convolutions, the shortcuts and fc) are DRAM-bound on both.
    @Test func fixtureHasEveryLayerOnBothAccelerators() throws {
        #expect(Self.all.count == 42)
        #expect(try ZigZagFixture.layers.get().count == 42)
        let expected: Set<String> = ["layer2.0.downsample.0", "layer3.0.downsample.0", "layer4.0.conv1", "layer4.0.conv2",
                                     "layer4.0.downsample.0", "layer4.1.conv1", "layer4.1.conv2", "fc"]
        for (zigzag, _) in ZigZagFixture.accelerators {
            #expect(Set(Self.dramBound.filter { $0.accelerator == zigzag }.map(\.layer)) == expected, "\(zigzag)")
        }
    }

    @Test(arguments: cases(dramBound.filter { !excludedFromLatency.contains($0.layer) }))
    func dramBoundLayersTakeTheDRAMTimeInBothTools(_ c: Case) throws {
        let l = try Self.evaluated(c)
        #expect(l.ours.cost.bottleneck == "dram", "ours is bound by \(l.ours.cost.bottleneck)")
        #expect(Self.relative(l.ours.cost.cycles, l.zigzag.latencyCycles) <= Self.dramBoundLatencyTolerance,
                "cycles: ours \(l.ours.cost.cycles), ZigZag \(l.zigzag.latencyCycles)")
        #expect(Self.relative(l.ours.cost.offChipBytes, l.zigzag.dramBytes) <= Self.dramBoundBytesTolerance,
                "DRAM bytes: ours \(l.ours.cost.offChipBytes), ZigZag \(l.zigzag.dramBytes)")
    }

    /// The reason for leaving the shortcuts out of the latency comparison holds in the figures.
    @Test(arguments: cases(dramBound.filter { excludedFromLatency.contains($0.layer) }))
    func excludedDownsamplesDifferForTheirReason(_ c: Case) throws {
        let l = try Self.evaluated(c)
        #expect(l.zigzag.isDownsample)
        #expect(l.zigzag.latencyCycles < l.zigzag.dramCycles * (1 - Self.dramBoundLatencyTolerance),
                "ZigZag \(l.zigzag.latencyCycles) cycles for \(l.zigzag.dramCycles) cycles of DRAM traffic")
        #expect(Self.relative(l.ours.cost.offChipBytes, l.zigzag.dramBytes) <= Self.exact,
                "DRAM bytes: ours \(l.ours.cost.offChipBytes), ZigZag \(l.zigzag.dramBytes)")
    }

    /// Both tools read every weight from DRAM once and write every output once (each layer
    /// alone, every tensor fits on chip); no partial sum spills. Inputs are read once too:
    /// ZigZag counts the unpadded input (C x IY x IX), we the window with its zero padding
    /// (the workload format's input is the padded one); on the shortcuts both count the
    /// pixels a 1x1 stride-2 window touches.
    @Test(arguments: all)
    func dramTrafficPerOperandAgrees(_ c: Case) throws {
        let l = try Self.evaluated(c)
        let z = l.zigzag, dram = l.ourDRAM
        let (w, i, o) = (Operand.weights.position, Operand.inputs.position, Operand.outputs.position)
        #expect(Self.relative(dram.readBytes[w], z.dramReadBytes[w]) <= Self.exact, "weights read")
        #expect(Self.relative(dram.writeBytes[o], z.dramWriteBytes[o]) <= Self.exact, "outputs written")
        #expect(z.dramReadBytes[o] == 0 && dram.readBytes[o] == 0, "partial sums read back from DRAM")
        #expect(dram.writeBytes[w] == 0 && dram.writeBytes[i] == 0 && z.dramWriteBytes[w] == 0 && z.dramWriteBytes[i] == 0)
        if z.isDownsample {
            #expect(z.dramReadBytes[i] == Double(z.channels * z.outputRows * z.outputCols))
            #expect(Self.relative(dram.readBytes[i], z.dramReadBytes[i]) <= Self.exact, "inputs read")
        } else {
            #expect(z.dramReadBytes[i] == Double(z.channels * z.inputRows * z.inputCols))
            #expect(dram.readBytes[i] == z.paddedWindowInputs)
        }
    }

    /// Same MACs, same 0.04 pJ each (`mac_energy_pj`, ZigZag's `unit_energy`).
    @Test(arguments: all)
    func macEnergyAgrees(_ c: Case) throws {
        let l = try Self.evaluated(c)
        #expect(l.ours.cost.macs == l.zigzag.macs)
        #expect(Self.relative(l.ours.cost.macEnergyJ * 1e12, l.zigzag.macEnergyPJ) <= Self.exact,
                "ours \(l.ours.cost.macEnergyJ * 1e12) pJ, ZigZag \(l.zigzag.macEnergyPJ) pJ")
    }

    /// DRAM energy per operand: weights (reads) and outputs (writes) are the same bytes at the
    /// same 700 / 750 pJ per 64-bit access, so the same energy; inputs cost the same per byte
    /// (their bytes differ by the padding halo, `dramTrafficPerOperandAgrees`). ZigZag's
    /// 64-bit words equal bytes / 8 on every row, so its rounding to words adds nothing.
    @Test(arguments: all)
    func dramEnergyAgreesPerOperand(_ c: Case) throws {
        let l = try Self.evaluated(c)
        let z = l.zigzag, dram = l.ourDRAM
        for operand in [Operand.weights, .outputs] {
            let o = operand.position
            #expect(Self.relative(dram.energyJ(operand: o) * 1e12, z.dramEnergyByOperandPJ[o]) <= Self.exact,
                    "\(operand.rawValue): ours \(dram.energyJ(operand: o) * 1e12) pJ, ZigZag \(z.dramEnergyByOperandPJ[o]) pJ")
        }
        let i = Operand.inputs.position
        #expect(Self.relative(dram.energyJ(operand: i) * 1e12 / dram.readBytes[i],
                              z.dramEnergyByOperandPJ[i] / z.dramReadBytes[i]) <= Self.exact, "inputs, per byte")
        #expect(dram.paddingBytes == 0)
    }

    /// ZigZag's edge_tpu_like shares its registers: one rf_1B serves D3 x D4 (16 MACs, 64
    /// instances), one rf_2B D2 (8 MACs, 128 instances). Written with `shared_by_pes`, the cost
    /// model refuses every mapping whose spatial loops give a 1-byte weight register's group
    /// different weights (or a 2-byte register more than two partial sums), and the mappers,
    /// which lay out spatial loops without the groups, propose nothing else: no layer of the
    /// network gets a mapping. Kept as a known issue, so that it reports once they can.
    @Test func edgeTPULikeWithItsSharedRegistersIsMappable() throws {
        let file = ZigZagFixture.folder.appendingPathComponent(ZigZagFixture.accelerators[0].design).path
        var design = try SpecLoader.loadDesign(path: file).accelerator(at: 0)
        for (name, pes) in [("rf_1B", 16), ("rf_2B", 8)] {
            let level = try #require(design.memory.firstIndex { $0.name == name })
            design.memory[level].sharedByPEs = pes
        }
        let model = LayerCostModel(accelerator: design, energy: try EnergyModel(accelerator: design))
        let network = try SpecLoader.loadWorkload(path: ZigZagFixture.folder.appendingPathComponent("zigzag-resnet18-workload.yaml").path)
            .network()
        let layer = try #require(network.layers.first { $0.name == "layer1.0.conv1" })
        withKnownIssue("the mappers propose spatial loops without the groups of shared per-PE levels") {
            _ = try ILPMapper(model: model, objective: .latency).map(layer)
        }
    }

    /// Writes the fixture README's tables: `ZIGZAG_AGREEMENT_TABLES=/tmp/tables.md swift test
    /// --filter writesTheAgreementTables`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ZIGZAG_AGREEMENT_TABLES"] != nil))
    func writesTheAgreementTables() throws {
        let path = try #require(ProcessInfo.processInfo.environment["ZIGZAG_AGREEMENT_TABLES"])
        try ZigZagFixture.agreementTables(try ZigZagFixture.layers.get()).write(toFile: path, atomically: true, encoding: .utf8)
    }
}
