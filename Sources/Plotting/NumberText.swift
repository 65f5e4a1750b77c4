import Foundation

/// Short, deterministic number text for tick labels and values: "0", "0.5", "12", "1.25k", "3M", "2.5e-6".
///
/// Written by hand rather than with `NumberFormatter` or `String(format:)` so that output never depends on locale
/// or platform: reports are compared byte for byte.
public enum NumberText {
    /// `v` rounded to `significant` digits (1...15), trailing zeros trimmed, never "-0".
    /// Magnitudes from 0.001 up to 1000 print plainly; k, M, G, T cover up to 10^15; beyond either end a
    /// lower-case exponent is used ("2.5e-6", "1e15"). Magnitudes below 1e-300 print as "0", non-finite values
    /// as "n/a".
    public static func short(_ v: Double, significant: Int = 3) -> String {
        guard v.isFinite else { return "n/a" }
        let magnitude = abs(v)
        guard magnitude >= 1e-300 else { return "0" }
        let sig = min(max(significant, 1), 15)
        var e = Int(floor(log10(magnitude)))
        var d = digits(magnitude, exponent: e, significant: sig)
        if d >= Int(1.0.timesPowerOfTen(sig)) {
            e += 1
            d = digits(magnitude, exponent: e, significant: sig)
        } else if d < Int(1.0.timesPowerOfTen(sig - 1)) {
            e -= 1
            d = digits(magnitude, exponent: e, significant: sig)
        }
        let sign = v < 0 ? "-" : ""
        switch e {
        case -3...2:
            return sign + place(d, leadingExponent: e)
        case 3..<15:
            let group = e / 3 * 3
            return sign + place(d, leadingExponent: e - group) + ["k", "M", "G", "T"][group / 3 - 1]
        default:
            return sign + place(d, leadingExponent: 0) + "e" + String(e)
        }
    }

    /// The `significant` leading digits of `magnitude`, whose leading digit has weight 10^exponent, as an integer.
    private static func digits(_ magnitude: Double, exponent: Int, significant: Int) -> Int {
        Int(magnitude.timesPowerOfTen(significant - 1 - exponent).rounded(.toNearestOrAwayFromZero))
    }

    /// Writes the digits of `d` with the decimal point placed so that its first digit has weight 10^leadingExponent.
    private static func place(_ d: Int, leadingExponent: Int) -> String {
        let digits = String(d)
        let integerCount = leadingExponent + 1
        var whole: String, fraction: String
        if integerCount <= 0 {
            whole = "0"
            fraction = String(repeating: "0", count: -integerCount) + digits
        } else if integerCount >= digits.count {
            whole = digits + String(repeating: "0", count: integerCount - digits.count)
            fraction = ""
        } else {
            whole = String(digits.prefix(integerCount))
            fraction = String(digits.dropFirst(integerCount))
        }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? whole : whole + "." + fraction
    }
}
