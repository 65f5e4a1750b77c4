import CodesignCore

/// Why a mapping cannot run: reported, never silently "fixed".
public enum MappingViolation: Error, Sendable, Hashable, CustomStringConvertible {
    case levelCountMismatch(expected: Int, found: Int)
    case factorsDoNotCover(LoopDimension, covered: Int, bound: Int)
    case spatialOverArray(axis: ArrayAxis, used: Int, available: Int)
    case spatialDimensionNotAllowed(axis: ArrayAxis, dimension: LoopDimension, dataflow: Dataflow)
    case tileOverCapacity(level: String, bytes: Int, capacityBytes: Int)
    case invalidLoopOrder(level: String)
    case peGroupsOverInstances(level: String, needed: Int, available: Int)

    public var description: String {
        switch self {
        case .levelCountMismatch(let e, let f): "mapping has \(f) levels, design has \(e)"
        case .factorsDoNotCover(let d, let c, let b): "factors of \(d.rawValue) cover \(c), bound is \(b)"
        case .spatialOverArray(let a, let u, let n): "spatial factors on \(a.rawValue) use \(u) of \(n)"
        case .spatialDimensionNotAllowed(let a, let d, let df):
            "\(df.rawValue) does not unroll \(d.rawValue) over \(a.rawValue)"
        case .tileOverCapacity(let l, let b, let c): "tile of \(b) bytes exceeds \(l)'s \(c) bytes"
        case .invalidLoopOrder(let l): "loop order at \(l) is not a permutation of the dimensions"
        case .peGroupsOverInstances(let l, let n, let a):
            "the array's PEs in use need \(n) instances of \(l), the design has \(a)"
        }
    }
}

/// The analytical model: from a layer, a design and a mapping, the access counts per level
/// (Timeloop-style reuse analysis with sliding-window halos), compute cycles (SCALE-Sim's
/// fold model for systolic arrays), bandwidth-limited latency and energy.
///
/// Built once per (design, energy model) and reused for every candidate mapping: the
/// mappers call `cost` thousands of times per layer, so it allocates as little as it can.
public struct LayerCostModel: Sendable {
    public let accelerator: Accelerator
    public let energy: EnergyModel
    /// Bandwidth of each level in bytes per cycle (nil: unlimited).
    private let bytesPerCycle: [Double?]
    private let readEnergyPJPerBit: [Double]
    private let writeEnergyPJPerBit: [Double]
    private let perPELevels: Int
    private let peGroups: PEGroups
    /// Per level, the operands it holds; per operand, the levels holding it (innermost
    /// first). Precomputed: the mappers evaluate thousands of mappings per layer.
    private let heldOperands: [[Operand]]
    private let holders: [[Int]]

    public init(accelerator: Accelerator, energy: EnergyModel) {
        self.accelerator = accelerator
        self.energy = energy
        let clock = accelerator.technology.clockHz
        bytesPerCycle = accelerator.memory.map { $0.bytesPerCycle(clockHz: clock) }
        readEnergyPJPerBit = accelerator.memory.indices.map { energy.readEnergyPJPerBit(level: $0) }
        writeEnergyPJPerBit = accelerator.memory.indices.map { energy.writeEnergyPJPerBit(level: $0) }
        perPELevels = accelerator.perPELevelCount
        peGroups = PEGroups(accelerator: accelerator)
        heldOperands = accelerator.memory.map { level in Operand.allCases.filter { level.holds.contains($0) } }
        holders = Operand.allCases.map { accelerator.levels(holding: $0) }
    }

    /// Whether some per-PE level is shared by a group of PEs, whose tiles then grow with
    /// the array axes it serves.
    public var sharesPELevels: Bool { peGroups.isShared }

    // MARK: validity

