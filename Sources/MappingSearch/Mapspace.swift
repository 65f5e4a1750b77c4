import CodesignCore
import CostModels

/// The mapspace shared by the ILP, exhaustive and random mappers, as in CoSA (Huang et
/// al., ISCA 2021): every loop bound is split into its prime factors, and each prime factor
/// is placed in one slot — a memory level's temporal loops or an array axis — together
/// with one loop order (applied at every level) from the canonical set the dataflow admits
/// (the stationary operand's irrelevant loops innermost). Whether a point is valid is
/// decided by `LayerCostModel.violations`.
///
/// Bounds are factorised perfectly or padded: a bound an array axis cannot divide (7, 13,
/// 197, 1000 on an axis of 4, 8 or 16) may be padded up to a multiple of a divisor of
/// the axis (`extentOptions`), as Timeloop's imperfect factorisation allows; the cost
/// model charges the padded iterations and tiles. One `Mapspace` factorises one choice of
/// extents; `paddedSpaces` lists every choice, so the three mappers search the same set
/// and their results can be compared.
public struct Mapspace: Sendable {
    public enum Slot: Hashable, Sendable, CustomStringConvertible {
        case temporal(level: Int)
        case spatial(ArrayAxis)

        public var description: String {
            switch self {
            case .temporal(let level): "L\(level)"
            case .spatial(let axis): axis.rawValue
            }
        }
    }

    public struct PrimeFactor: Hashable, Sendable {
        public var dimension: LoopDimension
        public var prime: Int
    }

    public let layer: Layer
    public let accelerator: Accelerator
    /// The loop extents this space factorises: the layer's bounds, some of them padded.
    public let extents: DimensionVector
    /// Prime factors of every extent, dimension by dimension, primes ascending.
    public let factors: [PrimeFactor]
    /// Temporal slots for every level (innermost first), then the array axes longer than 1.
    public let slots: [Slot]
    /// For each factor, the slots it may take: any temporal level, and the array axes the
    /// dataflow unrolls its dimension on: at least as long as the prime on a broadcast
    /// array and on the MAC lanes; any prime on a systolic array's rows and columns, which
    /// fold a larger slice (SystolicComputeModel).
    public let allowedSlots: [[Int]]
    public let loopOrders: [[LoopDimension]]

    /// Padding is offered up to a quarter of the bound: 7→8 and 13→16 on an axis of 4 or
    /// 8 waste 14% and 23% of the work and can still be worth it when the exact bound
    /// leaves most of the axis idle; more waste than that never pays for a whole axis.
    public static let maxPaddingFraction = 0.25
    /// Padded extents offered per dimension, smallest first.
    public static let maxPaddedOptionsPerDimension = 3
    /// Padded spaces per layer at most; beyond it the dimensions with the most options
    /// lose their largest ones first, so that the exhaustive reference stays bounded.
    public static let maxPaddedSpaces = 64

    /// `loopOrders` defaults to the orders the design's dataflow admits; `extents`
    /// defaults to the layer's bounds and may only pad them.
    public init(layer: Layer, accelerator: Accelerator, extents: DimensionVector? = nil,
                loopOrders: [[LoopDimension]]? = nil) {
        self.layer = layer
        self.accelerator = accelerator
        let extents = extents ?? layer.bounds
        self.extents = extents
        self.loopOrders = loopOrders ?? SearchMapper.loopOrders(for: accelerator.dataflow)
        var factors: [PrimeFactor] = []
        for d in LoopDimension.allCases {
            for p in extents[d].primeFactors { factors.append(PrimeFactor(dimension: d, prime: p)) }
        }
        self.factors = factors
        var slots = accelerator.memory.indices.map { Slot.temporal(level: $0) }
        var axisDims: [ArrayAxis: [LoopDimension]] = [:]
        var axisLimit: [ArrayAxis: Int] = [:]
        for (axis, size, dims) in Mapspace.spatialAxes(of: accelerator) {
            slots.append(.spatial(axis))
            axisDims[axis] = dims
            axisLimit[axis] = Mapspace.foldsSlices(axis, of: accelerator) ? Int.max : size
        }
        self.slots = slots
        allowedSlots = factors.map { factor in
            slots.indices.filter { i in
                switch slots[i] {
                case .temporal: true
                case .spatial(let axis):
                    axisDims[axis]!.contains(factor.dimension) && factor.prime <= axisLimit[axis]!
                }
            }
        }
    }

    /// The slots a prime factor of `dimension` may take, in any space of this layer.
    public func allowedSlots(dimension: LoopDimension, prime: Int) -> [Int] {
        if let i = factors.firstIndex(of: PrimeFactor(dimension: dimension, prime: prime)) { return allowedSlots[i] }
        var single = DimensionVector.ones
        single[dimension] = prime
        return Mapspace(layer: layer, accelerator: accelerator, extents: single, loopOrders: loopOrders).allowedSlots[0]
    }

