import CodesignCore
import CostModels

/// The first mapper: a pruned search. It enumerates the best-utilising spatial unrollings
/// the dataflow allows, a few canonical loop orders (weight-, output-, input-stationary and
/// a channel-outer order), and for each fills the memory levels greedily from the inside
/// out up to their capacity; the exact cost model scores every candidate and the best by
/// the objective wins. Every reported mapping passes `LayerCostModel.violations`.
public struct SearchMapper: Sendable {
    public let model: LayerCostModel
    public let objective: MappingObjective
    /// Spatial unrollings kept after ranking by utilisation.
    public var spatialCandidates = 12

    public init(model: LayerCostModel, objective: MappingObjective = .edp) {
        self.model = model
        self.objective = objective
    }

    /// Vector lanes inside a PE reduce over input channels or produce several output
    /// channels (NVDLA's atomic-C / atomic-K, Simba's vector MACs).
    public static let laneDimensions: [LoopDimension] = [.C, .K]

    /// Loop orders, outermost first; the innermost dimensions are the ones the
    /// corresponding operand is stationary across.
    public static let loopOrders: [[LoopDimension]] = [
        [.G, .K, .C, .R, .S, .N, .P, .Q],   // weights stationary (P, Q, N innermost)
        [.G, .N, .K, .P, .Q, .C, .R, .S],   // outputs stationary (reduction innermost)
        [.G, .N, .C, .P, .Q, .R, .S, .K],   // inputs stationary (K innermost)
        [.G, .N, .P, .Q, .K, .C, .R, .S],   // output tiles outermost, weights streamed
    ]

    /// The loop orders a dataflow admits: its name says which operand stays in the PEs, so
    /// the innermost loops must be ones that operand does not depend on. Row stationary
    /// (which keeps a mix, Chen et al. 2016) and `any` admit every order.
    public static func loopOrders(for dataflow: Dataflow) -> [[LoopDimension]] {
        switch dataflow {
        case .weightStationary: [loopOrders[0]]
        case .outputStationary: [loopOrders[1], loopOrders[3]]
        case .inputStationary: [loopOrders[2]]
        case .rowStationary, .any: loopOrders
        }
    }

    public func map(_ layer: Layer) throws(MappingError) -> MappingResult {
        let accelerator = model.accelerator
        let orders = Self.loopOrders(for: accelerator.dataflow)
        let orderCount = orders.count
        if !layer.op.runsOnPEArray {
            let mapping = unitMapping
            let cost = model.cost(of: layer, mapping: mapping)
            return MappingResult(mapping: mapping, cost: cost, mapper: .vectorUnit, status: .exact, evaluatedCount: 1)
        }
        try checkFeasibility(of: layer)

        var best: (mapping: Mapping, cost: LayerCost)?
        var evaluated = 0
        var firstViolation: MappingViolation?
        for spatial in spatialUnrollings(for: layer) {
            for orderIndex in 0..<orderCount {
                for growInnermostFirst in [true, false] {
                    let order = orders[orderIndex]
                    let mapping = fillLevels(layer: layer, spatial: spatial, order: order,
                                             growInnermostFirst: growInnermostFirst)
                    if let violation = model.violations(of: mapping, for: layer).first {
                        firstViolation = firstViolation ?? violation
                        continue
                    }
                    let cost = model.cost(of: layer, mapping: mapping)
                    evaluated += 1
                    if best == nil || objective.prefers(cost, over: best!.cost) {
                        best = (mapping, cost)
                    }
                }
            }
        }
        guard let best else {
            throw .noValidMapping(layer: layer.name, reason: firstViolation.map { "\($0)" } ?? "no candidate")
        }
        return MappingResult(mapping: best.mapping, cost: best.cost, mapper: .search, status: .heuristic,
                             evaluatedCount: evaluated)
    }

    /// Every factor 1 at every level: the smallest tiles, and the mapping of vector-unit layers.
    var unitMapping: Mapping {
        let levels = model.accelerator.memory.count
        return Mapping(temporal: Array(repeating: .ones, count: levels),
                       loopOrder: Array(repeating: Self.loopOrders[0], count: levels))
    }

    /// Problems no mapping can fix: operands wider than the MACs, or a level too small for
    /// the smallest tile (every factor 1).
    public func checkFeasibility(of layer: Layer) throws(MappingError) {
        let accelerator = model.accelerator
        let bits = max(layer.bits(of: .weights), layer.activationBits)
        if bits > accelerator.peArray.precisionBits {
            throw .precisionUnsupported(layer: layer.name, bits: bits, supportedBits: accelerator.peArray.precisionBits)
        }
        // The smallest possible tile (every factor 1) must fit every level.
        let unit = unitMapping
        for level in accelerator.memory.indices {
            if let capacity = accelerator.memory[level].sizeBytes {
                let bytes = model.tileBytes(layer: layer, mapping: unit, level: level)
                if bytes > capacity {
                    throw .smallestTileDoesNotFit(layer: layer.name, level: accelerator.memory[level].name,
                                                  bytes: bytes, capacityBytes: capacity)
                }
            }
        }
    }

