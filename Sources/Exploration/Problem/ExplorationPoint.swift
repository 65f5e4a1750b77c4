import SpecIO
import CodesignCore

/// A point of the co-design space: the index of a design in the design space and of a
/// variant in the variant space. Indices, not values, so that shards and stores agree on
/// identity exactly.
public struct PointID: Sendable, Hashable, Codable, Comparable {
    public var designIndex: Int
    public var variantIndex: Int

    public init(designIndex: Int, variantIndex: Int) {
        self.designIndex = designIndex
        self.variantIndex = variantIndex
    }

    public static func < (a: PointID, b: PointID) -> Bool {
        (a.designIndex, a.variantIndex) < (b.designIndex, b.variantIndex)
    }
}

/// The figures of one evaluated point; SI units in the names.
public struct PointMetrics: Sendable, Hashable, Codable {
    public var latencyS: Double
    public var throughputFps: Double
    public var energyJ: Double
    public var powerW: Double
    public var areaMM2: Double
    public var unitCostUSD: Double
    /// Top-1 accuracy in %, when the workload has an accuracy source for the variant.
    public var top1: Double?
    /// Where `top1` comes from: "table", "interpolated" or "estimate" (see AccuracyTable).
    public var top1Kind: String?
    public var top1Source: String?
    /// Which mapper produced the figures ("ilp", "search", …).
    public var mapper: String

    public init(latencyS: Double, throughputFps: Double, energyJ: Double, powerW: Double, areaMM2: Double,
                unitCostUSD: Double, top1: Double? = nil, top1Kind: String? = nil, top1Source: String? = nil,
                mapper: String) {
        self.latencyS = latencyS
        self.throughputFps = throughputFps
        self.energyJ = energyJ
        self.powerW = powerW
        self.areaMM2 = areaMM2
        self.unitCostUSD = unitCostUSD
        self.top1 = top1
        self.top1Kind = top1Kind
        self.top1Source = top1Source
        self.mapper = mapper
    }

    /// The value of one metric (nil when the point has none, e.g. no accuracy source).
    public func value(of metric: Metric) -> Double? {
        switch metric {
        case .latency: latencyS
        case .throughput: throughputFps
        case .energy: energyJ
        case .power: powerW
        case .area: areaMM2
        case .cost: unitCostUSD
        case .top1: top1
        case .edp: energyJ * latencyS
        }
    }
}

/// One evaluated point as stored: its identity, what it is, its figures, and whether it
/// meets the workload's constraints (with the reason when not). Infeasible points are kept.
public struct EvaluatedPoint: Sendable, Hashable, Codable {
    public var id: PointID
    public var designName: String
    public var variant: ModelVariant
    /// nil when the point could not be evaluated at all (e.g. precision unsupported).
    public var metrics: PointMetrics?
    public var feasible: Bool
    public var reason: String?

    public init(id: PointID, designName: String, variant: ModelVariant, metrics: PointMetrics?,
                feasible: Bool, reason: String?) {
        self.id = id
        self.designName = designName
        self.variant = variant
        self.metrics = metrics
        self.feasible = feasible
        self.reason = reason
    }
}
