import CodesignCore
import CostModels
import MappingSearch
import NetworkScheduling
import Testing

/// Whole tensors stay only in levels that hold them (issue 9, item 1), each within its own
/// capacity after the layers' own tiles; hand-counted on small explicit networks.
struct StorageLevelTests {
    /// 8 B/cycle DRAM port at 500 MHz: traffic times are hand-countable.
    static func design(_ name: String, array: ArrayKind = .broadcast, rows: Int = 16, cols: Int = 16,
                       shared: [MemoryLevel]) -> Accelerator {
        Accelerator(name: name, technology: Technology(nodeNm: 28, clockMHz: 500),
                    peArray: PEArray(rows: rows, cols: cols, macsPerPE: 1, precisionBits: 8), array: array,
                    dataflow: .weightStationary,
                    memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 64)] + shared
                        + [MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerCycle: 8)])
    }

    /// Three 1x1 convolutions of 192 -> 192 channels on 4x4 pixels (36,864 B of 8-bit weights
    /// each), then a 192 -> 1000 fully connected layer (192,000 B).
    static func network() throws -> Network {
        var layers: [Layer] = (1...3).map {
            Layer(name: "pw\($0)", op: .pointwise, bounds: DimensionVector(k: 192, c: 192, p: 4, q: 4))
        }
        layers.append(Layer(name: "fc", op: .fc, bounds: DimensionVector(k: 1000, c: 192)))
        return try Network(name: "tiny", layers: layers)
    }

    static let activationsOnly: [Accelerator] = [
        design("broadcast, activation SRAM only", shared: [
            MemoryLevel(name: "ASRAM", sizeBytes: 2 << 20, holds: [.inputs, .outputs], bandwidthBytesPerCycle: 64)]),
        design("32x32 systolic, activation SRAM only", array: .systolic, rows: 32, cols: 32, shared: [
            MemoryLevel(name: "ASRAM", sizeBytes: 2 << 20, holds: [.inputs, .outputs], bandwidthBytesPerCycle: 64)]),
    ]

    /// No shared level holds weights: nothing is resident, every layer streams all its
    /// weights from DRAM every inference, and the fc layer waits 192,000 / 8 = 24,000 cycles
    /// for them at least, however much SRAM holds activations.
    @Test(arguments: activationsOnly)
    func aLevelHoldingOnlyActivationsKeepsNoWeights(_ accelerator: Accelerator) throws {
        let network = try Self.network()
        let schedule = try NetworkScheduler(accelerator: accelerator, objective: .latency).schedule(network)
        #expect(schedule.residentWeightBytes == 0)
        #expect(schedule.onChipLevels == ["ASRAM"])
        for layer in schedule.layers {
            #expect(!layer.weightsResident && layer.residentLevel == nil)
            let weightBytes = Double(layer.layer.weightCount)
            #expect(layer.offChipBytes >= weightBytes, "\(layer.layer.name) moves \(layer.offChipBytes) B off chip")
            #expect(layer.offChipBytesRemovedByOperand[Operand.weights.position] == 0)
        }
        let fc = try #require(schedule.layers.last)
        #expect(fc.cycles >= 192_000.0 / 8)
        // Activations may stay in ASRAM: what the tiny network produces fits.
        #expect(schedule.layers.dropLast().contains { $0.outputStaysOnChip && $0.activationLevel == "ASRAM" })
    }

    /// A 40 KiB weight buffer and a 64 KiB unified SRAM: neither holds all 110,592 B of the
    /// convolutions' weights, together they hold two layers' worth; residency may use both,
    /// each within its own capacity, and removes exactly the resident layers' DRAM weights.
    @Test func weightsSplitOverTwoLevelsEachWithinItsCapacity() throws {
        let accelerator = Self.design("split", shared: [
            MemoryLevel(name: "WBUF", sizeBytes: 40 << 10, holds: [.weights], bandwidthBytesPerCycle: 64),
            MemoryLevel(name: "SRAM", sizeBytes: 64 << 10, bandwidthBytesPerCycle: 64),
        ])
        let network = try Self.network()
        let schedule = try NetworkScheduler(accelerator: accelerator, objective: .latency).schedule(network)
        #expect(schedule.solve.status != .layerByLayerFallback, "\(schedule.solve.note ?? "")")
        let levels = Set(schedule.layers.compactMap(\.residentLevel))
        #expect(levels == ["WBUF", "SRAM"], "resident in \(levels)")
        var residentBytes = 0.0
        for layer in schedule.layers where layer.weightsResident {
            residentBytes += Double(layer.layer.weightCount)
            // Resident weights never cross the DRAM port.
            #expect(layer.offChipBytesRemovedByOperand[Operand.weights.position]
                    == layer.result.cost.offChipBytesByOperand[Operand.weights.position])
        }
        #expect(schedule.residentWeightBytes == residentBytes)
        #expect(residentBytes > Double(64 << 10), "both levels together: \(residentBytes) B")
        for stage in schedule.stages {
            for level in stage.levels {
                #expect(level.peakBytes <= level.capacityBytes + 1, "\(level.level): \(level.peakBytes) of \(level.capacityBytes)")
            }
            let wbuf = try #require(stage.levels.first { $0.level == "WBUF" })
            #expect(wbuf.residentWeightBytes <= Double(40 << 10))
        }
    }

    /// The schedule's per-layer figures are the cost model's, recombined: with nothing kept
    /// on chip a layer's cycles, energy and off-chip bytes are exactly its mapping's.
    @Test func nothingKeptGivesTheCostModelsFigures() throws {
        let accelerator = Self.activationsOnly[0]
        let network = try Self.network()
        let schedule = try NetworkScheduler(accelerator: accelerator, objective: .latency).schedule(network)
        for layer in schedule.layers where !layer.outputStaysOnChip && layer.onChipInputs.isEmpty {
            #expect(layer.cycles == layer.result.cost.cycles)
            #expect(layer.energyJ == layer.result.cost.energyJ)
            #expect(layer.offChipBytes == layer.result.cost.offChipBytes)
        }
    }
}
