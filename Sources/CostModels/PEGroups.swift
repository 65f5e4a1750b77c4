import CodesignCore

/// Which PEs share one instance of each per-PE level (`MemoryLevel.sharedByPEs`), as ZigZag's
/// served dimensions do: one instance broadcasts to its group or takes the group's reduced
/// result, so an element it reads serves every PE of the group that needs it.
///
/// A mapping says how many PEs take each loop dimension, not where they sit on silicon, so
/// the model lays the groups out as the mapping would best use them: first the spatial loops
/// irrelevant to every operand the level holds (those PEs want the same elements: output
/// pixels for a weight register, input channels for a partial-sum register), then, only when
/// the array would otherwise need more instances than it has, relevant loops, whose PEs make
/// the instance hold the union of their tiles. A group never exceeds the level's
/// `sharedByPEs` PEs.
struct PEGroups: Sendable {
    /// Per per-PE level (innermost first): PEs per instance, instances in the whole array,
    /// and the loop dimensions in the order groups take them.
    private let sharedByPEs: [Int]
    private let instances: [Int]
    private let preference: [[LoopDimension]]
    private let firstRelevant: [Int]
    /// False when every per-PE level is private to one PE: the groups are all ones.
    let isShared: Bool

    init(accelerator: Accelerator) {
        let levels = accelerator.memory.prefix(accelerator.perPELevelCount)
        sharedByPEs = levels.map { max(1, $0.sharedByPEs) }
        instances = sharedByPEs.map { max(1, accelerator.peArray.peCount / $0) }
        var preference: [[LoopDimension]] = []
        var firstRelevant: [Int] = []
        for level in levels {
            let irrelevant = LoopDimension.allCases.filter { d in level.holds.allSatisfy { !$0.isRelevant(d) } }
            preference.append(irrelevant + LoopDimension.allCases.filter { !irrelevant.contains($0) })
            firstRelevant.append(irrelevant.count)
        }
        self.preference = preference
        self.firstRelevant = firstRelevant
        isShared = sharedByPEs.contains { $0 > 1 }
    }

    /// Instances of per-PE `level` the array has.
    func instanceCount(level: Int) -> Int { instances[level] }

    /// Loop extents of the PEs one instance of per-PE `level` serves, for a mapping whose
    /// array (rows x cols) takes `spatial`: each entry divides `spatial`'s.
    func group(level: Int, spatial: DimensionVector) -> DimensionVector {
        let limit = sharedByPEs[level]
        var group = DimensionVector.ones
        guard limit > 1 else { return group }
        let pesUsed = spatial.product
        var size = 1
        for (position, d) in preference[level].enumerated() {
            // Relevant loops only while the array has too few instances for the groups so far.
            if position >= firstRelevant[level], pesUsed <= size * instances[level] { break }
            for prime in spatial[d].primeFactors where size * prime <= limit {
                if position >= firstRelevant[level], pesUsed <= size * instances[level] { break }
                group[d] *= prime
                size *= prime
            }
        }
        return group
    }
}

extension DimensionVector {
    /// Each entry the larger of the two.
    func elementwiseMax(_ other: DimensionVector) -> DimensionVector {
        DimensionVector(g: Swift.max(g, other.g), n: Swift.max(n, other.n), k: Swift.max(k, other.k),
                        c: Swift.max(c, other.c), p: Swift.max(p, other.p), q: Swift.max(q, other.q),
                        r: Swift.max(r, other.r), s: Swift.max(s, other.s))
    }
}
