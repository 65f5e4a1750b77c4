import SpecIO
import CodesignCore
import Foundation

extension Constraint {
    /// nil when the point satisfies the constraint, otherwise why not, e.g. "fps 21.3 < 30".
    /// A point without a top-1 figure violates a top-1 constraint: an accuracy that cannot be
    /// sourced must not pass as feasible. The reason then carries `top1Source`, where the
    /// evaluator stores why the accuracy is unavailable (AccuracyLookup.apply(to:)), or the
    /// reason after "unavailable: " in `top1Kind`.
    public func check(_ metrics: PointMetrics) -> String? {
        guard let measured = metrics.value(of: metric) else {
            if metric == .top1 {
                return "no accuracy for this variant: \(unavailableAccuracyReason(metrics))"
            }
            return "no \(metric.constraintKey) figure for this point"
        }
        return check(measured: measured)
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
public func violations(of metrics: PointMetrics, constraints: [Constraint]) -> [String] {
    constraints.compactMap { $0.check(metrics) }
}

