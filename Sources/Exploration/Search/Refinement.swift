import CodesignCore
import NetworkScheduling

/// Which screened points to re-map with the ILP mapper and the network schedule.
///
/// Re-mapping only improves a point's mapper-dependent figures (latency, throughput, energy,
/// power: `evaluate` keeps the better of the two mappings); area, cost and accuracy do not
/// change. So a point can reach the front only if, improved as much as re-mapping has
/// improved any point so far, it would satisfy the constraints and not be dominated by the
/// best figures known. Refinement re-maps those points, the most promising first (each round
/// the ones no other could dominate), and repeats with the new figures and factors until no
/// point qualifies.
///
/// With a point's `ScheduleBound` (what the whole-network schedule could at best make of its
/// screening mappings: a proven bound), its latency, throughput and energy start from the
/// bound instead of the screening figures, and the factors measure what re-mapping gave
/// beyond the bound (the ILP mapper's better mappings). The schedule's effect, which varies
/// from design to design (a large buffer keeps much on chip, a small one little), is then
/// judged point by point rather than by the best any point got, so points the schedule
/// cannot help are no longer re-mapped for another point's gain.
public enum Refinement {
    static let mapperDependent: [Metric] = [.latency, .throughput, .energy, .power]

    /// For each mapper-dependent metric, the largest improvement factor (≥ 1) that
    /// re-mapping gave any point: screening / refined for minimised metrics.
    public static func improvementFactors(points: [EvaluatedPoint], refined: [EvaluatedPoint]) -> [Metric: Double] {
        let screening = Dictionary(uniqueKeysWithValues: points.compactMap { p in p.metrics.map { (p.id, $0) } })
        var factors = Dictionary(uniqueKeysWithValues: mapperDependent.map { ($0, 1.0) })
        for r in refined {
            guard let after = r.metrics, let before = screening[r.id] else { continue }
            for metric in mapperDependent {
                guard let a = after.value(of: metric), let b = before.value(of: metric), a > 0, b > 0 else { continue }
                let factor = metric.isMaximized ? a / b : b / a
                if factor.isFinite { factors[metric] = max(factors[metric] ?? 1, factor) }
            }
        }
        return factors
    }

    /// A point's figures to extrapolate from: the bound's latency, throughput and energy
    /// where it has one (never worse than its screening figures), and the power they imply;
    /// the screening ones otherwise.
    static func baseline(_ point: EvaluatedPoint, bound: ScheduleBound?) -> EvaluatedPoint {
        guard let bound, var metrics = point.metrics else { return point }
        let (energy, throughput) = (metrics.energyJ, metrics.throughputFps)
        metrics.latencyS = min(metrics.latencyS, bound.latencyS)
        metrics.throughputFps = max(metrics.throughputFps, bound.throughputFps)
        metrics.energyJ = min(metrics.energyJ, bound.energyJ)
        // Power is energy per run x runs per second: scaled with the two (the images per run
        // cancel), so that the point's constraints are judged on one consistent set of figures.
        if energy > 0, throughput > 0 {
            metrics.powerW *= (metrics.energyJ / energy) * (metrics.throughputFps / throughput)
        }
        var p = point
        p.metrics = metrics
        return p
    }

    /// The points not yet re-mapped that could still reach the front (see the type).
    public static func candidates(points: [EvaluatedPoint], refined: [EvaluatedPoint],
                                  objectives: [Metric], constraints: [Constraint],
                                  bounds: [PointID: ScheduleBound] = [:]) -> [PointID] {
        let done = Set(refined.map(\.id))
        let refinedByID = Dictionary(uniqueKeysWithValues: refined.filter { $0.metrics != nil }.map { ($0.id, $0) })
        let best = points.map { refinedByID[$0.id] ?? $0 }
        let frontVectors = ParetoFront.nonDominated(best, objectives: objectives)
            .compactMap { ParetoFront.minimizationVector(of: $0, objectives: objectives) }
        let baselines = points.map { baseline($0, bound: bounds[$0.id]) }
        let factors = improvementFactors(points: baselines, refined: refined)
        var open: [EvaluatedPoint] = []
        for point in baselines where !done.contains(point.id) {
            guard var metrics = point.metrics else { continue }
            metrics.latencyS /= factors[.latency] ?? 1
            metrics.throughputFps *= factors[.throughput] ?? 1
            metrics.energyJ /= factors[.energy] ?? 1
            metrics.powerW /= factors[.power] ?? 1
            guard violations(of: metrics, constraints: constraints).isEmpty else { continue }
            var optimistic = point
            optimistic.metrics = metrics
            optimistic.feasible = true
            guard let vector = ParetoFront.minimizationVector(of: optimistic, objectives: objectives) else { continue }
            if !frontVectors.contains(where: { ParetoFront.dominates($0, vector) }) { open.append(optimistic) }
        }
        // This round: the open points no other open point dominates even optimistically. The
        // rest wait for the next round, judged against the figures these bring: the best
        // prospects first establish the front, which then rules out most of the others
        // without re-mapping them. The loop ends as before, when no point could reach the
        // front, so every point that could is re-mapped.
        let round = Set(ParetoFront.nonDominated(open, objectives: objectives).map(\.id))
        return open.map(\.id).filter(round.contains)
    }
}
