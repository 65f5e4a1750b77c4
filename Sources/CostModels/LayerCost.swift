import CodesignCore

/// One memory level's share of a layer's cost, as Timeloop's per-level model reports it:
/// bytes moved per operand, the cycles they take over the level's bandwidth, their energy.
/// The whole-network schedule takes traffic out of these (weights that stay resident,
/// activations that stay on chip) and recombines them with `LayerCostModel.stallCycles`, so
/// the latency formula exists once.
public struct LevelTraffic: Sendable, Hashable, Codable {
    public var name: String
    public var isOnChip: Bool
    /// Bytes read from and written into this level, per operand (`Operand.position` order):
    /// the two directions may cost different energies.
    public var readBytes: [Double]
    public var writeBytes: [Double]
    /// The part of `readBytes` / `writeBytes` exchanged with the next outer level holding the
    /// operand (fills from it, results sent up to it): what disappears when the operand's
    /// whole tensor is kept at this level.
    public var parentEdgeReadBytes: [Double]
    public var parentEdgeWriteBytes: [Double]
    /// Bytes read and written beyond the elements because the MACs touch single elements of a
    /// level whose word is wider.
    public var paddingReadBytes: Double
    public var paddingWriteBytes: Double
    /// Cycles per byte for this layer: 1 / (bandwidth x instances in use); 0 when the level
    /// has no bandwidth limit.
    public var cyclesPerByte: Double
    /// Whether this level's exchanges with its parent (fills, write-backs) overlap with
    /// compute: the level is double buffered, so it is refilled while the levels below
    /// work on it; otherwise they stall compute.
    public var parentEdgeOverlaps: Bool
    /// Per operand, whether its exchanges with the level below overlap with compute: that
    /// level is double buffered (the MACs, below the innermost holder, always stream).
    public var childEdgeOverlaps: [Bool]
    public var readEnergyJPerByte: Double
    public var writeEnergyJPerByte: Double

    /// Bytes read and written at this level, per operand.
    public var operandBytes: [Double] { zip(readBytes, writeBytes).map { $0 + $1 } }
    /// The part of `operandBytes` exchanged with the next outer level holding the operand.
    public var parentEdgeBytes: [Double] { zip(parentEdgeReadBytes, parentEdgeWriteBytes).map { $0 + $1 } }
    public var paddingBytes: Double { paddingReadBytes + paddingWriteBytes }
    public var bytes: Double { readBytes.reduce(paddingBytes, +) + writeBytes.reduce(0, +) }
    public var transferCycles: Double { bytes * cyclesPerByte }
    /// The part of the traffic that stalls compute: exchanges with a buffer that is not
    /// double buffered.
    public var serialBytes: Double {
        var serial = 0.0
        for o in operandBytes.indices {
            let parent = parentEdgeBytes[o]
            if !parentEdgeOverlaps { serial += parent }
            if !childEdgeOverlaps[o] { serial += max(0, operandBytes[o] - parent) }
        }
        return serial
    }
    public var serialCycles: Double { serialBytes * cyclesPerByte }
    public var overlappedCycles: Double { max(0, bytes - serialBytes) * cyclesPerByte }
    /// Energy of one operand's reads and writes here (word padding not included).
    public func energyJ(operand: Int) -> Double {
        readBytes[operand] * readEnergyJPerByte + writeBytes[operand] * writeEnergyJPerByte
    }
    public var energyJ: Double {
        readBytes.indices.reduce(paddingReadBytes * readEnergyJPerByte + paddingWriteBytes * writeEnergyJPerByte) {
            $0 + energyJ(operand: $1)
        }
    }

