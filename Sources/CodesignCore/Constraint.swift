import Foundation

/// A hard constraint on one figure, such as `fps >= 30`: read from the workload, checked on
/// design points by the exploration and on devices by `compare`, with the same words.
public struct Constraint: Sendable, Hashable, Codable, CustomStringConvertible {
    public typealias Comparator = Comparison

    public var metric: Metric
    public var comparator: Comparator
    public var value: Double

    public init(metric: Metric, comparator: Comparator, value: Double) {
        self.metric = metric
        self.comparator = comparator
        self.value = value
    }

    /// nil when `measured` satisfies the constraint, otherwise why not ("fps 21.3 < 30").
    public func check(measured: Double) -> String? {
        let key = metric.constraintKey
        if measured.isNaN { return "\(key) is not a number" }
        if comparator.holds(measured, value) { return nil }
        let (shownMeasured, shownBound) = Self.distinctFormatting(measured, value)
        return "\(key) \(shownMeasured) \(comparator.violatedSymbol) \(shownBound)"
    }

    /// The constraint as a workload file writes it, e.g. "fps >= 30".
    public var description: String {
        "\(metric.constraintKey) \(comparator.rawValue) \(Self.number(value, significantDigits: 6))"
    }

    /// Six significant digits, more when needed so that a measured figure just past the bound
    /// never prints equal to it ("fps 29.9999999 < 30", not "fps 30 < 30").
    private static func distinctFormatting(_ a: Double, _ b: Double) -> (String, String) {
        for digits in 6...17 {
            let (x, y) = (number(a, significantDigits: digits), number(b, significantDigits: digits))
            if x != y || a == b { return (x, y) }
        }
        return (number(a, significantDigits: 17), number(b, significantDigits: 17))
    }

    /// Fixed formatting: integers without a fraction, otherwise `%g` with the given digits.
    private static func number(_ value: Double, significantDigits: Int) -> String {
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.\(significantDigits)g", value)
    }
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