    /// Every reason the mapping cannot run on this design, empty when it can.
    public func violations(of mapping: Mapping, for layer: Layer) -> [MappingViolation] {
        var problems: [MappingViolation] = []
        let memory = accelerator.memory
        guard mapping.temporal.count == memory.count, mapping.loopOrder.count == memory.count else {
            return [.levelCountMismatch(expected: memory.count, found: mapping.temporal.count)]
        }
        let covered = mapping.coveredBounds
        for d in LoopDimension.allCases where covered[d] < layer.bounds[d] {
            problems.append(.factorsDoNotCover(d, covered: covered[d], bound: layer.bounds[d]))
        }
        let array = accelerator.peArray
        // A systolic array folds a slice larger than an axis (SystolicComputeModel); a
        // broadcast array has no such schedule.
        if accelerator.array == .broadcast {
            if mapping.spatialRows.product > array.rows {
                problems.append(.spatialOverArray(axis: .rows, used: mapping.spatialRows.product, available: array.rows))
            }
            if mapping.spatialCols.product > array.cols {
                problems.append(.spatialOverArray(axis: .cols, used: mapping.spatialCols.product, available: array.cols))
            }
        }
        if mapping.spatialLanes.product > array.macsPerPE {
            problems.append(.spatialOverArray(axis: .lanes, used: mapping.spatialLanes.product, available: array.macsPerPE))
        }
        let allowed = accelerator.dataflow.allowedSpatialDimensions(for: accelerator.array)
        for d in LoopDimension.allCases {
            if mapping.spatialRows[d] > 1 && !allowed.rows.contains(d) {
                problems.append(.spatialDimensionNotAllowed(axis: .rows, dimension: d, dataflow: accelerator.dataflow))
            }
            if mapping.spatialCols[d] > 1 && !allowed.cols.contains(d) {
                problems.append(.spatialDimensionNotAllowed(axis: .cols, dimension: d, dataflow: accelerator.dataflow))
            }
        }
        let pesUsed = mapping.spatialRows.product * mapping.spatialCols.product
        for level in 0..<perPELevels where peGroups.isShared {
            let needed = pesUsed / peExtent(mapping: mapping, level: level).product
            if needed > peGroups.instanceCount(level: level) {
                problems.append(.peGroupsOverInstances(level: memory[level].name, needed: needed,
                                                       available: peGroups.instanceCount(level: level)))
            }
        }
        for level in memory.indices {
            // A permutation of the eight dimensions: eight entries covering all eight bits.
            var seen = 0
            for d in mapping.loopOrder[level] { seen |= 1 << d.index }
            if seen != 0xFF || mapping.loopOrder[level].count != 8 {
                problems.append(.invalidLoopOrder(level: memory[level].name))
            }
            if let capacity = memory[level].sizeBytes {
                let bytes = tileBytes(layer: layer, mapping: mapping, level: level)
                if bytes > capacity {
                    problems.append(.tileOverCapacity(level: memory[level].name, bytes: bytes, capacityBytes: capacity))
                }
            }
        }
        return problems
    }

    /// Bytes one instance of `level` must hold for the operands it keeps.
    public func tileBytes(layer: Layer, mapping: Mapping, level: Int) -> Int {
        let tile = tileFactors(mapping: mapping, throughLevel: level).clamped(to: layer.bounds)
        var bits = 0.0
        for operand in heldOperands[level] {
            bits += Double(layer.elementCount(of: operand, tile: tile)) * layer.storageBits(of: operand)
        }
        return Int((bits / 8).rounded(.up))
    }

    /// Bytes one instance of `level` holds of one operand (0 when it does not hold it).
    public func tileBytes(layer: Layer, mapping: Mapping, level: Int, operand: Operand) -> Double {
        guard accelerator.memory[level].holds.contains(operand) else { return 0 }
        let tile = tileFactors(mapping: mapping, throughLevel: level).clamped(to: layer.bounds)
        return (Double(layer.elementCount(of: operand, tile: tile)) * layer.storageBits(of: operand) / 8).rounded(.up)
    }

    /// Loop extents held by one instance of `level`: its own and all inner temporal
    /// factors, the MAC lanes, and the spatial factors of the PEs it serves.
    func tileFactors(mapping: Mapping, throughLevel level: Int) -> DimensionVector {
        var t = mapping.spatialLanes * peExtent(mapping: mapping, level: level)
        if level >= 0 { for i in 0...level { t = t * mapping.temporal[i] } }
        return t
    }

    /// Spatial extents of the PEs one instance of `level` serves: none for the MAC's own
    /// register (-1), its group for a per-PE level, the whole array above the PEs.
    private func peExtent(mapping: Mapping, level: Int) -> DimensionVector {
        if level < 0 { return .ones }
        if level >= perPELevels { return mapping.spatialRows * mapping.spatialCols }
        if !peGroups.isShared { return .ones }
        return peGroups.group(level: level, spatial: mapping.spatialRows * mapping.spatialCols)
    }

    // MARK: cost

