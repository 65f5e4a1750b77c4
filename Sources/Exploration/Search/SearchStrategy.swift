import CodesignCore
/// The co-design space as a search strategy sees it: how many designs and variants, and the
/// axes they are mixed-radix products of, so that a strategy can move along one knob
/// (array rows, buffer size, width, resolution, …) at a time.
public struct SearchSpace: Sendable, Hashable {
    public var designCount: Int
    public var variantCount: Int
    /// Lengths of the design space's axes; their mixed-radix product is `designCount`, the
    /// last axis varying fastest. If they do not multiply to `designCount`, the designs are
    /// treated as one axis of `designCount` values.
    public var designAxes: [Int]
    /// Same for the variants.
    public var variantAxes: [Int]

    public init(designCount: Int, variantCount: Int, designAxes: [Int], variantAxes: [Int]) {
        self.designCount = designCount
        self.variantCount = variantCount
        self.designAxes = designAxes
        self.variantAxes = variantAxes
    }

    /// A space whose counts are the products of its axes.
    public init(designAxes: [Int], variantAxes: [Int]) {
        self.init(designCount: designAxes.reduce(1, *), variantCount: variantAxes.reduce(1, *),
                  designAxes: designAxes, variantAxes: variantAxes)
    }

    /// Designs × variants (0 for an empty or absurdly large space, whose product overflows).
    public var pointCount: Int {
        guard designCount > 0, variantCount > 0 else { return 0 }
        let (product, overflow) = designCount.multipliedReportingOverflow(by: variantCount)
        return overflow ? 0 : product
    }

    /// Design axes then variant axes, as a genome's coordinate ranges.
    public var genomeAxes: [Int] { effectiveDesignAxes + effectiveVariantAxes }

    /// The point's coordinates on every axis: design axes first, then variant axes.
    public func genome(of id: PointID) -> [Int] {
        MixedRadix.digits(of: id.designIndex, radices: effectiveDesignAxes)
            + MixedRadix.digits(of: id.variantIndex, radices: effectiveVariantAxes)
    }

    /// The point at the given coordinates (the inverse of `genome(of:)`).
    public func pointID(genome: [Int]) -> PointID {
        let designAxes = effectiveDesignAxes
        return PointID(designIndex: MixedRadix.number(genome.prefix(designAxes.count), radices: designAxes),
                       variantIndex: MixedRadix.number(genome.dropFirst(designAxes.count), radices: effectiveVariantAxes))
    }

    /// Position in the design-major order (design, then variant).
    func flatIndex(of id: PointID) -> Int { id.designIndex * variantCount + id.variantIndex }

    func pointID(flatIndex: Int) -> PointID {
        PointID(designIndex: flatIndex / variantCount, variantIndex: flatIndex % variantCount)
    }

    /// Whether `id` names a point of this space: a store row outside it was edited by hand
    /// or belongs to another space, and must never reach an evaluation.
    public func contains(_ id: PointID) -> Bool {
        (0..<designCount).contains(id.designIndex) && (0..<variantCount).contains(id.variantIndex)
    }

    private var effectiveDesignAxes: [Int] { Self.axes(designAxes, count: designCount) }
    private var effectiveVariantAxes: [Int] { Self.axes(variantAxes, count: variantCount) }

    private static func axes(_ axes: [Int], count: Int) -> [Int] {
        guard axes.allSatisfy({ $0 > 0 }) else { return [count] }
        var product = 1
        for length in axes {
            let (next, overflow) = product.multipliedReportingOverflow(by: length)
            if overflow { return [count] }
            product = next
        }
        return product == count ? axes : [count]
    }
}

/// Ask/tell: the strategy proposes points, the caller evaluates them (in parallel, from a
/// store, on another machine) and reports back. Keeping evaluation out of the strategy is
/// what lets a run resume by replaying its asks with stored results.
public protocol SearchStrategy: Sendable {
    /// The next points to evaluate, at most `count`; never one already asked or told; empty
    /// when the budget or the space is exhausted.
    mutating func ask(count: Int) -> [PointID]
    /// Results of evaluated points, in a fixed order (the strategy's state depends on it).
    mutating func tell(_ results: [EvaluatedPoint])
}

// MARK: - Grid

/// Every point once, design-major then variant, up to the budget. Points told without being
/// asked (e.g. stored by an earlier run) are skipped and count against the budget.
public struct GridSearch: SearchStrategy {
    public let space: SearchSpace
    /// Evaluations at most.
    public let budget: Int
    private var next = 0
    private var spent = 0
    private var toldUnasked: Set<Int> = []

    public init(space: SearchSpace, budget: Int? = nil) {
        self.space = space
        self.budget = max(0, Swift.min(budget ?? space.pointCount, space.pointCount))
    }

    public mutating func ask(count: Int) -> [PointID] {
        var asked: [PointID] = []
        while asked.count < count && spent < budget && next < space.pointCount {
            if !toldUnasked.contains(next) {
                asked.append(space.pointID(flatIndex: next))
                spent += 1
            }
            next += 1
        }
        return asked
    }

    public mutating func tell(_ results: [EvaluatedPoint]) {
        for point in results where space.contains(point.id) {
            let index = space.flatIndex(of: point.id)
            if index >= next, toldUnasked.insert(index).inserted { spent += 1 }
        }
    }
}

// MARK: - Random

/// Distinct uniformly random points without replacement, deterministic from the seed: a
/// Fisher–Yates shuffle done lazily (only the swapped positions are kept), so asking k points
/// of a space of any size costs O(k) time and memory.
public struct RandomSearch: SearchStrategy {
    public let space: SearchSpace
    public let seed: UInt64
    /// Evaluations at most.
    public let budget: Int
    private var generator: SearchRandom
    private var drawn = 0
    private var spent = 0
    private var swapped: [Int: Int] = [:]
    private var asked: Set<Int> = []

    public init(space: SearchSpace, seed: UInt64, budget: Int) {
        self.space = space
        self.seed = seed
        self.budget = max(0, Swift.min(budget, space.pointCount))
        self.generator = SearchRandom(seed: seed)
    }

    public mutating func ask(count: Int) -> [PointID] {
        var result: [PointID] = []
        let total = space.pointCount
        while result.count < count && spent < budget && drawn < total {
            let j = drawn + generator.next(below: total - drawn)
            let value = swapped[j] ?? j
            swapped[j] = swapped[drawn] ?? drawn
            swapped[drawn] = nil
            drawn += 1
            if asked.insert(value).inserted {
                result.append(space.pointID(flatIndex: value))
                spent += 1
            }
        }
        return result
    }

    public mutating func tell(_ results: [EvaluatedPoint]) {
        for point in results where space.contains(point.id) {
            if asked.insert(space.flatIndex(of: point.id)).inserted { spent += 1 }
        }
    }
}

// MARK: - Generator

/// The strategies' random source: CodesignCore's SplitMix64 stream with rejection sampling
/// for bounded integers (kept rather than SplitMix64's own reduction so that a seed keeps
/// exploring the points it always did).
struct SearchRandom: Sendable {
    private var base: SplitMix64

    init(seed: UInt64) { base = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { base.next() }

    /// Uniform in 0..<bound, without modulo bias (0 when bound ≤ 1).
    mutating func next(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let limit = UInt64(bound)
        let threshold = (0 &- limit) % limit
        while true {
            let value = next()
            if value >= threshold { return Int(value % limit) }
        }
    }
}