    /// The same traffic once `bytes` of `operand` no longer move, taken from the exchanges
    /// with the parent first (a kept tensor removes those before any other) and capped at
    /// the traffic there is. Each part loses reads and writes in its own proportion, which
    /// is exact for what the schedule removes: a fraction of the parent exchanges, or of all
    /// the operand's traffic.
    public mutating func remove(_ bytes: Double, of operand: Int) {
        let o = operand
        let total = readBytes[o] + writeBytes[o]
        let removed = min(max(0, bytes), total)
        guard removed > 0 else { return }
        if removed >= total {
            (readBytes[o], writeBytes[o], parentEdgeReadBytes[o], parentEdgeWriteBytes[o]) = (0, 0, 0, 0)
            return
        }
        let edge = parentEdgeReadBytes[o] + parentEdgeWriteBytes[o]
        let fromEdge = min(removed, edge)
        let edgeWrites = edge > 0 ? fromEdge * parentEdgeWriteBytes[o] / edge : 0
        let rest = removed - fromEdge
        let restTotal = total - edge
        let restWrites = restTotal > 0 ? rest * (writeBytes[o] - parentEdgeWriteBytes[o]) / restTotal : 0
        parentEdgeWriteBytes[o] = max(0, parentEdgeWriteBytes[o] - edgeWrites)
        parentEdgeReadBytes[o] = max(0, parentEdgeReadBytes[o] - (fromEdge - edgeWrites))
        writeBytes[o] = max(0, writeBytes[o] - edgeWrites - restWrites)
        readBytes[o] = max(0, readBytes[o] - (removed - edgeWrites - restWrites))
    }
}

/// Everything the analytical model says about one layer on one design under one mapping.
/// Units are in the names; energies are per inference.
public struct LayerCost: Sendable, Hashable, Codable {
    public var macs: Int
    public var vectorOps: Int
    /// Cycles of the array alone (memory bandwidth unlimited), including fill and drain.
    public var computeCycles: Double
    /// Cycles including stalls on every level's bandwidth (`LayerCostModel.stallCycles`).
    public var cycles: Double
    public var latencyS: Double
    /// Which resource sets `cycles`: "compute" or a memory level's name.
    public var bottleneck: String
    public var macEnergyJ: Double
    public var vectorEnergyJ: Double
    /// Per memory level (innermost first): its traffic, cycles and energy.
    public var levels: [LevelTraffic]
    public var networkEnergyJ: Double
    public var leakageEnergyJ: Double
    public var utilization: Double
    public var accesses: AccessCounts

    /// Per memory level (innermost first), energy of its reads and writes.
    public var levelEnergyJ: [Double] { levels.map(\.energyJ) }

    /// Bytes moved to and from off-chip memory (DRAM or host link).
    public var offChipBytes: Double { levels.reduce(0) { $1.isOnChip ? $0 : $0 + $1.bytes } }

    /// Energy of the off-chip levels' reads and writes (DRAM or host link): what a chip's own
    /// measured power leaves out.
    public var offChipEnergyJ: Double { levels.reduce(0) { $1.isOnChip ? $0 : $0 + $1.energyJ } }

    /// The same per operand (`Operand.position` order), without word padding.
    public var offChipBytesByOperand: [Double] {
        var bytes = [0.0, 0.0, 0.0]
        for level in levels where !level.isOnChip {
            for o in bytes.indices { bytes[o] += level.operandBytes[o] }
        }
        return bytes
    }

    /// Cycles the layer would take if off-chip traffic were free: compute and the on-chip
    /// levels, combined as `cycles` is.
    public var onChipCycles: Double {
        LayerCostModel.stallCycles(computeCycles: computeCycles, levels: levels.filter(\.isOnChip)).cycles
    }

    public var energyJ: Double {
        macEnergyJ + vectorEnergyJ + levels.reduce(0) { $0 + $1.energyJ } + networkEnergyJ + leakageEnergyJ
    }

    /// Energy-delay product, the default mapping objective.
    public var edp: Double { energyJ * latencyS }
}

/// What a mapper optimises.
public enum MappingObjective: String, CaseIterable, Codable, Sendable, Hashable {
    case latency, energy, edp

    /// The primary figure this objective minimises.
    public func score(_ cost: LayerCost) -> Double {
        switch self {
        case .latency: cost.cycles
        case .energy: cost.energyJ
        case .edp: cost.edp
        }
    }

    /// Strict ordering: the primary figure, then energy (or cycles for the energy
    /// objective) to break ties, so that the choice is deterministic.
    public func prefers(_ a: LayerCost, over b: LayerCost) -> Bool {
        let (sa, sb) = (score(a), score(b))
        if sa != sb { return sa < sb }
        return self == .energy ? a.cycles < b.cycles : a.energyJ < b.energyJ
    }
}