    /// Spatial unrollings (rows, cols, lanes) ranked by the fraction of MACs doing useful
    /// work; each axis unrolls at most two of the dimensions the dataflow allows on it.
    func spatialUnrollings(for layer: Layer) -> [(rows: DimensionVector, cols: DimensionVector, lanes: DimensionVector)] {
        let array = model.accelerator.peArray
        let allowed = model.accelerator.dataflow.allowedSpatialDimensions(for: model.accelerator.array)
        let laneDims = Self.laneDimensions
        let bounds = layer.bounds

        var scored: [(Double, DimensionVector, DimensionVector, DimensionVector)] = []
        let rowOptions = axisOptions(dims: allowed.rows, size: array.rows, remaining: bounds)
        for rows in rowOptions {
            let afterRows = remaining(bounds, after: rows)
            for cols in axisOptions(dims: allowed.cols, size: array.cols, remaining: afterRows) {
                let afterCols = remaining(afterRows, after: cols)
                for lanes in axisOptions(dims: laneDims, size: array.macsPerPE, remaining: afterCols).prefix(4) {
                    let spatial = rows * cols * lanes
                    // Useful fraction: real work over padded work, times array occupancy.
                    var padded = 1.0
                    for d in LoopDimension.allCases {
                        let f = spatial[d]
                        padded *= Double(ceilDiv(bounds[d], f) * f) / Double(bounds[d])
                    }
                    let occupancy = Double(spatial.product) / Double(array.macCount)
                    scored.append((occupancy / padded, rows, cols, lanes))
                }
            }
        }
        scored.sort { a, b in
            if a.0 != b.0 { return a.0 > b.0 }
            return (a.1.product, a.2.product) > (b.1.product, b.2.product)
        }
        var candidates = scored.prefix(spatialCandidates).map { ($0.1, $0.2, $0.3) }
        if model.accelerator.array == .systolic { candidates.insert(Self.foldUnrolling(for: layer, on: model.accelerator), at: 0) }
        return candidates
    }

    /// SCALE-Sim's schedule on a systolic array: the whole operand matrix on the array
    /// (every dimension of Sr on the rows, of Sc on the columns, as far as the dataflow
    /// unrolls them there), folded by the array, the rest streamed in time.
    public static func foldUnrolling(for layer: Layer, on accelerator: Accelerator)
        -> (rows: DimensionVector, cols: DimensionVector, lanes: DimensionVector)
    {
        let allowed = accelerator.dataflow.allowedSpatialDimensions(for: accelerator.array)
        let matrix = SystolicComputeModel.operandMatrixDimensions(for: accelerator.dataflow)
        var rows = DimensionVector.ones, cols = DimensionVector.ones
        for d in matrix.rows where allowed.rows.contains(d) { rows[d] = layer.bounds[d] }
        for d in matrix.cols where allowed.cols.contains(d) { cols[d] = layer.bounds[d] }
        return (rows, cols, .ones)
    }

    private func remaining(_ bounds: DimensionVector, after factors: DimensionVector) -> DimensionVector {
        var r = bounds
        for d in LoopDimension.allCases { r[d] = ceilDiv(bounds[d], factors[d]) }
        return r
    }

    /// Ways to fill one array axis of `size` with one or two allowed dimensions.
    private func axisOptions(dims: [LoopDimension], size: Int, remaining: DimensionVector) -> [DimensionVector] {
        var options: [DimensionVector] = [.ones]
        guard size > 1 else { return options }
        let usable = dims.filter { remaining[$0] > 1 }
        for (i, first) in usable.enumerated() {
            for f1 in FactorOptions.options(for: remaining[first], limit: size, limitFill: true) where f1 > 1 {
                var single = DimensionVector.ones
                single[first] = f1
                options.append(single)
                for second in usable[(i + 1)...] {
                    let limit = size / f1
                    guard limit > 1 else { continue }
                    for f2 in FactorOptions.options(for: remaining[second], limit: limit, limitFill: true).prefix(3) where f2 > 1 {
                        var pair = single
                        pair[second] = f2
                        options.append(pair)
                    }
                }
            }
        }
        // Best occupancy first; keep the search small.
        options.sort { $0.product > $1.product }
        return Array(options.prefix(8))
    }

    /// Temporal factors: each level from the inside out takes the largest split of every
    /// dimension that still fits its capacity; the outermost level takes what is left.
    func fillLevels(layer: Layer, spatial: (rows: DimensionVector, cols: DimensionVector, lanes: DimensionVector),
                    order: [LoopDimension], growInnermostFirst: Bool) -> Mapping {
        let memory = model.accelerator.memory
        let levels = memory.count
        var mapping = Mapping(temporal: Array(repeating: .ones, count: levels),
                              loopOrder: Array(repeating: order, count: levels),
                              spatialRows: spatial.rows, spatialCols: spatial.cols, spatialLanes: spatial.lanes)
        var left = remaining(layer.bounds, after: spatial.rows * spatial.cols * spatial.lanes)
        let growth = growInnermostFirst ? Array(order.reversed()) : order
        // A factor at one level widens the tiles of every level above it, so a growth
        // step must keep all of them within capacity, not only its own.
        let bounded = memory.indices.filter { memory[$0].sizeBytes != nil }
        func fits(from level: Int) -> Bool {
            for upper in bounded where upper >= level {
                if model.tileBytes(layer: layer, mapping: mapping, level: upper) > memory[upper].sizeBytes! { return false }
            }
            return true
        }
        for level in 0..<(levels - 1) where memory[level].sizeBytes != nil {
            for d in growth where left[d] > 1 {
                for f in FactorOptions.options(for: left[d], limit: left[d]) {
                    mapping.temporal[level][d] = f
                    if fits(from: level) { break }
                    mapping.temporal[level][d] = 1
                }
                left[d] = ceilDiv(left[d], mapping.temporal[level][d])
            }
        }
        mapping.temporal[levels - 1] = left
        return mapping
    }
}
