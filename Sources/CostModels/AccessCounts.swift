import CodesignCore

/// Reads and writes of one operand at one memory level for one layer, in elements (bits in
/// `AccessCounts.wordPaddingBits`).
public struct OperandAccesses: Sendable, Hashable, Codable {
    public var reads: Double = 0
    public var writes: Double = 0
    public init(reads: Double = 0, writes: Double = 0) {
        self.reads = reads
        self.writes = writes
    }
    public var total: Double { reads + writes }
}

/// Accesses per memory level and operand, plus the transfers that cross the array's
/// network into the PEs (which cost NoC energy on top of the buffers' own).
public struct AccessCounts: Sendable, Hashable, Codable {
    /// Indexed [level][operand], operands in `Operand.allCases` order.
    public var perLevel: [[OperandAccesses]]
    /// Elements delivered over the array network, per operand.
    public var networkTransfers: [Double]
    /// Per level, bits read and written beyond the elements themselves because the MACs read
    /// and write single elements from a level whose word is wider (`word_bits`); transfers
    /// between levels move whole tiles and pack elements into words.
    public var wordPaddingBits: [OperandAccesses]
    /// Indexed [level][operand]: the part of `perLevel` exchanged with the next outer level
    /// holding the operand (fills from it, results sent to it, partial sums read back).
    public var parentEdge: [[OperandAccesses]]

    public init(levelCount: Int) {
        perLevel = Array(repeating: Array(repeating: OperandAccesses(), count: Operand.allCases.count), count: levelCount)
        parentEdge = perLevel
        networkTransfers = Array(repeating: 0, count: Operand.allCases.count)
        wordPaddingBits = Array(repeating: OperandAccesses(), count: levelCount)
    }

    public subscript(level: Int, operand: Operand) -> OperandAccesses {
        get { perLevel[level][operand.position] }
        set { perLevel[level][operand.position] = newValue }
    }
}

extension Operand {
    /// Position in `Operand.allCases`, for array-indexed per-operand storage.
    @inlinable public var position: Int {
        switch self {
        case .weights: 0
        case .inputs: 1
        case .outputs: 2
        }
    }
}
