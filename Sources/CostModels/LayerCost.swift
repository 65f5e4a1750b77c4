import CodesignCore

/// Everything the analytical model says about one layer on one design under one mapping.
/// Units are in the names; energies are per inference.
public struct LayerCost: Sendable, Hashable, Codable {
    public var macs: Int
    public var vectorOps: Int
    /// Cycles of the array alone (memory bandwidth unlimited), including fill and drain.
    public var computeCycles: Double
    /// Cycles including stalls on every level's bandwidth.
    public var cycles: Double
    public var latencyS: Double
    /// Which resource sets `cycles`: "compute" or a memory level's name.
    public var bottleneck: String
    public var macEnergyJ: Double
    public var vectorEnergyJ: Double
    /// Per memory level (innermost first), energy of its reads and writes.
    public var levelEnergyJ: [Double]
    public var networkEnergyJ: Double
    public var leakageEnergyJ: Double
    public var utilization: Double
    /// Bytes moved to and from off-chip memory (DRAM or host link).
    public var offChipBytes: Double
    /// The same per operand (`Operand.position` order), so a whole-network schedule can
    /// remove the traffic that weight residency or layer fusion keeps on chip.
    public var offChipBytesByOperand: [Double]
    /// Cycles the layer would take if off-chip traffic were free: compute and every
    /// on-chip level's bandwidth. `cycles` is this or the off-chip transfer time, whichever
    /// binds (plus any transfers that are not double-buffered).
    public var onChipCycles: Double
    public var accesses: AccessCounts

    public var energyJ: Double {
        macEnergyJ + vectorEnergyJ + levelEnergyJ.reduce(0, +) + networkEnergyJ + leakageEnergyJ
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
