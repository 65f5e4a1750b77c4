/// How operands reach the PEs.
public enum ArrayKind: String, CaseIterable, Codable, Sendable, Hashable {
    /// A multicast network-on-chip (Eyeriss, Simba, NVDLA): any PE can be fed in one hop.
    case broadcast
    /// A systolic array with SCALE-Sim semantics: operands march through neighbours,
    /// so every fold pays the array's fill and drain.
    case systolic
}

/// Which operand stays put in the PEs; it constrains which loop dimensions may be spread
/// over the array axes (see `Dataflow.allowedSpatialDimensions`).
public enum Dataflow: String, CaseIterable, Codable, Sendable, Hashable {
    case weightStationary = "weight_stationary"
    case outputStationary = "output_stationary"
    case inputStationary = "input_stationary"
    case rowStationary = "row_stationary"
    case any

    /// Dimensions each array axis may be unrolled over, for (rows, cols). Systolic arrays
    /// follow SCALE-Sim's operand-matrix assignment; broadcast arrays follow the classic
    /// taxonomy (Chen et al., ISCA 2016; Kwon et al., MAESTRO, MICRO 2019).
    public func allowedSpatialDimensions(for array: ArrayKind) -> (rows: [LoopDimension], cols: [LoopDimension]) {
        switch self {
        case .weightStationary:
            // Filter window on rows, filters on columns (SCALE-Sim ws; TPU).
            return ([.C, .R, .S], [.K, .G])
        case .outputStationary:
            // Output pixels on rows, filters on columns (SCALE-Sim os; ShiDianNao).
            return ([.N, .P, .Q], [.K, .G])
        case .inputStationary:
            // Filter window on rows, output pixels on columns (SCALE-Sim is).
            return ([.C, .R, .S], [.N, .P, .Q, .G])
        case .rowStationary:
            // Eyeriss: filter rows along the array rows, output rows along the diagonal /
            // columns; surplus PEs take further channels or filters (ISCA 2016, sec. V).
            return ([.R, .C, .K, .G], [.P, .Q, .K, .N, .G])
        case .any:
            return (LoopDimension.allCases, LoopDimension.allCases)
        }
    }
}

/// Process node, clock and supply, which set per-access energies and areas.
public struct Technology: Sendable, Hashable, Codable {
    public var nodeNm: Double
    public var clockMHz: Double
    /// Core supply voltage, V, when the design knows it: dynamic energy follows the node's
    /// energy-versus-Vdd curve (`TechnologyTable.dynamicEnergyFactor(atNodeNm:vddV:)`). Without
    /// it every node is compared with 45 nm at one common voltage, as the node table is.
    public var vddV: Double?
    public init(nodeNm: Double, clockMHz: Double, vddV: Double? = nil) {
        self.nodeNm = nodeNm
        self.clockMHz = clockMHz
        self.vddV = vddV
    }
    public var clockHz: Double { clockMHz * 1e6 }
}

public struct PEArray: Sendable, Hashable, Codable {
    public var rows: Int
    public var cols: Int
    /// Parallel MAC lanes inside one PE (a vector PE as in Simba or NVDLA's MAC cells).
    public var macsPerPE: Int
    /// Widest operand the MACs take natively; wider operands are refused.
    public var precisionBits: Int
    /// Energy of one MAC in pJ, for every layer whatever its operand widths, overriding the
    /// technology model: a design whose MAC was characterised (a datasheet, a synthesis run,
    /// another tool's fixed `unit_energy`) is one circuit, not a width-scaled estimate.
    public var macEnergyPJ: Double?

    public init(rows: Int, cols: Int, macsPerPE: Int = 1, precisionBits: Int = 8, macEnergyPJ: Double? = nil) {
        self.rows = rows
        self.cols = cols
        self.macsPerPE = macsPerPE
        self.precisionBits = precisionBits
        self.macEnergyPJ = macEnergyPJ
    }

    public var peCount: Int { rows * cols }
    public var macCount: Int { rows * cols * macsPerPE }
}

/// What kind of storage a memory level is; decides its energy and area model.
public enum MemoryTechnology: Sendable, Hashable, Codable {
    /// On-chip SRAM or register file, modelled from its size.
    case sram
    /// Off-chip DRAM of a named type (LPDDR4, DDR4, …), not counted in die area.
    case dram(type: String)
    /// A host link (USB, PCIe) through which data arrives from the host's memory.
    case hostLink(type: String)

    public var isOnChip: Bool { if case .sram = self { true } else { false } }
}

public struct MemoryLevel: Sendable, Hashable, Codable {
    public enum Scope: String, Sendable, Hashable, Codable { case perPE = "per_pe", shared }

