import CodesignCore
import Exploration
import Testing

/// SplitMix64 for test data, so every "random" set is the same on every machine.
struct ParetoTestRandom {
    private var base: SplitMix64
    init(seed: UInt64) { base = SplitMix64(seed: seed) }
    mutating func next() -> UInt64 { base.next() }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}

enum ParetoFixtures {
    static func point(_ index: Int, _ metrics: PointMetrics?, feasible: Bool = true) -> EvaluatedPoint {
        EvaluatedPoint(id: PointID(designIndex: index / 7, variantIndex: index % 7), designName: "d\(index / 7)",
                       variant: ModelVariant(width: 1, resolution: 224, precision: 8, pruning: 0),
                       metrics: metrics, feasible: feasible, reason: feasible ? nil : "over budget")
    }

    /// Metrics on a coarse grid of values, so that ties and exact duplicates are common.
    static func randomPoints(count: Int, seed: UInt64) -> [EvaluatedPoint] {
        var random = ParetoTestRandom(seed: seed)
        return (0..<count).map { index in
            func level() -> Double { Double(1 + random.below(12)) }
            let metrics = PointMetrics(latencyS: level(), throughputFps: level(), energyJ: level(), powerW: level(),
                                       areaMM2: level(), unitCostUSD: level(),
                                       top1: random.below(10) == 0 ? nil : 60 + level(), mapper: "test")
            let roll = random.below(100)
            return point(index, roll < 3 ? nil : metrics, feasible: roll >= 15)
        }
    }

    /// The definition, checked pair by pair.
    static func bruteForceFront(_ points: [EvaluatedPoint], objectives: [Metric]) -> [PointID] {
        let candidates = points.compactMap { point -> (PointID, [Double])? in
            guard point.feasible, let metrics = point.metrics else { return nil }
            var vector: [Double] = []
            for objective in objectives {
                guard let value = metrics.value(of: objective) else { return nil }
                vector.append(objective.isMaximized ? -value : value)
            }
            return (point.id, vector)
        }
        return candidates.filter { candidate in
            !candidates.contains { other in
                zip(other.1, candidate.1).allSatisfy { $0 <= $1 } && zip(other.1, candidate.1).contains { $0 < $1 }
            }
        }.map(\.0).sorted()
    }
}

struct FrontCase: CustomTestStringConvertible, Sendable {
    var size: Int
    var seed: UInt64
    var objectives: [Metric]
    var testDescription: String { "\(size) points, seed \(seed), \(objectives.map(\.rawValue).joined(separator: "+"))" }

    static let all: [FrontCase] = [
        FrontCase(size: 0, seed: 1, objectives: [.latency, .energy]),
        FrontCase(size: 1, seed: 2, objectives: [.latency, .energy]),
        FrontCase(size: 50, seed: 3, objectives: [.latency, .energy]),
        FrontCase(size: 800, seed: 4, objectives: [.latency, .throughput]),
        FrontCase(size: 300, seed: 5, objectives: [.latency, .area, .top1]),
        FrontCase(size: 1500, seed: 6, objectives: [.edp, .cost, .top1]),
        FrontCase(size: 400, seed: 7, objectives: [.energy, .throughput, .area, .top1]),
        FrontCase(size: 2000, seed: 8, objectives: [.latency, .power, .cost, .top1]),
        FrontCase(size: 100, seed: 9, objectives: [.area]),
    ]
}

@Suite struct ParetoFrontTests {
    @Test(arguments: FrontCase.all)
    func frontIsTheBruteForceNonDominatedFeasibleSet(_ c: FrontCase) {
        let points = ParetoFixtures.randomPoints(count: c.size, seed: c.seed)
        let front = ParetoFront.nonDominated(points, objectives: c.objectives)
        #expect(front.map(\.id) == ParetoFixtures.bruteForceFront(points, objectives: c.objectives))
        #expect(front.map(\.id) == front.map(\.id).sorted())
        #expect(front.allSatisfy { $0.feasible && $0.metrics != nil })
        // The input order does not matter.
        var random = ParetoTestRandom(seed: c.seed &+ 100)
        var shuffled = points
        for i in shuffled.indices.reversed() where i > 0 { shuffled.swapAt(i, random.below(i + 1)) }
        #expect(ParetoFront.nonDominated(shuffled, objectives: c.objectives) == front)
    }

