/// The loop-nest dimensions of a layer, named as in Timeloop so that users of Timeloop,
/// ZigZag and CoSA read our mappings without translation. `K` and `C` are counted per
/// group: a grouped layer with `G` groups has `K·G` output channels in total.
public enum LoopDimension: String, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case G, N, K, C, P, Q, R, S

    public var index: Int {
        switch self {
        case .G: 0
        case .N: 1
        case .K: 2
        case .C: 3
        case .P: 4
        case .Q: 5
        case .R: 6
        case .S: 7
        }
    }

    public static func < (lhs: LoopDimension, rhs: LoopDimension) -> Bool { lhs.index < rhs.index }
}

/// One integer per loop dimension, stored inline: the mappers touch these in their inner
/// loops, where an array or dictionary per value would allocate.
public struct DimensionVector: Sendable, Hashable, Codable {
    public var g, n, k, c, p, q, r, s: Int

    public init(g: Int = 1, n: Int = 1, k: Int = 1, c: Int = 1,
                p: Int = 1, q: Int = 1, r: Int = 1, s: Int = 1) {
        self.g = g; self.n = n; self.k = k; self.c = c
        self.p = p; self.q = q; self.r = r; self.s = s
    }

    /// Every dimension set to `value`.
    public init(repeating value: Int) {
        self.init(g: value, n: value, k: value, c: value, p: value, q: value, r: value, s: value)
    }

    public static let ones = DimensionVector()

    public subscript(dimension: LoopDimension) -> Int {
        get {
            switch dimension {
            case .G: g
            case .N: n
            case .K: k
            case .C: c
            case .P: p
            case .Q: q
            case .R: r
            case .S: s
            }
        }
        set {
            switch dimension {
            case .G: g = newValue
            case .N: n = newValue
            case .K: k = newValue
            case .C: c = newValue
            case .P: p = newValue
            case .Q: q = newValue
            case .R: r = newValue
            case .S: s = newValue
            }
        }
    }

    /// Product of all entries.
    public var product: Int { g * n * k * c * p * q * r * s }

    /// Product of all entries, or nil when it does not fit in an Int: what a check uses
    /// before `product` may be taken.
    public var checkedProduct: Int? {
        var result = 1
        for value in [g, n, k, c, p, q, r, s] {
            let (next, overflow) = result.multipliedReportingOverflow(by: value)
            if overflow { return nil }
            result = next
        }
        return result
    }

    /// Element-wise product.
    public static func * (lhs: DimensionVector, rhs: DimensionVector) -> DimensionVector {
        DimensionVector(g: lhs.g * rhs.g, n: lhs.n * rhs.n, k: lhs.k * rhs.k, c: lhs.c * rhs.c,
                        p: lhs.p * rhs.p, q: lhs.q * rhs.q, r: lhs.r * rhs.r, s: lhs.s * rhs.s)
    }

    /// Product of the entries of the given dimensions.
    public func product(of dimensions: [LoopDimension]) -> Int {
        dimensions.reduce(1) { $0 * self[$1] }
    }
}
