/// A comparison in a constraint (`fps: ">= 30"`): shared by the workload format, which
/// parses it, and the exploration, which checks points against it.
public enum Comparison: String, CaseIterable, Sendable, Hashable, Codable {
    case atLeast = ">="
    case atMost = "<="
    case greater = ">"
    case less = "<"
    case equal = "=="

    /// Whether `lhs comparison rhs` holds (equality is exact: meant for integer figures).
    public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .atLeast: lhs >= rhs
        case .atMost: lhs <= rhs
        case .greater: lhs > rhs
        case .less: lhs < rhs
        case .equal: lhs == rhs
        }
    }
}
