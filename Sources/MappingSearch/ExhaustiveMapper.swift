import CodesignCore
import CostModels

/// The reference for the ILP mapper: the true optimum of the exact cost model over the
/// whole mapspace — every padded space (`Mapspace.paddedSpaces`), every valid placement of
/// every prime factor, under every loop order.
///
/// Identical prime factors of one dimension are interchangeable, so the search enumerates,
/// per (dimension, prime), how many copies go to each allowed slot (a composition), never
/// their permutations. Slots are filled one at a time, innermost first (MAC lanes, the
/// per-PE levels, the array axes, then the shared levels), and the outermost level takes
/// whatever is left. A slot's factors only ever enlarge the tiles that contain it, so a
/// partial assignment whose array axis or tile already overflows is cut with everything
/// below it: the pruning removes invalid points only. Loop orders that give the same nest
/// at every level (they differ only in loops of extent 1) are scored once.
public struct ExhaustiveMapper: Sendable {
    public let model: LayerCostModel
    public let objective: MappingObjective
    /// Valid points (slot assignments × loop orders) the search may visit before refusing.
    public let maxPoints: Int

    /// What the search saw, to judge what an exhaustive optimum costs.
    public struct Statistics: Sendable, Hashable, Codable {
        /// Size of the mapspace up to interchangeable factors: compositions × loop orders,
        /// saturating at `Int.max`.
        public var mapspacePoints: Int
        /// Points within the array axes and every capacity: the ones the search visits.
        public var validPoints: Int
        /// Exact cost-model evaluations (equivalent loop orders are scored once).
        public var evaluations: Int
    }

    /// The optimum with the search statistics and the winning point as slot assignment.
    public struct Outcome: Sendable {
        public var result: MappingResult
        public var statistics: Statistics
        /// The winning point in the Mapspace's terms: the extents of its padded space, the
        /// slot of every prime factor there and the loop order's index (nil for vector-unit
        /// layers, which have no mapspace).
        public var extents: DimensionVector?
        public var slotOfFactor: [Int]?
        public var loopOrder: Int?
    }

    public init(model: LayerCostModel, objective: MappingObjective, maxPoints: Int = 50_000_000) {
        self.model = model
        self.objective = objective
        self.maxPoints = maxPoints
    }

    public func map(_ layer: Layer) throws(MappingError) -> MappingResult {
        try explore(layer).result
    }

    /// The size of a layer's search without scoring anything (`evaluations` is 0), to size
    /// a case before running it. Counting stops once `validPoints` passes `limit`.
    public func countPoints(_ layer: Layer, stopAbove limit: Int = Int.max) throws(MappingError) -> Statistics {
        let search = SearchMapper(model: model, objective: objective)
        if !layer.op.runsOnPEArray { return Statistics(mapspacePoints: 1, validPoints: 1, evaluations: 0) }
        try search.checkFeasibility(of: layer)
        var statistics = Statistics(mapspacePoints: 0, validPoints: 0, evaluations: 0)
        for space in Mapspace.paddedSpaces(layer: layer, accelerator: model.accelerator) {
            var enumeration = MapspaceEnumeration(space: space, model: model, objective: objective)
            enumeration.run(countOnly: true, stopAbove: limit - min(limit, statistics.validPoints))
            statistics.add(mapspacePoints: enumeration.mapspacePoints, validPoints: enumeration.validPoints, evaluations: 0)
            if statistics.validPoints > limit { break }
        }
        return statistics
    }

