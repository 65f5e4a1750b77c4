import CodesignCore
import CostModels
import Synchronization

/// Mapping results shared across the points of an exploration: a sweep meets the same
/// (layer shape, precision, hardware) pair over and over, and mapping it once is what makes
/// tens of thousands of points affordable. Safe to use from many tasks at once; two tasks
/// that miss the same key at the same moment both compute it (the results are identical,
/// as every mapper is deterministic).
public final class MappingCache: Sendable {
    struct Key: Hashable, Sendable {
        var layer: Layer
        var accelerator: Accelerator
        var objective: MappingObjective
        var mapper: MapperKind
    }

    private let storage = Mutex<[Key: MappingResult]>([:])
    private let counters = Mutex<(hits: Int, misses: Int)>((0, 0))

    public init() {}

    /// The cached result for this layer on this hardware, or `compute()`'s, remembered.
    /// Names (of the layer, its producers and the design) are not part of the key.
    public func result(for layer: Layer, on accelerator: Accelerator, objective: MappingObjective,
                       mapper: MapperKind, compute: () throws(MappingError) -> MappingResult) throws(MappingError) -> MappingResult {
        var hardware = accelerator
        hardware.name = ""
        let key = Key(layer: layer.shape, accelerator: hardware, objective: objective, mapper: mapper)
        if let hit = storage.withLock({ $0[key] }) {
            counters.withLock { $0.hits += 1 }
            return hit
        }
        let computed = try compute()
        storage.withLock { $0[key] = computed }
        counters.withLock { $0.misses += 1 }
        return computed
    }

    /// Distinct (layer, hardware) pairs mapped so far, and how often a lookup found one.
    public var statistics: (entries: Int, hits: Int, misses: Int) {
        let entries = storage.withLock { $0.count }
        let c = counters.withLock { $0 }
        return (entries, c.hits, c.misses)
    }
}
