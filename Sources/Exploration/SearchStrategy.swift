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
        Self.digits(of: id.designIndex, radices: effectiveDesignAxes)
            + Self.digits(of: id.variantIndex, radices: effectiveVariantAxes)
    }

    /// The point at the given coordinates (the inverse of `genome(of:)`).
    public func pointID(genome: [Int]) -> PointID {
        let designAxes = effectiveDesignAxes
        return PointID(designIndex: Self.number(genome.prefix(designAxes.count), radices: designAxes),
                       variantIndex: Self.number(genome.dropFirst(designAxes.count), radices: effectiveVariantAxes))
    }

    /// Position in the design-major order (design, then variant).
    func flatIndex(of id: PointID) -> Int { id.designIndex * variantCount + id.variantIndex }

    func pointID(flatIndex: Int) -> PointID {
        PointID(designIndex: flatIndex / variantCount, variantIndex: flatIndex % variantCount)
    }

    func contains(_ id: PointID) -> Bool {
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

    private static func digits(of number: Int, radices: [Int]) -> [Int] {
        var rest = number
        var digits = [Int](repeating: 0, count: radices.count)
        for axis in radices.indices.reversed() {
            digits[axis] = rest % radices[axis]
            rest /= radices[axis]
        }
        return digits
    }

    private static func number<C: Collection<Int>>(_ digits: C, radices: [Int]) -> Int {
        zip(digits, radices).reduce(0) { $0 * $1.1 + $1.0 }
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

// MARK: - NSGA-II

/// NSGA-II (Deb et al., IEEE TEC 2002) on the genome of axis coordinates (design axes, then
/// variant axes): binary tournaments on (rank, crowding), uniform crossover per coordinate,
/// mutation of one coordinate to another value of its axis, and (μ + λ) survival by
/// non-dominated sorting and crowding distance.
///
/// Constraint domination: feasible points (with every objective present) rank before all
/// others; the others rank after them one by one in the order they were told, the earliest
/// first, so the order is total and deterministic. A point already asked or told is never
/// asked again: a child that repeats one is redrawn, and after a few tries replaced by an
/// unvisited random point. The first `populationSize` asks are random; later asks breed from
/// the survivors of everything told so far, so the result depends only on the seed and on
/// the order of ask and tell calls.
public struct NSGA2: SearchStrategy {
    public let space: SearchSpace
    public let seed: UInt64
    public let populationSize: Int
    public let objectives: [ExplorationMetric]
    /// Evaluations at most.
    public let budget: Int

    struct Individual: Sendable {
        var genome: [Int]
        /// Minimisation vector, nil when infeasible or missing an objective.
        var objectives: [Double]?
        /// Position in the order told; ties are broken by it.
        var sequence: Int
        var rank = 0
        var crowding = 0.0
    }

    private var generator: SearchRandom
    private var visited: Set<Int> = []
    private var spent = 0
    private var told = 0
    private var toldIndices: Set<Int> = []
    private var population: [Individual] = []
    private let axes: [Int]

    /// Children redrawn at most this many times when they repeat a visited point.
    private let breedingAttempts = 32

    public init(space: SearchSpace, seed: UInt64, populationSize: Int, objectives: [ExplorationMetric], budget: Int) {
        self.space = space
        self.seed = seed
        self.populationSize = max(2, populationSize)
        self.objectives = objectives
        self.budget = max(0, Swift.min(budget, space.pointCount))
        self.generator = SearchRandom(seed: seed)
        self.axes = space.genomeAxes
    }

    public mutating func ask(count: Int) -> [PointID] {
        var result: [PointID] = []
        while result.count < count && spent < budget {
            let index: Int?
            if spent < populationSize || population.count < 2 {
                index = randomUnvisited()
            } else {
                index = offspring() ?? randomUnvisited()
            }
            guard let index else { break }
            visited.insert(index)
            spent += 1
            result.append(space.pointID(flatIndex: index))
        }
        return result
    }

    public mutating func tell(_ results: [EvaluatedPoint]) {
        var combined = population
        for point in results where space.contains(point.id) {
            let index = space.flatIndex(of: point.id)
            if visited.insert(index).inserted { spent += 1 }
            // A point told twice counts once: the first result is the one the search saw.
            guard toldIndices.insert(index).inserted else { continue }
            let vector = point.feasible ? ParetoFront.minimizationVector(of: point, objectives: objectives) : nil
            combined.append(Individual(genome: space.genome(of: point.id), objectives: vector, sequence: told))
            told += 1
        }
        population = Self.survivors(of: combined, count: populationSize)
    }

    // MARK: Breeding

    private mutating func offspring() -> Int? {
        for _ in 0..<breedingAttempts {
            let first = tournament(), second = tournament()
            var child = population[first].genome
            let other = population[second].genome
            for axis in child.indices where generator.next(below: 2) == 1 { child[axis] = other[axis] }
            mutate(&child)
            let index = space.flatIndex(of: space.pointID(genome: child))
            if !visited.contains(index) { return index }
        }
        return nil
    }

    private mutating func tournament() -> Int {
        let a = generator.next(below: population.count)
        let b = generator.next(below: population.count)
        return Self.better(population[a], population[b]) ? a : b
    }

    private mutating func mutate(_ genome: inout [Int]) {
        let mutable = axes.indices.filter { axes[$0] > 1 }
        guard !mutable.isEmpty else { return }
        let axis = mutable[generator.next(below: mutable.count)]
        let shift = 1 + generator.next(below: axes[axis] - 1)
        genome[axis] = (genome[axis] + shift) % axes[axis]
    }

    /// A random point not yet visited: a few uniform draws, then the first unvisited point
    /// after a random start (so a nearly exhausted space still ends).
    private mutating func randomUnvisited() -> Int? {
        let total = space.pointCount
        guard visited.count < total else { return nil }
        for _ in 0..<64 {
            let index = generator.next(below: total)
            if !visited.contains(index) { return index }
        }
        let start = generator.next(below: total)
        for offset in 0..<total {
            let index = (start + offset) % total
            if !visited.contains(index) { return index }
        }
        return nil
    }

    // MARK: Survival

    /// Lower rank wins, then larger crowding distance, then the earlier told.
    static func better(_ a: Individual, _ b: Individual) -> Bool {
        if a.rank != b.rank { return a.rank < b.rank }
        if a.crowding != b.crowding { return a.crowding > b.crowding }
        return a.sequence < b.sequence
    }

    /// The best `count` of `individuals`, ranked and crowded.
    static func survivors(of individuals: [Individual], count: Int) -> [Individual] {
        let ranked = rankAndCrowd(individuals)
        return Array(ranked.sorted(by: better).prefix(count))
    }

    /// Fast non-dominated sorting with crowding distance for the feasible individuals; the
    /// infeasible ones get ranks after the last feasible front, one each, in the order told.
    static func rankAndCrowd(_ individuals: [Individual]) -> [Individual] {
        var result = individuals
        let feasible = result.indices.filter { result[$0].objectives != nil }
        var dominatedBy = [[Int]](repeating: [], count: feasible.count)
        var dominationCount = [Int](repeating: 0, count: feasible.count)
        for i in feasible.indices {
            for j in feasible.indices where j > i {
                let a = result[feasible[i]].objectives!, b = result[feasible[j]].objectives!
                if ParetoFront.dominates(a, b) {
                    dominatedBy[i].append(j); dominationCount[j] += 1
                } else if ParetoFront.dominates(b, a) {
                    dominatedBy[j].append(i); dominationCount[i] += 1
                }
            }
        }
        var current = feasible.indices.filter { dominationCount[$0] == 0 }
        var rank = 0
        while !current.isEmpty {
            let members = current.map { feasible[$0] }
            for member in members { result[member].rank = rank }
            assignCrowding(members, in: &result)
            var next: [Int] = []
            for i in current {
                for j in dominatedBy[i] {
                    dominationCount[j] -= 1
                    if dominationCount[j] == 0 { next.append(j) }
                }
            }
            current = next.sorted()
            rank += 1
        }
        let infeasible = result.indices.filter { result[$0].objectives == nil }
            .sorted { result[$0].sequence < result[$1].sequence }
        for (offset, member) in infeasible.enumerated() {
            result[member].rank = rank + offset
            result[member].crowding = 0
        }
        return result
    }

    private static func assignCrowding(_ members: [Int], in individuals: inout [Individual]) {
        for member in members { individuals[member].crowding = 0 }
        guard let dimension = members.first.flatMap({ individuals[$0].objectives?.count }) else { return }
        for objective in 0..<dimension {
            let order = members.sorted { a, b in
                let va = individuals[a].objectives![objective], vb = individuals[b].objectives![objective]
                return va != vb ? va < vb : individuals[a].sequence < individuals[b].sequence
            }
            let low = individuals[order.first!].objectives![objective]
            let high = individuals[order.last!].objectives![objective]
            individuals[order.first!].crowding = .infinity
            individuals[order.last!].crowding = .infinity
            guard high > low, order.count > 2 else { continue }
            for k in 1..<(order.count - 1) {
                let gap = individuals[order[k + 1]].objectives![objective] - individuals[order[k - 1]].objectives![objective]
                individuals[order[k]].crowding += gap / (high - low)
            }
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