    /// `map` with the search statistics and the optimum's slot assignment.
    public func explore(_ layer: Layer) throws(MappingError) -> Outcome {
        let search = SearchMapper(model: model, objective: objective)
        if !layer.op.runsOnPEArray {
            let result = try search.map(layer)
            return Outcome(result: result, statistics: Statistics(mapspacePoints: 1, validPoints: 1, evaluations: 1))
        }
        try search.checkFeasibility(of: layer)
        let spaces = Mapspace.paddedSpaces(layer: layer, accelerator: model.accelerator)
        var enumerations = spaces.map { MapspaceEnumeration(space: $0, model: model, objective: objective) }
        var statistics = Statistics(mapspacePoints: 0, validPoints: 0, evaluations: 0)
        for enumeration in enumerations { statistics.add(mapspacePoints: enumeration.mapspacePoints, validPoints: 0, evaluations: 0) }

        // Counting is far cheaper than scoring, so a space too large to score is refused
        // after a count that stops as soon as it passes the limit.
        if statistics.mapspacePoints > maxPoints {
            let counted = try countPoints(layer, stopAbove: maxPoints)
            if counted.validPoints > maxPoints {
                throw .mapspaceTooLarge(layer: layer.name, points: statistics.mapspacePoints, limit: maxPoints)
            }
        }
        var best: (result: MappingResult, space: Mapspace, loopOrder: Int)?
        for index in enumerations.indices {
            enumerations[index].run(countOnly: false, stopAbove: Int.max)
            let enumeration = enumerations[index]
            statistics.add(mapspacePoints: 0, validPoints: enumeration.validPoints, evaluations: enumeration.evaluations)
            guard let found = enumeration.best else { continue }
            if best == nil || objective.prefers(found.cost, over: best!.result.cost) {
                best = (MappingResult(mapping: found.mapping, cost: found.cost, mapper: .exhaustive, status: .optimal, evaluatedCount: 0),
                        enumeration.space, found.loopOrder)
            }
        }
        guard var best else {
            throw .noValidMapping(layer: layer.name, reason: enumerations[0].reasonNothingFits())
        }
        best.result.evaluatedCount = statistics.evaluations
        return Outcome(result: best.result, statistics: statistics, extents: best.space.extents,
                       slotOfFactor: best.space.assignment(of: best.result.mapping), loopOrder: best.loopOrder)
    }
}

extension ExhaustiveMapper.Statistics {
    /// Adds one padded space's figures, saturating at `Int.max`.
    mutating func add(mapspacePoints points: Int, validPoints valid: Int, evaluations scored: Int) {
        func saturating(_ a: Int, _ b: Int) -> Int { a.addingReportingOverflow(b).overflow ? Int.max : a + b }
        mapspacePoints = saturating(mapspacePoints, points)
        validPoints = saturating(validPoints, valid)
        evaluations = saturating(evaluations, scored)
    }
}

/// The depth-first enumeration behind `ExhaustiveMapper`. The mapping under construction is
/// mutated in place (a factor multiplied in on the way down, divided out on the way back),
/// so the only allocations per point are the cost model's own.
struct MapspaceEnumeration {
    let space: Mapspace
    let model: LayerCostModel
    let objective: MappingObjective
    let layer: Layer

    // Groups of identical prime factors: (dimension, prime) with their multiplicity.
    let groupDimension: [LoopDimension]
    let groupPrime: [Int]
    let groupSize: [Int]
    /// Bit `s` set when the group may take slot `s` (a `space.slots` index).
    let groupAllowed: [UInt64]

    /// Slot indices in the order they are filled; the last is the outermost level.
    let sequence: [Int]
    /// Array-axis length per slot, 0 for temporal slots and axes that fold.
    let axisSize: [Int]
    /// Per slot, the bounded levels whose tile contains it and must be re-checked when it grows.
    let checkedLevels: [[Int]]
    let capacityBytes: [Int]
    let levelCount: Int

    let orderCount: Int
    /// Whether a completed point needs the cost model's full validity check.
    let checksEveryPoint: Bool
    /// `sameNest[(i * orderCount + j) * 256 + mask]`: orders i and j agree on the relative
    /// order of every pair of dimensions in `mask` (bit = `LoopDimension.index`).
    let sameNest: [Bool]

    var mapping: Mapping
    var remaining: [Int]
    var axisProduct: [Int]
    var nontrivial: [Int]

    private(set) var validPoints = 0
    private(set) var evaluations = 0
    private(set) var best: (mapping: Mapping, cost: LayerCost, loopOrder: Int)?
    private var countOnly = false
    private var stopAbove = Int.max
    private var stopped = false