    /// The cost of a mapping that `violations` accepts. Vector-unit layers (pool, add)
    /// ignore the mapping and stream through the vector unit.
    public func cost(of layer: Layer, mapping: Mapping) -> LayerCost {
        if !layer.op.runsOnPEArray { return vectorLayerCost(layer) }
        let memory = accelerator.memory
        var accesses = AccessCounts(levelCount: memory.count)
        let peUsed = Double(mapping.spatialRows.product * mapping.spatialCols.product)

        for operand in Operand.allCases {
            // Chain: the MAC's own operand register (-1), then each holding level.
            var child = -1
            for parent in holders[operand.position] {
                let union = unionTile(mapping: mapping, child: child, parent: parent).clamped(to: layer.bounds)
                let crossesArray = child < perPELevels && parent >= perPELevels
                var elements = Double(layer.elementCount(of: operand, tile: union))
                let (loopRefresh, distinct) = refreshCounts(operand: operand, mapping: mapping, above: child)
                var refresh = loopRefresh
                if crossesArray && accelerator.array == .systolic {
                    // A systolic array is fed one operand-matrix entry per row and column: an
                    // input pixel under several window positions enters once for each (the
                    // lowered, im2col matrix), shared only along the axis it flows through.
                    if operand == .inputs { elements = Double(union.g * union.n * union.c * union.p * union.q * union.r * union.s) }
                    refresh *= SystolicComputeModel.edgeReplays(of: operand, mapping: mapping, rows: accelerator.peArray.rows,
                                                                cols: accelerator.peArray.cols)
                }
                // One transfer per group of PEs the parent's instance (or the child's, when
                // wider) serves: per PE of the mapped slice for private per-PE levels (a folded
                // systolic slice counts every fold's PEs), once for shared ones.
                let parentInstances = peUsed / Double(unionExtent(mapping: mapping, child: child, parent: parent).product)
                let moved = elements * refresh * parentInstances
                let fanout = crossesArray || (peGroups.isShared && child >= 0)
                    ? childFanout(child: child, mapping: mapping, operand: operand, layer: layer, union: union,
                                  unionInstances: parentInstances) : 1
                let reloads = operand == .outputs ? elements * (refresh - distinct) * parentInstances : 0
                if operand == .outputs {
                    accesses[parent, operand].writes += moved
                    accesses[parent, operand].reads += reloads
                    if child >= 0 {
                        accesses[child, operand].reads += moved * fanout
                        accesses[child, operand].writes += reloads * fanout
                        accesses.parentEdge[child][operand.position].reads += moved * fanout
                        accesses.parentEdge[child][operand.position].writes += reloads * fanout
                    }
                } else {
                    accesses[parent, operand].reads += moved
                    if child >= 0 {
                        accesses[child, operand].writes += moved * fanout
                        accesses.parentEdge[child][operand.position].writes += moved * fanout
                    }
                }
                if child < 0, let word = memory[parent].wordBits, word > layer.bits(of: operand) {
                    // The MAC writes results (and reads partial sums back); it reads the rest.
                    let padding = Double(word - layer.bits(of: operand))
                    accesses.wordPaddingBits[parent].writes += (operand == .outputs ? moved : 0) * padding
                    accesses.wordPaddingBits[parent].reads += (operand == .outputs ? reloads : moved) * padding
                }
                if crossesArray {
                    accesses.networkTransfers[operand.position] += moved * fanout
                }
                child = parent
            }
        }
        return finish(layer: layer, mapping: mapping, accesses: accesses)
    }

    /// Extents of one parent-level transfer: the child's tile widened by the spatial
    /// factors between child and parent (PEs sharing the same data get it multicast).
    private func unionTile(mapping: Mapping, child: Int, parent: Int) -> DimensionVector {
        var t = mapping.spatialLanes * unionExtent(mapping: mapping, child: child, parent: parent)
        if child >= 0 { for i in 0...child { t = t * mapping.temporal[i] } }
        return t
    }

    /// The PEs one parent-level transfer serves: those of the parent's instance, or of the
    /// child's when that is wider (crossing the array: every PE).
    private func unionExtent(mapping: Mapping, child: Int, parent: Int) -> DimensionVector {
        peExtent(mapping: mapping, level: child).elementwiseMax(peExtent(mapping: mapping, level: parent))
    }

