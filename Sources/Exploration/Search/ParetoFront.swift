import CodesignCore

/// The non-dominated subset of evaluated points.
///
/// Only feasible points whose metrics carry every objective (and no NaN) take part: an
/// infeasible point is not a design anyone can build, and a point without, say, top-1 cannot
/// be placed on an accuracy axis. Dominance is the usual Pareto one on minimisation vectors
/// (maximised metrics negated): `a` dominates `b` when it is no worse in every objective and
/// strictly better in one. Points with equal vectors do not dominate each other, so **all
/// duplicates are kept**: dropping one would make the front depend on which id happened to be
/// smaller, and the store must show every design that reaches the front.
public enum ParetoFront {
    /// The feasible points no other feasible point dominates, sorted by `PointID`.
    ///
    /// Sorting the vectors lexicographically means a point can only be dominated by one
    /// before it, and (dominance being transitive) by one already on the front, so a single
    /// sweep that checks each point against the front found so far is exact. O(n log n + n·f)
    /// for a front of f points; 100k points with a front of a few thousand is well under a
    /// second in release.
    public static func nonDominated(_ points: [EvaluatedPoint], objectives: [Metric]) -> [EvaluatedPoint] {
        var candidates: [(vector: [Double], index: Int)] = []
        candidates.reserveCapacity(points.count)
        for (index, point) in points.enumerated() where point.feasible {
            if let vector = minimizationVector(of: point, objectives: objectives) {
                candidates.append((vector, index))
            }
        }
        if objectives.isEmpty {
            return candidates.map { points[$0.index] }.sorted { $0.id < $1.id }
        }
        candidates.sort { a, b in
            if let order = lexicographicOrder(a.vector, b.vector) { return order }
            return points[a.index].id < points[b.index].id
        }
        var front: [(vector: [Double], index: Int)] = []
        for candidate in candidates where !front.contains(where: { dominates($0.vector, candidate.vector) }) {
            front.append(candidate)
        }
        return front.map { points[$0.index] }.sorted { $0.id < $1.id }
    }

    /// The point's objective values as a vector to minimise (maximised metrics negated), or nil
    /// when it has no metrics, lacks one of the objectives, or one of them is NaN.
    public static func minimizationVector(of point: EvaluatedPoint, objectives: [Metric]) -> [Double]? {
        guard let metrics = point.metrics else { return nil }
        var vector: [Double] = []
        vector.reserveCapacity(objectives.count)
        for objective in objectives {
            guard let value = metrics.value(of: objective), !value.isNaN else { return nil }
            vector.append(objective.isMaximized ? -value : value)
        }
        return vector
    }

    /// True when `a` is no worse than `b` everywhere and strictly better somewhere (minimisation).
    public static func dominates(_ a: [Double], _ b: [Double]) -> Bool {
        var strictlyBetter = false
        for i in a.indices {
            if a[i] > b[i] { return false }
            if a[i] < b[i] { strictlyBetter = true }
        }
        return strictlyBetter
    }

    /// `a < b` lexicographically, or nil when the vectors are equal.
    static func lexicographicOrder(_ a: [Double], _ b: [Double]) -> Bool? {
        for i in a.indices where a[i] != b[i] { return a[i] < b[i] }
        return nil
    }
}

/// Exact hypervolume of minimisation vectors: the measure of the region dominated by the
/// points and bounded by a reference point. The quality figure for comparing search
/// strategies (NSGA-II against the grid).
public enum Hypervolume {
    /// Exact hypervolume of `points` (minimised in every coordinate) bounded by `reference`.
    ///
    /// Points not strictly better than the reference in every coordinate add nothing and are
    /// ignored. 2-D is a staircase sweep; 3-D sweeps the last coordinate while keeping the 2-D
    /// staircase and its area up to date point by point; 4-D and above slice the last
    /// coordinate (HSO) down to 3-D. O(n log n) in 2-D, O(n²) worst case in 3-D (n log n on
    /// typical fronts), O(n³) worst case in 4-D. The points are sorted first, so the result
    /// does not depend on their order, bit for bit.
    public static func of(_ points: [[Double]], reference: [Double]) -> Double {
        let dimension = reference.count
        guard dimension > 0 else { return 0 }
        let inside = points.filter { point in
            point.count == dimension && point.indices.allSatisfy { point[$0] < reference[$0] }
        }
        guard !inside.isEmpty else { return 0 }
        return volume(inside, reference: reference)
    }

    /// Points normalised objective by objective to [0, 1] by the minimum and maximum of
    /// `bounds` (typically every point of the space, or the union of the fronts compared), and
    /// the matching reference point: the normalised nadir 1 × `margin` in every coordinate.
    /// Normalising keeps an objective measured in joules from outweighing one in mm²; the
    /// margin lets the extreme points of the front contribute volume. A coordinate whose bounds
    /// are equal is only shifted, not scaled.
    public static func normalized(_ points: [[Double]], bounds: [[Double]], margin: Double = 1.1)
        -> (points: [[Double]], reference: [Double]) {
        let dimension = bounds.first?.count ?? points.first?.count ?? 0
        var lower = [Double](repeating: .infinity, count: dimension)
        var upper = [Double](repeating: -.infinity, count: dimension)
        for vector in bounds where vector.count == dimension {
            for i in 0..<dimension {
                lower[i] = Swift.min(lower[i], vector[i])
                upper[i] = Swift.max(upper[i], vector[i])
            }
        }
        let scaled = points.map { vector in
            (0..<Swift.min(dimension, vector.count)).map { i -> Double in
                guard lower[i].isFinite, upper[i].isFinite else { return vector[i] }
                let range = upper[i] - lower[i]
                return range > 0 ? (vector[i] - lower[i]) / range : vector[i] - lower[i]
            }
        }
        return (scaled, [Double](repeating: margin, count: dimension))
    }