    init(space: Mapspace, model: LayerCostModel, objective: MappingObjective) {
        self.space = space
        self.model = model
        self.objective = objective
        layer = space.layer
        let accelerator = space.accelerator
        levelCount = accelerator.memory.count

        var dimension: [LoopDimension] = [], prime: [Int] = [], size: [Int] = [], allowed: [UInt64] = []
        for (i, factor) in space.factors.enumerated() {
            if let last = dimension.indices.last, dimension[last] == factor.dimension, prime[last] == factor.prime {
                size[last] += 1
            } else {
                dimension.append(factor.dimension)
                prime.append(factor.prime)
                size.append(1)
                allowed.append(space.allowedSlots[i].reduce(UInt64(0)) { $0 | (1 << UInt64($1)) })
            }
        }
        groupDimension = dimension
        groupPrime = prime
        groupSize = size
        groupAllowed = allowed

        let perPE = accelerator.perPELevelCount
        let top = levelCount - 1
        let array = accelerator.peArray
        var axisSize = [Int](repeating: 0, count: space.slots.count)
        var temporalSlot = [Int](repeating: 0, count: levelCount)
        var spatialSlots: [Int] = []
        var laneSlot: Int?
        for (index, slot) in space.slots.enumerated() {
            switch slot {
            case .temporal(let level): temporalSlot[level] = index
            case .spatial(.lanes): axisSize[index] = array.macsPerPE; laneSlot = index
            case .spatial(.rows): axisSize[index] = array.rows; spatialSlots.append(index)
            case .spatial(.cols): axisSize[index] = array.cols; spatialSlots.append(index)
            }
            // An axis that folds a longer slice is never full.
            if case .spatial(let axis) = slot, Mapspace.foldsSlices(axis, of: accelerator) { axisSize[index] = 0 }
        }
        self.axisSize = axisSize
        // Lanes sit in every tile; per-PE tiles do not see the array axes, so the per-PE
        // levels are filled (and checked) before the axes; the outermost level comes last.
        var sequence: [Int] = laneSlot.map { [$0] } ?? []
        sequence += (0..<min(perPE, top)).map { temporalSlot[$0] }
        sequence += spatialSlots
        sequence += (min(perPE, top)...top).map { temporalSlot[$0] }
        self.sequence = sequence

        let bounded = accelerator.memory.indices.filter { accelerator.memory[$0].sizeBytes != nil }
        capacityBytes = accelerator.memory.map { $0.sizeBytes ?? Int.max }
        checkedLevels = space.slots.map { slot in
            switch slot {
            case .temporal(let level): bounded.filter { $0 >= level }
            case .spatial(.lanes): bounded
            case .spatial: bounded.filter { $0 >= perPE }
            }
        }

        let orders = space.loopOrders
        orderCount = orders.count
        checksEveryPoint = model.sharesPELevels
        var sameNest = [Bool](repeating: true, count: orderCount * orderCount * 256)
        for i in 0..<orderCount {
            for j in 0..<orderCount {
                let position = { (order: [LoopDimension], d: LoopDimension) in order.firstIndex(of: d)! }
                for mask in 0..<256 {
                    let dims = LoopDimension.allCases.filter { mask & (1 << $0.index) != 0 }
                    var agree = true
                    for a in dims {
                        for b in dims where a.index < b.index {
                            if (position(orders[i], a) < position(orders[i], b))
                                != (position(orders[j], a) < position(orders[j], b)) { agree = false }
                        }
                    }
                    sameNest[(i * orderCount + j) * 256 + mask] = agree
                }
            }
        }
        self.sameNest = sameNest

        mapping = Mapping(temporal: Array(repeating: .ones, count: levelCount),
                          loopOrder: Array(repeating: orders[0], count: levelCount))
        remaining = size
        axisProduct = [Int](repeating: 1, count: space.slots.count)
        nontrivial = [Int](repeating: 0, count: levelCount)
    }

    /// Compositions of every group over its allowed slots, times the loop orders.
    var mapspacePoints: Int {
        var total = orderCount
        for g in groupSize.indices {
            let slots = groupAllowed[g].nonzeroBitCount
            // C(size + slots - 1, slots - 1), exact in a running product.
            var ways = 1
            for i in 1..<max(slots, 1) {
                let (product, overflow) = ways.multipliedReportingOverflow(by: groupSize[g] + i)
                if overflow { return Int.max }
                ways = product / i
            }
            let (product, overflow) = total.multipliedReportingOverflow(by: ways)
            if overflow { return Int.max }
            total = product
        }
        return total
    }

    /// Visits every valid point; with `countOnly` it only counts them, stopping once the
    /// count passes `stopAbove`.
    mutating func run(countOnly: Bool, stopAbove: Int) {
        self.countOnly = countOnly
        self.stopAbove = stopAbove
        descend(position: 0, group: 0)
    }

    private mutating func descend(position: Int, group: Int) {
        if stopped { return }
        if position == sequence.count - 1 {
            fillOutermost()
            return
        }
        if group == groupSize.count {
            descend(position: position + 1, group: 0)
            return
        }
        let slot = sequence[position]
        let available = remaining[group]
        if available == 0 || groupAllowed[group] & (1 << UInt64(slot)) == 0 {
            descend(position: position, group: group + 1)
            return
        }
        let d = groupDimension[group]
        let p = groupPrime[group]
        descend(position: position, group: group + 1)
        var placed = 0
        while placed < available && !stopped {
            scale(slot: slot, dimension: d, by: p)
            placed += 1
            remaining[group] -= 1
            // Tiles and axis products only grow with more copies: the first overflow ends the loop.
            if !fits(slot: slot) { break }
            descend(position: position, group: group + 1)
        }
        var undo = 1
        for _ in 0..<placed { undo *= p }
        unscale(slot: slot, dimension: d, by: undo)
        remaining[group] += placed
    }