    /// Ratio of child-side element traffic to parent-side: a multicast element read once
    /// from the parent is written into every child instance (PE or group of PEs) that needs it.
    private func childFanout(child: Int, mapping: Mapping, operand: Operand, layer: Layer, union: DimensionVector,
                             unionInstances: Double) -> Double {
        let single = (child >= 0 ? tileFactors(mapping: mapping, throughLevel: child) : mapping.spatialLanes).clamped(to: layer.bounds)
        let perInstance = Double(layer.elementCount(of: operand, tile: single))
        let unionElements = Double(layer.elementCount(of: operand, tile: union))
        let pes = Double(mapping.spatialRows.product * mapping.spatialCols.product)
        let childInstances = pes / Double(peExtent(mapping: mapping, level: child).product)
        return unionElements > 0 ? perInstance * childInstances / (unionElements * unionInstances) : 1
    }

    /// How often the child's tile of `operand` is replaced during the layer (`refresh`), and
    /// how many distinct tiles there are (`distinct`): loops above the child, walked from
    /// the innermost outward, skipping irrelevant loops until the first relevant one
    /// (the operand is stationary across those).
    private func refreshCounts(operand: Operand, mapping: Mapping, above child: Int) -> (Double, Double) {
        var refresh = 1.0
        var distinct = 1.0
        var seenRelevant = false
        var level = child + 1
        while level < mapping.temporal.count {
            let factors = mapping.temporal[level]
            let order = mapping.loopOrder[level]
            var i = order.count - 1
            while i >= 0 {
                let d = order[i]
                let f = factors[d]
                if f > 1 {
                    let relevant = operand.isRelevant(d)
                    if relevant { seenRelevant = true; distinct *= Double(f) }
                    if seenRelevant { refresh *= Double(f) }
                }
                i -= 1
            }
            level += 1
        }
        return (refresh, distinct)
    }

    private func finish(layer: Layer, mapping: Mapping, accesses: AccessCounts) -> LayerCost {
        let memory = accelerator.memory
        let compute = computeCycles(layer: layer, mapping: mapping)
        let peUsed = physicalPEsUsed(mapping)
        var levels: [LevelTraffic] = []
        levels.reserveCapacity(memory.count)
        for level in memory.indices {
            var bytes = OperandBytes()
            for operand in Operand.allCases {
                let (o, bits) = (operand.position, layer.storageBits(of: operand))
                bytes.read[o] = accesses[level, operand].reads * bits / 8
                bytes.written[o] = accesses[level, operand].writes * bits / 8
                bytes.edgeRead[o] = accesses.parentEdge[level][o].reads * bits / 8
                bytes.edgeWritten[o] = accesses.parentEdge[level][o].writes * bits / 8
            }
            bytes.padding = OperandAccesses(reads: accesses.wordPaddingBits[level].reads / 8,
                                            writes: accesses.wordPaddingBits[level].writes / 8)
            // Per-PE levels work in parallel in every instance in use (one per physical PE,
            // or per group sharing one); shared ones over their banks.
            let instances = level < perPELevels
                ? peUsed / Double(peExtent(mapping: mapping, level: level).product) : Double(memory[level].instances)
            // Whether each operand's exchange with the level below overlaps: that level's
            // double buffering, or the MACs' streaming below the innermost holder.
            let childOverlaps = Operand.allCases.map { operand -> Bool in
                let chain = holders[operand.position]
                guard let position = chain.firstIndex(of: level), position > 0 else { return true }
                return memory[chain[position - 1]].doubleBuffered
            }
            levels.append(traffic(level: level, bytes: bytes, instances: instances,
                                  parentEdgeOverlaps: memory[level].doubleBuffered, childEdgeOverlaps: childOverlaps))
        }
        var networkBits = 0.0
        for operand in Operand.allCases {
            networkBits += accesses.networkTransfers[operand.position] * layer.storageBits(of: operand)
        }
        let macEnergy = Double(layer.macs) * energy.macEnergyPJ(weightBits: layer.bits(of: .weights), activationBits: layer.activationBits) * 1e-12
        return combined(LayerCost(
            macs: layer.macs, vectorOps: 0, computeCycles: compute, cycles: 0, latencyS: 0,
            bottleneck: "compute", macEnergyJ: macEnergy, vectorEnergyJ: 0, levels: levels,
            networkEnergyJ: networkBits * energy.nocEnergyPJPerBit() * 1e-12, leakageEnergyJ: 0,
            utilization: Double(layer.macs) / (compute * Double(accelerator.peArray.macCount)),
            accesses: accesses))
    }

    /// Bytes read and written at one level, per operand, in all and with the parent.
    private struct OperandBytes {
        var read = [0.0, 0.0, 0.0], written = [0.0, 0.0, 0.0]
        var edgeRead = [0.0, 0.0, 0.0], edgeWritten = [0.0, 0.0, 0.0]
        var padding = OperandAccesses()
    }

