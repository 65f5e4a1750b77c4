import CodesignCore
import Foundation

extension ExplorationMetric {
    /// The constraint key a workload file uses for this metric (INTERFACE.md), with its unit;
    /// reasons are written with these names so users recognise their own constraint.
    public var workloadKey: String {
        switch self {
        case .throughput: "fps"
        case .power: "power_w"
        case .area: "area_mm2"
        case .cost: "cost_usd"
        case .energy: "energy_j"
        case .latency: "latency_s"
        case .top1: "top1"
        case .edp: "edp_j_s"
        }
    }

    /// The metric a workload constraint key names: fps → throughput, power_w → power,
    /// area_mm2 → area, cost_usd → cost, energy_j → energy, latency_s → latency, top1 → top1.
    public init?(workloadKey: String) {
        guard let metric = ExplorationMetric.allCases.first(where: { $0.workloadKey == workloadKey }) else { return nil }
        self = metric
    }
}

/// A hard constraint on one figure of an evaluated point, such as `fps >= 30`. A point that
/// violates one is kept in the results, marked infeasible with the reason.
public struct ExplorationConstraint: Sendable, Hashable, Codable {
    public typealias Comparator = Comparison

    public var metric: ExplorationMetric
    public var comparator: Comparator
    public var value: Double

    public init(metric: ExplorationMetric, comparator: Comparator, value: Double) {
        self.metric = metric
        self.comparator = comparator
        self.value = value
    }

    /// nil when the point satisfies the constraint, otherwise why not, e.g. "fps 21.3 < 30".
    /// A point without a top-1 figure violates a top-1 constraint: an accuracy that cannot be
    /// sourced must not pass as feasible. The reason then carries `top1Source`, where the
    /// evaluator stores why the accuracy is unavailable (AccuracyLookup.apply(to:)), or the
    /// reason after "unavailable: " in `top1Kind`.
    public func check(_ metrics: PointMetrics) -> String? {
        let key = metric.workloadKey
        guard let measured = metrics.value(of: metric) else {
            if metric == .top1 {
                return "no accuracy for this variant: \(unavailableAccuracyReason(metrics))"
            }
            return "no \(key) figure for this point"
        }
        return check(measured: measured)
    }

    /// nil when `measured` satisfies the constraint, otherwise why not ("fps 21.3 < 30"):
    /// the same words for design points and for vendor devices in `compare`.
    public func check(measured: Double) -> String? {
        let key = metric.workloadKey
        if measured.isNaN { return "\(key) is not a number" }
        if comparator.holds(measured, value) { return nil }
        let (shownMeasured, shownBound) = distinctFormatting(measured, value)
        return "\(key) \(shownMeasured) \(comparator.violatedSymbol) \(shownBound)"
    }

    /// The constraint as a workload file writes it, e.g. "fps >= 30".
    public var description: String {
        "\(metric.workloadKey) \(comparator.rawValue) \(constraintNumber(value, significantDigits: 6))"
    }
}

/// Why a point has no top-1. Two conventions are read: AccuracyLookup.apply(to:) writes
/// kind "unavailable" and the reason in `top1Source`; an evaluator may instead write the kind
/// as "unavailable: <reason>".
private func unavailableAccuracyReason(_ metrics: PointMetrics) -> String {
    let prefix = "unavailable: "
    if let kind = metrics.top1Kind, kind.hasPrefix(prefix), kind.count > prefix.count {
        return String(kind.dropFirst(prefix.count))
    }
    if let source = metrics.top1Source, !source.isEmpty { return source }
    return "the workload has no accuracy source"
}

/// Every constraint the point violates, as reasons, in the order the constraints are given.
public func violations(of metrics: PointMetrics, constraints: [ExplorationConstraint]) -> [String] {
    constraints.compactMap { $0.check(metrics) }
}

/// Six significant digits, more when needed so that a measured figure just past the bound
/// never prints equal to it ("fps 29.9999999 < 30", not "fps 30 < 30").
private func distinctFormatting(_ a: Double, _ b: Double) -> (String, String) {
    for digits in 6...17 {
        let (x, y) = (constraintNumber(a, significantDigits: digits), constraintNumber(b, significantDigits: digits))
        if x != y || a == b { return (x, y) }
    }
    return (constraintNumber(a, significantDigits: 17), constraintNumber(b, significantDigits: 17))
}

/// Fixed formatting: integers without a fraction, otherwise `%g` with the given digits.
private func constraintNumber(_ value: Double, significantDigits: Int) -> String {
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.\(significantDigits)g", value)
}

extension Comparison {
    /// The relation that holds when this one fails, for the reason text ("21.3 < 30").
    var violatedSymbol: String {
        switch self {
        case .atLeast: "<"
        case .atMost: ">"
        case .greater: "<="
        case .less: ">="
        case .equal: "!="
        }
    }
}
