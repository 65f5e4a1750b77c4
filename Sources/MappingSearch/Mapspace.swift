import CodesignCore
import CostModels

/// The mapspace shared by the ILP, exhaustive and random mappers, as in CoSA (Huang et
/// al., ISCA 2021): every loop bound is split into its prime factors, and each prime factor
/// is placed in one slot — a memory level's temporal loops or an array axis — together
/// with one loop order (applied at every level) from the canonical set the dataflow admits
/// (the stationary operand's irrelevant loops innermost). Factorisations
/// are perfect, so the three mappers search exactly the same set and their results can be
/// compared; whether a point is valid is decided by `LayerCostModel.violations`.
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
    /// Prime factors of every loop bound, dimension by dimension, primes ascending.
    public let factors: [PrimeFactor]
    /// Temporal slots for every level (innermost first), then the array axes longer than 1.
    public let slots: [Slot]
    /// For each factor, the slots it may take: any temporal level, and the array axes
    /// the dataflow unrolls its dimension on and that are at least as long as the prime.
    public let allowedSlots: [[Int]]
    public let loopOrders: [[LoopDimension]]

    /// `loopOrders` defaults to the orders the design's dataflow admits.
    public init(layer: Layer, accelerator: Accelerator, loopOrders: [[LoopDimension]]? = nil) {
        self.layer = layer
        self.accelerator = accelerator
        self.loopOrders = loopOrders ?? SearchMapper.loopOrders(for: accelerator.dataflow)
        var factors: [PrimeFactor] = []
        for d in LoopDimension.allCases {
            for p in Mapspace.primeFactors(of: layer.bounds[d]) { factors.append(PrimeFactor(dimension: d, prime: p)) }
        }
        self.factors = factors
        var slots = accelerator.memory.indices.map { Slot.temporal(level: $0) }
        let array = accelerator.peArray
        let allowed = accelerator.dataflow.allowedSpatialDimensions(for: accelerator.array)
        var axisDims: [ArrayAxis: [LoopDimension]] = [:]
        var axisSize: [ArrayAxis: Int] = [:]
        for (axis, size, dims) in [(ArrayAxis.rows, array.rows, allowed.rows), (.cols, array.cols, allowed.cols),
                                   (.lanes, array.macsPerPE, SearchMapper.laneDimensions)] where size > 1 {
            slots.append(.spatial(axis))
            axisDims[axis] = dims
            axisSize[axis] = size
        }
        self.slots = slots
        allowedSlots = factors.map { factor in
            slots.indices.filter { i in
                switch slots[i] {
                case .temporal: true
                case .spatial(let axis):
                    axisDims[axis]!.contains(factor.dimension) && factor.prime <= axisSize[axis]!
                }
            }
        }
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

    /// The slot of every factor for a mapping that uses perfect factors only, or nil when
    /// the mapping lies outside the mapspace (a padded factor, a dimension split unevenly).
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
                for prime in Mapspace.primeFactors(of: f) {
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

    /// Prime factors with multiplicity, ascending; none for 1.
    public static func primeFactors(of n: Int) -> [Int] {
        var n = n
        var result: [Int] = []
        var p = 2
        while p * p <= n {
            while n % p == 0 { result.append(p); n /= p }
            p += 1
        }
        if n > 1 { result.append(n) }
        return result
    }
}