    /// One level's traffic with its bandwidth (1 / (bandwidth x instances) cycles per byte,
    /// 0 when unlimited) and its read and write energies per byte.
    private func traffic(level: Int, bytes: OperandBytes, instances: Double, parentEdgeOverlaps: Bool = true,
                         childEdgeOverlaps: [Bool] = [true, true, true]) -> LevelTraffic {
        var cyclesPerByte = 0.0
        if let bandwidth = bytesPerCycle[level], bandwidth > 0, instances > 0 { cyclesPerByte = 1 / (bandwidth * instances) }
        let memory = accelerator.memory[level]
        return LevelTraffic(name: memory.name, isOnChip: memory.technology.isOnChip, readBytes: bytes.read,
                            writeBytes: bytes.written, parentEdgeReadBytes: bytes.edgeRead,
                            parentEdgeWriteBytes: bytes.edgeWritten, paddingReadBytes: bytes.padding.reads,
                            paddingWriteBytes: bytes.padding.writes, cyclesPerByte: cyclesPerByte,
                            parentEdgeOverlaps: parentEdgeOverlaps, childEdgeOverlaps: childEdgeOverlaps,
                            readEnergyJPerByte: readEnergyPJPerBit[level] * 8e-12,
                            writeEnergyJPerByte: writeEnergyPJPerBit[level] * 8e-12)
    }

    /// The latency model, the one place it lives: compute overlaps every level's transfers
    /// into and out of double-buffered buffers (the slowest port sets the pace); transfers
    /// into and out of a buffer that is not double buffered stall compute and add in series.
    public static func stallCycles(computeCycles: Double, levels: [LevelTraffic]) -> (cycles: Double, bottleneck: String) {
        let split = CycleSplit(computeCycles: computeCycles, levels: levels)
        return (split.cycles, split.bottleneck)
    }

    /// `cost` with its cycles, latency and leakage set from its levels by `stallCycles`.
    private func combined(_ cost: LayerCost) -> LayerCost {
        var cost = cost
        (cost.cycles, cost.bottleneck) = Self.stallCycles(computeCycles: cost.computeCycles, levels: cost.levels)
        cost.latencyS = cost.cycles / accelerator.technology.clockHz
        cost.leakageEnergyJ = energy.leakagePowerW * cost.latencyS
        return cost
    }

    /// The same layer cost once `removedBytes[level][operand]` bytes no longer move (weights
    /// kept resident across inferences, activations kept on chip between layers): less
    /// traffic and energy at those levels, and cycles, latency and leakage recombined by the
    /// same latency model. Removal is capped at the traffic there is.
    public func cost(_ cost: LayerCost, removing removedBytes: [[Double]]) -> LayerCost {
        var reduced = cost
        for level in reduced.levels.indices where level < removedBytes.count {
            for o in 0..<Operand.allCases.count where o < removedBytes[level].count {
                reduced.levels[level].remove(removedBytes[level][o], of: o)
            }
        }
        return combined(reduced)
    }

    /// PEs of the array a mapping keeps busy: a systolic slice larger than an axis is
    /// folded onto it, so no more than the axis works at a time.
    func physicalPEsUsed(_ mapping: Mapping) -> Double {
        let array = accelerator.peArray
        return Double(min(mapping.spatialRows.product, array.rows) * min(mapping.spatialCols.product, array.cols))
    }

    /// Array cycles with unlimited memory bandwidth. Systolic arrays follow SCALE-Sim's
    /// fold model of the mapping's slice; broadcast arrays run one temporal iteration per cycle plus one pass to
    /// fill and drain the array's reduction network.
    public func computeCycles(layer: Layer, mapping: Mapping) -> Double {
        switch accelerator.array {
        case .systolic:
            return SystolicComputeModel.cycles(mapping: mapping, rows: accelerator.peArray.rows,
                                               cols: accelerator.peArray.cols, dataflow: accelerator.dataflow)
        case .broadcast:
            var iterations = 1.0
            for factors in mapping.temporal { iterations *= Double(factors.product) }
            let fillDrain = Double(mapping.spatialRows.product - 1 + mapping.spatialCols.product - 1)
            return iterations + fillDrain
        }
    }

