/// A space's point index as coordinates on its axes and back: point numbers are mixed-radix
/// numbers whose last axis varies fastest (a design space's nested loops, a search genome).
/// One reading, so that the space file, the search strategies and the reports agree on which
/// knob values a point index stands for.
public enum MixedRadix {
    /// The digits of `number` for `radices` (outermost first); each radix must be positive.
    public static func digits(of number: Int, radices: [Int]) -> [Int] {
        var rest = number
        var digits = [Int](repeating: 0, count: radices.count)
        for axis in radices.indices.reversed() {
            digits[axis] = rest % radices[axis]
            rest /= radices[axis]
        }
        return digits
    }

    /// The number whose digits are `digits` (the inverse of `digits(of:radices:)`).
    public static func number<C: Collection<Int>>(_ digits: C, radices: [Int]) -> Int {
        zip(digits, radices).reduce(0) { $0 * $1.1 + $1.0 }
    }
}