    /// The outermost level takes every factor not placed yet.
    private mutating func fillOutermost() {
        let top = levelCount - 1
        let slot = sequence[sequence.count - 1]
        let saved = mapping.temporal[top]
        for g in groupSize.indices where remaining[g] > 0 {
            var f = 1
            for _ in 0..<remaining[g] { f *= groupPrime[g] }
            mapping.temporal[top][groupDimension[g]] *= f
        }
        if fits(slot: slot) { visitPoint() }
        mapping.temporal[top] = saved
    }

    private mutating func scale(slot: Int, dimension d: LoopDimension, by factor: Int) {
        switch space.slots[slot] {
        case .temporal(let level): mapping.temporal[level][d] *= factor
        case .spatial(.rows): mapping.spatialRows[d] *= factor
        case .spatial(.cols): mapping.spatialCols[d] *= factor
        case .spatial(.lanes): mapping.spatialLanes[d] *= factor
        }
        if axisSize[slot] > 0 { axisProduct[slot] *= factor }
    }

    private mutating func unscale(slot: Int, dimension d: LoopDimension, by factor: Int) {
        guard factor > 1 else { return }
        switch space.slots[slot] {
        case .temporal(let level): mapping.temporal[level][d] /= factor
        case .spatial(.rows): mapping.spatialRows[d] /= factor
        case .spatial(.cols): mapping.spatialCols[d] /= factor
        case .spatial(.lanes): mapping.spatialLanes[d] /= factor
        }
        if axisSize[slot] > 0 { axisProduct[slot] /= factor }
    }

    /// The partial mapping's tiles are lower bounds of the final ones (unplaced factors are
    /// still 1), so an overflow here is an overflow of every completion.
    private func fits(slot: Int) -> Bool {
        if axisSize[slot] > 0 && axisProduct[slot] > axisSize[slot] { return false }
        for level in checkedLevels[slot] where model.tileBytes(layer: layer, mapping: mapping, level: level) > capacityBytes[level] {
            return false
        }
        return true
    }

    private mutating func visitPoint() {
        // A per-PE level shared by a group of PEs has tiles that grow with the array axes,
        // which the pruning above does not see: such designs check every point in full.
        if checksEveryPoint && !model.violations(of: mapping, for: layer).isEmpty { return }
        validPoints += orderCount
        if countOnly {
            if validPoints > stopAbove { stopped = true }
            return
        }
        for level in 0..<levelCount {
            let t = mapping.temporal[level]
            var mask = 0
            for d in LoopDimension.allCases where t[d] > 1 { mask |= 1 << d.index }
            nontrivial[level] = mask
        }
        for order in 0..<orderCount {
            if isRepeat(order) { continue }
            for level in 0..<levelCount { mapping.loopOrder[level] = space.loopOrders[order] }
            let cost = model.cost(of: layer, mapping: mapping)
            evaluations += 1
            if best == nil || objective.prefers(cost, over: best!.cost) {
                best = (mapping, cost, order)
            }
        }
    }

    /// Whether an earlier order gives the same nest at every level: loops of extent 1 do
    /// nothing, so only the relative order of the others matters to the cost.
    private func isRepeat(_ order: Int) -> Bool {
        earlier: for previous in 0..<order {
            for level in 0..<levelCount where !sameNest[(previous * orderCount + order) * 256 + nontrivial[level]] {
                continue earlier
            }
            return true
        }
        return false
    }

    /// Why no point is valid: the first violation of the point with every factor at the
    /// outermost level, which has the smallest inner tiles.
    func reasonNothingFits() -> String {
        let outermost = space.slots.firstIndex { $0 == .temporal(level: levelCount - 1) }!
        let point = space.mapping(slotOfFactor: space.factors.map { _ in outermost }, loopOrder: 0)
        let detail = model.violations(of: point, for: layer).first.map { ": even with every factor at the outermost level, \($0)" } ?? ""
        return "no point of the mapspace fits the array and the memory capacities\(detail)"
    }
}