    @Test func equalVectorsAreAllKeptAndInfeasibleOrIncompletePointsNever() {
        func metrics(_ latency: Double, _ top1: Double?) -> PointMetrics {
            PointMetrics(latencyS: latency, throughputFps: 1, energyJ: 1, powerW: 1, areaMM2: 1, unitCostUSD: 1,
                         top1: top1, mapper: "test")
        }
        let points = [
            ParetoFixtures.point(5, metrics(1, 70)),
            ParetoFixtures.point(2, metrics(1, 70)),             // duplicate of 5: kept too
            ParetoFixtures.point(3, metrics(2, 75)),             // trade-off: kept
            ParetoFixtures.point(4, metrics(2, 70)),             // dominated by 2 and 5
            ParetoFixtures.point(6, metrics(0.5, 99), feasible: false),
            ParetoFixtures.point(7, metrics(0.1, nil)),          // no accuracy: cannot be placed
            ParetoFixtures.point(8, nil),
            ParetoFixtures.point(9, metrics(.nan, 80)),
        ]
        let front = ParetoFront.nonDominated(points, objectives: [.latency, .top1])
        #expect(front.map(\.id) == [2, 3, 5].map { PointID(designIndex: $0 / 7, variantIndex: $0 % 7) })
        // Without top1 among the objectives, point 7 takes part and dominates the rest.
        #expect(ParetoFront.nonDominated(points, objectives: [.latency]).map(\.id) == [PointID(designIndex: 1, variantIndex: 0)])
    }
}

struct VolumeCase: CustomTestStringConvertible, Sendable {
    var name: String
    var points: [[Double]]
    var reference: [Double]
    var expected: Double
    var testDescription: String { name }

    static let all: [VolumeCase] = [
        VolumeCase(name: "empty", points: [], reference: [1, 1], expected: 0),
        VolumeCase(name: "1-D", points: [[0.25], [0.5]], reference: [1], expected: 0.75),
        VolumeCase(name: "2-D staircase", points: [[1, 3], [2, 2], [3, 1]], reference: [4, 4], expected: 6),
        VolumeCase(name: "2-D staircase with dominated, duplicate and outside points",
                   points: [[3, 1], [2.5, 2.5], [1, 3], [2, 2], [2, 2], [5, 0], [0, 4]], reference: [4, 4], expected: 6),
        VolumeCase(name: "3-D one box", points: [[1, 1, 1]], reference: [3, 4, 5], expected: 24),
        VolumeCase(name: "3-D two boxes", points: [[0, 0, 1], [1, 1, 0]], reference: [2, 2, 2], expected: 5),
        VolumeCase(name: "3-D three boxes", points: [[0, 1, 1], [1, 0, 1], [1, 1, 0]], reference: [2, 2, 2], expected: 4),
        VolumeCase(name: "3-D equal x", points: [[1, 2, 0], [1, 1, 1], [1, 0, 2]], reference: [3, 3, 3], expected: 12),  // x-width 2 × (y, z) staircase 6
        VolumeCase(name: "4-D one box", points: [[0, 0, 0, 0]], reference: [1, 2, 3, 4], expected: 24),
        VolumeCase(name: "4-D two boxes", points: [[0, 0, 0, 1], [1, 1, 1, 0]], reference: [2, 2, 2, 2], expected: 9),
    ]
}

@Suite struct HypervolumeTests {
    @Test(arguments: VolumeCase.all)
    func handComputedSets(_ c: VolumeCase) {
        #expect(Hypervolume.of(c.points, reference: c.reference) == c.expected)
    }

    /// Inclusion–exclusion over every subset: exact, slow, and independent of the algorithm.
    static func inclusionExclusion(_ points: [[Double]], reference: [Double]) -> Double {
        var total = 0.0
        for mask in 1..<(1 << points.count) {
            var corner = [Double](repeating: -.infinity, count: reference.count)
            var members = 0
            for (i, point) in points.enumerated() where mask & (1 << i) != 0 {
                members += 1
                for d in corner.indices { corner[d] = max(corner[d], point[d]) }
            }
            let box = corner.indices.reduce(1.0) { $0 * max(0, reference[$1] - corner[$1]) }
            total += members % 2 == 1 ? box : -box
        }
        return total
    }

    @Test(arguments: [(2, 1 as UInt64), (2, 2), (3, 3), (3, 4), (3, 5), (4, 6), (4, 7), (4, 8), (5, 9)])
    func randomSetsMatchInclusionExclusion(dimension: Int, seed: UInt64) {
        var random = ParetoTestRandom(seed: seed)
        let points = (0..<10).map { _ in (0..<dimension).map { _ in Double(random.below(8)) / 4 } }
        let reference = [Double](repeating: 2, count: dimension)
        let exact = Self.inclusionExclusion(points, reference: reference)
        let computed = Hypervolume.of(points, reference: reference)
        #expect(abs(computed - exact) <= 1e-12 * max(1, exact))
        #expect(Hypervolume.of(points.reversed(), reference: reference) == computed)
    }

    @Test func normalisationMapsTheBoundsToTheUnitBoxAndTheReferenceToTheMarginNadir() {
        let bounds: [[Double]] = [[2, 10, 5], [4, 30, 5], [3, 20, 5]]
        let (points, reference) = Hypervolume.normalized([[2, 30, 5], [3, 20, 5]], bounds: bounds)
        #expect(points == [[0, 1, 0], [0.5, 0.5, 0]])
        #expect(reference == [1.1, 1.1, 1.1])
    }
}
