/// A figure of an evaluated design point or device that constraints and objectives name:
/// one vocabulary from the workload file through the exploration to the reports.
public enum Metric: String, CaseIterable, Sendable, Hashable, Codable {
    case latency, throughput, energy, power, area, cost, top1, edp

    /// Top-1 and throughput are maximised; everything else is minimised.
    public var isMaximized: Bool { self == .top1 || self == .throughput }

    /// The name a workload's `constraints:` key gives this figure, with its unit (fixed by
    /// INTERFACE.md); reasons are written with these names so users recognise their own
    /// constraint.
    public var constraintKey: String {
        switch self {
        case .throughput: "fps"
        case .power: "power_w"
        case .area: "area_mm2"
        case .cost: "cost_usd"
        case .energy: "energy_j"
        case .latency: "latency_s"
        case .top1: "top1"
        case .edp: "edp_j_s"
        }
    }

    /// The metric a constraint key names: fps → throughput, power_w → power, area_mm2 → area,
    /// cost_usd → cost, energy_j → energy, latency_s → latency, top1 → top1.
    public init?(constraintKey: String) {
        guard let metric = Metric.allCases.first(where: { $0.constraintKey == constraintKey }) else { return nil }
        self = metric
    }

    /// The figures a workload may constrain, in the order its error messages list them.
    public static let constrainable: [Metric] = [.throughput, .power, .top1, .area, .energy, .latency, .cost]

    /// The figures a workload may name as objectives (by `rawValue`), in the order its error
    /// messages list them.
    public static let objectives: [Metric] = [.latency, .energy, .area, .top1, .cost, .power, .edp]
}