    // MARK: - Exact algorithms

    private static func volume(_ points: [[Double]], reference: [Double]) -> Double {
        switch reference.count {
        case 1:
            return reference[0] - points.map { $0[0] }.min()!
        case 2:
            return area(points.map { ($0[0], $0[1]) }, reference: (reference[0], reference[1]))
        case 3:
            return volume3(points, reference: reference)
        default:
            return sliced(points, reference: reference)
        }
    }

    /// Sorted by x (then y): each point that lowers the running minimum of y adds the strip
    /// between the new and the old minimum, from its x to the reference.
    private static func area(_ points: [(Double, Double)], reference: (Double, Double)) -> Double {
        let sorted = points.sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        var lowestY = reference.1
        var total = 0.0
        for (x, y) in sorted where y < lowestY {
            total += (reference.0 - x) * (lowestY - y)
            lowestY = y
        }
        return total
    }

    /// Sweep z upwards; between consecutive z values the cross-section is the area dominated
    /// by the points seen so far, kept as a staircase (x ascending, y descending) whose area is
    /// updated by the exact increment each inserted point adds.
    private static func volume3(_ points: [[Double]], reference: [Double]) -> Double {
        let sorted = points.sorted { a, b in
            if a[2] != b[2] { return a[2] < b[2] }
            return ParetoFront.lexicographicOrder(a, b) ?? false
        }
        let referenceX = reference[0], referenceY = reference[1], referenceZ = reference[2]
        var stairsX: [Double] = []
        var stairsY: [Double] = []
        var sectionArea = 0.0
        var total = 0.0
        for (k, point) in sorted.enumerated() {
            let px = point[0], py = point[1]
            // Last step with x ≤ px: it has the lowest y among those, so it alone decides
            // whether the point is already covered.
            var low = 0, high = stairsX.count
            while low < high {
                let mid = (low + high) / 2
                if stairsX[mid] <= px { low = mid + 1 } else { high = mid }
            }
            let firstRight = low  // first step with x > px
            let covered = firstRight > 0 && stairsY[firstRight - 1] <= py
            if !covered {
                // Area of p's box not yet covered: integrate the staircase's lower edge above py.
                var currentX = px
                var currentY = firstRight > 0 ? stairsY[firstRight - 1] : referenceY
                var j = firstRight
                var increment = 0.0
                var closed = false
                while j < stairsX.count {
                    increment += (stairsX[j] - currentX) * (currentY - py)
                    if stairsY[j] <= py { closed = true; break }
                    currentX = stairsX[j]
                    currentY = stairsY[j]
                    j += 1
                }
                if !closed { increment += (referenceX - currentX) * (currentY - py) }
                sectionArea += increment
                // Remove the steps p dominates (x ≥ px, y ≥ py): contiguous from the first x ≥ px.
                var start = firstRight
                while start > 0 && stairsX[start - 1] == px { start -= 1 }
                var end = start
                while end < stairsX.count && stairsY[end] >= py { end += 1 }
                stairsX.replaceSubrange(start..<end, with: [px])
                stairsY.replaceSubrange(start..<end, with: [py])
            }
            let nextZ = k + 1 < sorted.count ? sorted[k + 1][2] : referenceZ
            total += sectionArea * (nextZ - point[2])
        }
        return total
    }

    /// HSO: slice the last coordinate; each slab's cross-section is the hypervolume, one
    /// dimension lower, of the points below it.
    private static func sliced(_ points: [[Double]], reference: [Double]) -> Double {
        let last = reference.count - 1
        let sorted = points.sorted { a, b in
            if a[last] != b[last] { return a[last] < b[last] }
            return ParetoFront.lexicographicOrder(a, b) ?? false
        }
        let lowerReference = Array(reference.prefix(last))
        var below: [[Double]] = []
        var total = 0.0
        for (k, point) in sorted.enumerated() {
            let projected = Array(point.prefix(last))
            // A point dominated (or equalled) in the projection adds nothing to any later slab.
            if !below.contains(where: { lower in lower.indices.allSatisfy { lower[$0] <= projected[$0] } }) {
                below.removeAll { ParetoFront.dominates(projected, $0) }
                below.append(projected)
            }
            let nextCoordinate = k + 1 < sorted.count ? sorted[k + 1][last] : reference[last]
            let thickness = nextCoordinate - point[last]
            if thickness > 0 { total += volume(below, reference: lowerReference) * thickness }
        }
        return total
    }
}
