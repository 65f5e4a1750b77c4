import Foundation

/// Tick positions people read at a glance: round numbers, evenly spaced, enclosing the data.
public enum Ticks {
    /// Linear ticks after Heckbert ("Nice numbers for graph labels", Graphics Gems, 1990): the step is 1, 2 or 5 × 10^k
    /// giving about `target` ticks, and the first and last ticks enclose `lo...hi` so they can serve as the domain.
    ///
    /// Bounds may come in either order. A single value `v` is widened by its order of magnitude (5 → 4...6, 0 → -1...1)
    /// so that a constant series still gets a readable axis. Non-finite bounds, and spans below 1e-290 or above
    /// 1e300, give no ticks.
    public static func linear(_ lo: Double, _ hi: Double, target: Int = 5) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        var a = min(lo, hi), b = max(lo, hi)
        if a == b {
            let magnitude = a == 0 ? 1 : 1.0.timesPowerOfTen(Int(floor(log10(abs(a)))))
            a -= magnitude
            b += magnitude
        }
        // Beyond these spans a nice step or its multiples would leave the doubles (subnormal or infinite).
        guard b - a > 1e-290, b - a < 1e300 else { return [] }
        let range = Step(b - a, rounding: false).value
        let step = Step(range / Double(max(target, 2) - 1), rounding: true)
        let first = (a / step.value + tolerance).rounded(.down)
        let last = (b / step.value - tolerance).rounded(.up)
        guard abs(first) < 1e15, abs(last) < 1e15, first <= last else { return [] }
        return (Int(first)...Int(last)).map(step.multiple)
    }

    /// Log ticks: powers of ten, plus their 2× and 5× multiples when `lo...hi` spans under two decades (otherwise there
    /// would be only two or three ticks). The first and last ticks enclose the range, and all are positive: a
    /// non-positive `lo` is replaced by `hi / 100`, a single value `v` widened to `v/2...2v`, and a range with no
    /// positive bound, or spanning over 1000 decades, gives no ticks. Ticks stop at 1e-308 and 1e308, the normal
    /// doubles' powers of ten.
    public static func log(_ lo: Double, _ hi: Double) -> [Double] {
        guard lo.isFinite, hi.isFinite, max(lo, hi) > 0 else { return [] }
        var a = min(lo, hi), b = max(lo, hi)
        if a <= 0 { a = b / 100 }
        if b / a < 1 + 1e-6 { a /= 2; b *= 2 }
        guard a > 0, b.isFinite, log10(b) - log10(a) < 1000 else { return [] }
        let e0 = Int(floor(log10(a) + tolerance)), e1 = Int(ceil(log10(b) - tolerance))
        let mantissas = log10(b) - log10(a) < 2 ? [1, 2, 5] : [1]
        let candidates = (e0...max(e0, e1)).flatMap { e in mantissas.map { Step(mantissa: $0, exponent: e).value } }
            .filter { $0 > 0 && $0.isFinite }  // 10^e under- or overflows at the ends of the doubles
        let start = candidates.lastIndex { $0 <= a * (1 + tolerance) } ?? 0
        let end = candidates.firstIndex { $0 >= b * (1 - tolerance) } ?? candidates.count - 1
        return Array(candidates[start...max(start, end)])
    }

    /// Slack for floating-point noise, e.g. 0.3 / 0.1 = 2.9999999999999996.
    private static let tolerance = 1e-9
}

/// A step of mantissa × 10^exponent. Multiples are computed from integers and one exact power of ten, so ticks come
/// out as the doubles nearest to round decimals (0.3, not 0.30000000000000004).
private struct Step {
    let mantissa: Int
    let exponent: Int

    init(mantissa: Int, exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// Heckbert's nice number near a positive `x`: the nearest when `rounding`, otherwise the smallest not below it.
    init(_ x: Double, rounding: Bool) {
        let e = Int(floor(log10(x)))
        let f = x.timesPowerOfTen(-e)
        let m = rounding
            ? (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10)
            : (f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10)
        self.init(mantissa: m == 10 ? 1 : m, exponent: m == 10 ? e + 1 : e)
    }

    var value: Double { multiple(1) }

    func multiple(_ i: Int) -> Double { Double(i * mantissa).timesPowerOfTen(exponent) }
}

extension Double {
    /// self × 10^e, dividing by an exact power for negative `e` so that e.g. 3 × 10^-1 is exactly the double 0.3.
    func timesPowerOfTen(_ e: Int) -> Double {
        e >= 0 ? self * pow(10, Double(e)) : self / pow(10, Double(-e))
    }
}
