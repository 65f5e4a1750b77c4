import Foundation

/// An `Axis` resolved against the values it must show: the final domain, its ticks and the mapping onto 0...1.
struct ValueScale {
    let scale: AxisScale
    let lo: Double
    let hi: Double
    let ticks: [Double]

    /// `includeZero` keeps 0 in a data-derived linear domain, so that bars grow from a true baseline.
    init(_ axis: Axis, values: [Double], includeZero: Bool = false) {
        let scale = axis.scale
        self.scale = scale
        if let d = axis.domain, Self.usable(d.lowerBound, scale), Self.usable(d.upperBound, scale),
           d.lowerBound < d.upperBound {
            let (a, b) = (d.lowerBound, d.upperBound)
            lo = a
            hi = b
            ticks = (scale == .log ? Ticks.log(a, b) : Ticks.linear(a, b)).filter {
                (-1e-9...(1 + 1e-9)).contains(Self.fraction($0, scale, a, b))
            }
            return
        }
        let usable = values.filter { Self.usable($0, scale) }
        var a = usable.min() ?? (scale == .log ? 1 : 0), b = usable.max() ?? (scale == .log ? 10 : 1)
        if includeZero && scale == .linear {
            a = min(a, 0)
            b = max(b, 0)
        }
        let candidates = scale == .log ? Ticks.log(a, b) : Ticks.linear(a, b)
        if let first = candidates.first, let last = candidates.last, first < last {
            (lo, hi, ticks) = (first, last, candidates)
        } else {
            (lo, hi, ticks) = scale == .log ? (1, 10, [1, 10]) : (0, 1, [0, 1])
        }
    }

    static func usable(_ v: Double, _ scale: AxisScale) -> Bool {
        v.isFinite && (scale == .linear || v > 0)
    }

    private static func fraction(_ v: Double, _ scale: AxisScale, _ lo: Double, _ hi: Double) -> Double {
        scale == .log ? (log10(v) - log10(lo)) / (log10(hi) - log10(lo)) : (v - lo) / (hi - lo)
    }

    func usable(_ v: Double) -> Bool { Self.usable(v, scale) }

    /// Position of `v` in the domain: 0 at `lo`, 1 at `hi`, outside 0...1 beyond them.
    func fraction(_ v: Double) -> Double { Self.fraction(v, scale, lo, hi) }

    /// `fraction(v)` limited to 0...1, for bars and ranges that run past a fixed domain.
    func clampedFraction(_ v: Double) -> Double { min(max(fraction(v), 0), 1) }

    /// Whether `v` can be placed and lies in the domain.
    func contains(_ v: Double) -> Bool {
        usable(v) && (-1e-9...(1 + 1e-9)).contains(fraction(v))
    }

    var labels: [String] { ticks.map { NumberText.short($0) } }

    /// Ticks at exact powers of ten, which keep their labels first when a log axis is crowded.
    var decadeIndices: [Int] {
        guard scale == .log else { return [] }
        return ticks.indices.filter { abs(log10(ticks[$0]) - log10(ticks[$0]).rounded()) < 1e-9 }
    }
}