    public var name: String
    public var scope: Scope
    public var technology: MemoryTechnology
    /// Capacity in bytes; nil means unbounded (off-chip memory).
    public var sizeBytes: Int?
    public var holds: Set<Operand>
    /// Sustained bandwidth; nil means not a bottleneck (registers next to the MACs).
    public var bandwidthBytesPerCycle: Double?
    public var bandwidthBytesPerSecond: Double?
    /// Bits per access; nil means the operand's own width.
    public var wordBits: Int?
    /// Energy per bit read from and written into this level, overriding the technology model
    /// (e.g. from a datasheet). Reads and writes differ in real arrays (a write drives the
    /// bit lines full swing), so each may be given; nil leaves it to the model.
    public var readEnergyPJPerBit: Double?
    public var writeEnergyPJPerBit: Double?
    /// Number of identical instances of a shared level (banks working in parallel).
    public var instances: Int
    /// PEs one instance of a per-PE level serves (1: a private level in every PE). They take
    /// the same data from it (broadcast) or reduce into it, as ZigZag's served dimensions: the
    /// array has `peCount / sharedByPEs` instances.
    public var sharedByPEs: Int
    /// Whether transfers into this level overlap with computation on the previous tile.
    public var doubleBuffered: Bool

    /// `energyPJPerBit` gives reads and writes the same energy; `readEnergyPJPerBit` and
    /// `writeEnergyPJPerBit` take precedence over it for their direction.
    public init(name: String, scope: Scope = .shared, technology: MemoryTechnology = .sram,
                sizeBytes: Int?, holds: Set<Operand> = Set(Operand.allCases),
                bandwidthBytesPerCycle: Double? = nil, bandwidthBytesPerSecond: Double? = nil,
                wordBits: Int? = nil, energyPJPerBit: Double? = nil, readEnergyPJPerBit: Double? = nil,
                writeEnergyPJPerBit: Double? = nil, instances: Int = 1, sharedByPEs: Int = 1,
                doubleBuffered: Bool = true) {
        self.name = name
        self.scope = scope
        self.technology = technology
        self.sizeBytes = sizeBytes
        self.holds = holds
        self.bandwidthBytesPerCycle = bandwidthBytesPerCycle
        self.bandwidthBytesPerSecond = bandwidthBytesPerSecond
        self.wordBits = wordBits
        self.readEnergyPJPerBit = readEnergyPJPerBit ?? energyPJPerBit
        self.writeEnergyPJPerBit = writeEnergyPJPerBit ?? energyPJPerBit
        self.instances = instances
        self.sharedByPEs = sharedByPEs
        self.doubleBuffered = doubleBuffered
    }

    /// Bandwidth in bytes per accelerator clock cycle, whichever way it was given.
    public func bytesPerCycle(clockHz: Double) -> Double? {
        if let b = bandwidthBytesPerCycle { return b }
        if let b = bandwidthBytesPerSecond { return b / clockHz }
        return nil
    }
}

/// An accelerator design: PE array, dataflow, memory hierarchy (innermost first) and
/// technology. Built by SpecIO from a design file, or directly in tests.
public struct Accelerator: Sendable, Hashable, Codable {
    public var name: String
    public var technology: Technology
    public var peArray: PEArray
    public var array: ArrayKind
    public var dataflow: Dataflow
    public var memory: [MemoryLevel]
    /// Element operations per cycle of the vector unit that runs pooling and additions.
    public var vectorOpsPerCycle: Int
    /// Identical chips working together (pipelined in a later issue); 1 for one chip.
    public var chips: Int
    /// Static power per mm² of die; nil takes the cost model's cited default.
    public var leakageMWPerMM2: Double?

    public init(name: String, technology: Technology, peArray: PEArray, array: ArrayKind,
                dataflow: Dataflow, memory: [MemoryLevel], vectorOpsPerCycle: Int? = nil, chips: Int = 1,
                leakageMWPerMM2: Double? = nil) {
        self.name = name
        self.technology = technology
        self.peArray = peArray
        self.array = array
        self.dataflow = dataflow
        self.memory = memory
        // Default: one vector lane per array column, as NVDLA's SDP and the TPU's
        // activation pipeline are as wide as the array's output edge.
        self.vectorOpsPerCycle = vectorOpsPerCycle ?? peArray.cols
        self.chips = chips
        self.leakageMWPerMM2 = leakageMWPerMM2
    }

    /// Number of innermost levels private to each PE; the array fan-out sits just above them.
    public var perPELevelCount: Int {
        memory.prefix { $0.scope == .perPE }.count
    }

    /// Indices of the levels that hold `operand`, innermost first.
    public func levels(holding operand: Operand) -> [Int] {
        memory.indices.filter { memory[$0].holds.contains(operand) }
    }

    /// On-chip capacity of the shared levels, for weight residency.
    public var onChipSharedBytes: Int {
        memory.filter { $0.scope == .shared && $0.technology.isOnChip }
            .reduce(0) { $0 + ($1.sizeBytes ?? 0) * $1.instances }
    }
}