    /// The array axes longer than 1, with their lengths and the dimensions the dataflow
    /// unrolls on them.
    static func spatialAxes(of accelerator: Accelerator) -> [(ArrayAxis, Int, [LoopDimension])] {
        let array = accelerator.peArray
        let allowed = accelerator.dataflow.allowedSpatialDimensions(for: accelerator.array)
        return [(ArrayAxis.rows, array.rows, allowed.rows), (.cols, array.cols, allowed.cols),
                (.lanes, array.macsPerPE, SearchMapper.laneDimensions)].filter { $0.1 > 1 }
    }

    /// Whether an axis takes a slice longer than itself in folds: a systolic array's rows
    /// and columns; never the MAC lanes, never a broadcast array.
    static func foldsSlices(_ axis: ArrayAxis, of accelerator: Accelerator) -> Bool {
        accelerator.array == .systolic && axis != .lanes
    }

    /// Per dimension (`LoopDimension.allCases` order), the extents the mapspace admits,
    /// ascending, the layer's own bound first: the bound rounded up to a multiple of each
    /// divisor (≥ 2) of every axis that unrolls the dimension and cannot fold, within
    /// `maxPaddingFraction` of the bound.
    public static func extentOptions(layer: Layer, accelerator: Accelerator) -> [[Int]] {
        let axes = spatialAxes(of: accelerator).filter { !foldsSlices($0.0, of: accelerator) }
        var options = LoopDimension.allCases.map { d -> [Int] in
            let n = layer.bounds[d]
            var padded = Set<Int>()
            for (_, length, dims) in axes where dims.contains(d) && n > 1 {
                for m in 2...max(length, 2) where length % m == 0 {
                    let e = ceilDiv(n, m) * m
                    if e > n && Double(e - n) <= maxPaddingFraction * Double(n) { padded.insert(e) }
                }
            }
            return [n] + padded.sorted().prefix(maxPaddedOptionsPerDimension)
        }
        while options.reduce(1, { $0 * $1.count }) > maxPaddedSpaces {
            let widest = options.indices.max { (options[$0].count, $1) < (options[$1].count, $0) }!
            options[widest].removeLast()
        }
        return options
    }

    /// Every space of the mapspace: one per combination of extent options, the exact
    /// factorisation first.
    public static func paddedSpaces(layer: Layer, accelerator: Accelerator,
                                    loopOrders: [[LoopDimension]]? = nil) -> [Mapspace] {
        let options = extentOptions(layer: layer, accelerator: accelerator)
        var combinations: [DimensionVector] = [layer.bounds]
        for (i, d) in LoopDimension.allCases.enumerated() where options[i].count > 1 {
            combinations = combinations.flatMap { base in
                options[i].map { e -> DimensionVector in
                    var v = base
                    v[d] = e
                    return v
                }
            }
        }
        return combinations.map { Mapspace(layer: layer, accelerator: accelerator, extents: $0, loopOrders: loopOrders) }
    }

    /// The space of `spaces` whose extents a mapping's factors cover exactly, if any.
    public static func space(of mapping: Mapping, in spaces: [Mapspace]) -> Mapspace? {
        spaces.first { $0.extents == mapping.coveredBounds }
    }

    /// The mapping that puts factor `i` in slot `slotOfFactor[i]`, with loop order `loopOrder`.
    public func mapping(slotOfFactor: [Int], loopOrder: Int) -> Mapping {
        let levels = accelerator.memory.count
        var mapping = Mapping(temporal: Array(repeating: .ones, count: levels),
                              loopOrder: Array(repeating: loopOrders[loopOrder], count: levels))
        for (i, factor) in factors.enumerated() {
            let d = factor.dimension
            switch slots[slotOfFactor[i]] {
            case .temporal(let level): mapping.temporal[level][d] *= factor.prime
            case .spatial(.rows): mapping.spatialRows[d] *= factor.prime
            case .spatial(.cols): mapping.spatialCols[d] *= factor.prime
            case .spatial(.lanes): mapping.spatialLanes[d] *= factor.prime
            }
        }
        return mapping
    }

    /// The slot of every factor for a mapping whose factors are exactly this space's, or
    /// nil when the mapping lies outside it (other extents, a prime the space has not).
    public func assignment(of mapping: Mapping) -> [Int]? {
        var remaining: [LoopDimension: [Int]] = [:]
        for (i, factor) in factors.enumerated() { remaining[factor.dimension, default: []].append(i) }
        var slotOfFactor = [Int](repeating: -1, count: factors.count)
        for (slotIndex, slot) in slots.enumerated() {
            for d in LoopDimension.allCases {
                let f: Int
                switch slot {
                case .temporal(let level): f = mapping.temporal[level][d]
                case .spatial(.rows): f = mapping.spatialRows[d]
                case .spatial(.cols): f = mapping.spatialCols[d]
                case .spatial(.lanes): f = mapping.spatialLanes[d]
                }
                for prime in f.primeFactors {
                    guard let k = remaining[d]?.firstIndex(where: { factors[$0].prime == prime }) else { return nil }
                    let factorIndex = remaining[d]!.remove(at: k)
                    guard allowedSlots[factorIndex].contains(slotIndex) else { return nil }
                    slotOfFactor[factorIndex] = slotIndex
                }
            }
        }
        // A factor on an axis without a slot (length 1) is left unplaced: outside the mapspace.
        return slotOfFactor.contains(-1) ? nil : slotOfFactor
    }
}
