/// One slice of a run, written `I/N` on the command line (`--shard 2/4`): the index is
/// 1-based so that it reads like the Slurm array task or Kubernetes completion index plus one.
///
/// Points are dealt round-robin over the flattened (design, variant) index rather than in
/// contiguous blocks, so that neighbouring points — which tend to cost the same to evaluate —
/// spread evenly over the shards and no shard finishes long after the others.
public struct ShardSpec: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 1-based, in `1...count`.
    public var index: Int
    public var count: Int

    /// The whole run as one shard (`1/1`).
    public static let whole = ShardSpec(uncheckedIndex: 1, count: 1)

    public init(index: Int, count: Int) throws(ShardSpecError) {
        guard count >= 1 else { throw .countNotPositive(text: "\(index)/\(count)") }
        guard (1...count).contains(index) else {
            throw .indexOutOfRange(text: "\(index)/\(count)", index: index, count: count)
        }
        self.init(uncheckedIndex: index, count: count)
    }

    /// Parses `I/N` as typed on the command line; surrounding spaces are allowed.
    public init(parsing text: String) throws(ShardSpecError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.trimmingBlanks() }
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .malformed(text: text)
        }
        try self.init(index: index, count: count)
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether this shard evaluates `id`: `(designIndex * variantCount + variantIndex) % count
    /// == index - 1`. Computed modulo `count` throughout so that it cannot overflow; the result
    /// is the same as the formula's. Every id with non-negative indices belongs to exactly one
    /// shard of a given count.
    public func contains(_ id: PointID, variantCount: Int) -> Bool {
        let designPart = (id.designIndex % count) * (variantCount % count) % count
        let flatIndex = (designPart + id.variantIndex % count) % count
        return flatIndex == index - 1
    }

    public var description: String { "\(index)/\(count)" }

    public init(from decoder: any Decoder) throws {
        enum Keys: String, CodingKey { case index, count }
        let container = try decoder.container(keyedBy: Keys.self)
        let index = try container.decode(Int.self, forKey: .index)
        let count = try container.decode(Int.self, forKey: .count)
        do {
            try self.init(index: index, count: count)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .index, in: container, debugDescription: error.description)
        }
    }
}

/// A `--shard` value that is not `I/N` with `1 ≤ I ≤ N`.
public enum ShardSpecError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(text: String)
    case countNotPositive(text: String)
    case indexOutOfRange(text: String, index: Int, count: Int)

    public var description: String {
        switch self {
        case .malformed(let text):
            "'\(text)' is not a shard: expected I/N with whole numbers, e.g. 2/4"
        case .countNotPositive(let text):
            "'\(text)' is not a shard: the number of shards must be at least 1"
        case .indexOutOfRange(let text, let index, let count):
            "'\(text)' is not a shard: the shard index \(index) must be between 1 and \(count)"
        }
    }
}

private extension Substring {
    func trimmingBlanks() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return slice
    }
}