    /// Pooling and additions: inputs and outputs stream once through the outermost level
    /// that holds activations, at the vector unit's rate and the level's full bandwidth.
    private func vectorLayerCost(_ layer: Layer) -> LayerCost {
        let memory = accelerator.memory
        var accesses = AccessCounts(levelCount: memory.count)
        let top = memory.count - 1
        let inputs = Double(layer.elementCount(of: .inputs))
        let outputs = Double(layer.elementCount(of: .outputs))
        accesses[top, .inputs].reads = inputs
        accesses[top, .outputs].writes = outputs
        let compute = (Double(layer.vectorOps) / Double(accelerator.vectorOpsPerCycle)).rounded(.up)
        let bytesPerElement = Double(layer.activationBits) / 8
        var levels: [LevelTraffic] = []
        for level in memory.indices {
            var bytes = OperandBytes()
            if level == top {
                bytes.read[Operand.inputs.position] = inputs * bytesPerElement
                bytes.written[Operand.outputs.position] = outputs * bytesPerElement
            }
            // The vector unit streams: its transfers always overlap with its operations.
            levels.append(traffic(level: level, bytes: bytes, instances: 1))
        }
        return combined(LayerCost(
            macs: 0, vectorOps: layer.vectorOps, computeCycles: compute, cycles: 0, latencyS: 0,
            bottleneck: "compute", macEnergyJ: 0,
            vectorEnergyJ: Double(layer.vectorOps) * energy.vectorOpEnergyPJ(bits: layer.activationBits) * 1e-12,
            levels: levels, networkEnergyJ: 0, leakageEnergyJ: 0, utilization: 0, accesses: accesses))
    }
}

extension DimensionVector {
    /// Each entry capped at the layer's bound: a padded tile touches no data past the edge.
    @inlinable public func clamped(to bounds: DimensionVector) -> DimensionVector {
        DimensionVector(g: Swift.min(g, bounds.g), n: Swift.min(n, bounds.n), k: Swift.min(k, bounds.k),
                        c: Swift.min(c, bounds.c), p: Swift.min(p, bounds.p), q: Swift.min(q, bounds.q),
                        r: Swift.min(r, bounds.r), s: Swift.min(s, bounds.s))
    }
}

/// A layer's cycles split by the resource that spends them, as the latency model adds them
/// up (`LayerCostModel.stallCycles` is its total): the array's compute cycles; the slowest
/// overlapped port's cycles beyond them, charged to its level; and every level's serial
/// stalls. Reports draw latency "by what bounds it" from this, so the split always sums to
/// the layer's cycles.
public struct CycleSplit: Sendable {
    public var computeCycles: Double
    /// The cycles of compute and every overlapped transfer together: the slowest of them.
    public var overlappedCycles: Double
    /// The level whose overlapped transfers outlast compute (nil when compute is slowest).
    public var overlapLevel: String?
    public var overlapExcessCycles: Double { overlappedCycles - computeCycles }
    /// Serial stall cycles per level (innermost first, levels with a bandwidth limit).
    public var serialCycles: [(level: String, cycles: Double)]
    /// "compute", the slowest overlapped port, or the level whose stalls outweigh everything
    /// overlapped.
    public var bottleneck: String

    public init(computeCycles: Double, levels: [LevelTraffic]) {
        self.computeCycles = computeCycles
        var overlapped = computeCycles
        var bottleneck = "compute"
        var overlapLevel: String?
        var serial: [(level: String, cycles: Double)] = []
        var longestStall = (cycles: 0.0, name: "")
        for level in levels where level.cyclesPerByte > 0 {
            let transfer = level.overlappedCycles
            if transfer > overlapped { overlapped = transfer; bottleneck = level.name; overlapLevel = level.name }
            let stall = level.serialCycles
            serial.append((level.name, stall))
            if stall > longestStall.cycles { longestStall = (stall, level.name) }
        }
        let serialTotal = serial.reduce(0) { $0 + $1.cycles }
        // Stalls that outweigh everything overlapped name their level.
        if serialTotal > overlapped { bottleneck = longestStall.name }
        self.overlapLevel = overlapLevel
        self.overlappedCycles = overlapped
        self.serialCycles = serial
        self.bottleneck = bottleneck
    }

    /// The slowest overlapped resource plus the serial stalls: the layer's cycles.
    public var cycles: Double { overlappedCycles + serialCycles.reduce(0) { $0 + $1.cycles } }

    /// Cycles charged to a memory level: its overlap excess (when it is the slowest port)
    /// plus its serial stalls.
    public func cycles(of level: String) -> Double {
        (overlapLevel == level ? overlapExcessCycles : 0) + serialCycles.filter { $0.level == level }.reduce(0) { $0 + $1.cycles }
    }
}
