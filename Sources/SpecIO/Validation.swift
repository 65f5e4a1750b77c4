import CodesignCore

/// Limits that keep every later computation inside 64-bit integer arithmetic. A dimension
/// of 2^20 is far above any real layer (the largest ImageNet feature maps are 2^9 wide);
/// 2^50 MACs is a thousand times GPT-3's per-token MACs for one layer.
enum Limits {
    static let dimension = 1 << 20
    static let dimensionLabel = "2^20"
    static let layerOperations = Network.maxLayerOperations
    static let layerOperationsLabel = Network.maxLayerOperationsLabel
    static let memoryBytes = 1 << 44
    static let memoryBytesLabel = "2^44"
    static let designPoints = 1 << 40
    static let designPointsLabel = "2^40"
}

/// An integer range check with the message the user sees when it fails.
struct IntegerRule {
    var min: Int
    var max: Int
    var maxLabel: String?

    static func positive(max: Int, label: String? = nil) -> IntegerRule {
        IntegerRule(min: 1, max: max, maxLabel: label)
    }
    static let dimension = IntegerRule(min: 1, max: Limits.dimension, maxLabel: Limits.dimensionLabel)

    /// "a positive integer", or "an integer from 3 to 250" for a narrow range.
    var phrase: String {
        switch min {
        case 1: "a positive integer"
        case 0: "a non-negative integer"
        default: "an integer from \(min) to \(max)"
        }
    }
}

/// A real-number range check; `phrase` is what the message says is expected.
struct RealRule {
    var lower: Double
    var lowerInclusive: Bool
    var upper: Double
    var upperInclusive: Bool
    var phrase: String

    static func positive(atMost upper: Double, phrase: String = "a positive number") -> RealRule {
        RealRule(lower: 0, lowerInclusive: false, upper: upper, upperInclusive: true, phrase: phrase)
    }

    /// `lower...upper`, both ends included.
    static func between(_ lower: Double, _ upper: Double, phrase: String) -> RealRule {
        RealRule(lower: lower, lowerInclusive: true, upper: upper, upperInclusive: true, phrase: phrase)
    }

    func contains(_ value: Double) -> Bool {
        value.isFinite
            && (lowerInclusive ? value >= lower : value > lower)
            && (upperInclusive ? value <= upper : value < upper)
    }
}

/// Phase two helpers: checks of decoded literals, each failing check one located error.
extension DiagnosticLog {
    func integer(_ literal: Located<NumberLiteral>?, _ name: String, _ rule: IntegerRule) -> Int? {
        guard let literal else { return nil }
        let number = literal.value
        let found = "found \(number.text)"
        guard number.value.isFinite, number.value == number.value.rounded() else {
            error("'\(name)' must be \(rule.phrase), \(found)", at: literal.location)
            return nil
        }
        if number.value < Double(rule.min) {
            error("'\(name)' must be \(rule.phrase), \(found)", at: literal.location)
            return nil
        }
        guard let value = number.integer, value <= rule.max else {
            if rule.min > 1 {
                error("'\(name)' must be \(rule.phrase), \(found)", at: literal.location)
            } else {
                let limit = rule.maxLabel.map { "\(rule.max) (\($0))" } ?? "\(rule.max)"
                error("'\(name)' must be at most \(limit), \(found)", at: literal.location)
            }
            return nil
        }
        return value
    }

    func real(_ literal: Located<NumberLiteral>?, _ name: String, _ rule: RealRule) -> Double? {
        guard let literal else { return nil }
        guard rule.contains(literal.value.value) else {
            error("'\(name)' must be \(rule.phrase), found \(literal.value.text)", at: literal.location)
            return nil
        }
        return literal.value.value
    }

    /// A word from a closed vocabulary; unknown words get the list and a suggestion.
    func choice<Value>(_ literal: Located<String>?, _ what: String, _ options: [(String, Value)]) -> Value? {
        guard let literal else { return nil }
        if let match = options.first(where: { $0.0 == literal.value }) { return match.1 }
        let names = options.map(\.0)
        let suggestion = Suggestions.didYouMean(literal.value, among: names)
        error("unknown \(what) '\(literal.value)'; expected one of \(Suggestions.list(names))\(suggestion)",
              at: literal.location)
        return nil
    }
}

/// Product of positive integers, nil if it overflows `Int`.
func checkedProduct(_ values: [Int]) -> Int? {
    var product = 1
    for value in values {
        let (result, overflow) = product.multipliedReportingOverflow(by: value)
        if overflow { return nil }
        product = result
    }
    return product
}
