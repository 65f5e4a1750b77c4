import SpecIO
import CodesignCore
import Exploration
import Foundation
import Testing

@Suite("Constraints")
struct ConstraintTests {
    /// Figures chosen so that v, 2v and v/2 print exactly as written below.
    static let metrics = PointMetrics(latencyS: 0.02, throughputFps: 50, energyJ: 0.01, powerW: 0.5, areaMM2: 10,
                                      unitCostUSD: 4, top1: 70, top1Kind: "table", top1Source: "TF_MBV1", mapper: "ilp")
    /// Per metric: the workload key, and how v, 2v and v/2 print.
    static let printed: [Metric: (key: String, value: String, double: String, half: String)] = [
        .latency: ("latency_s", "0.02", "0.04", "0.01"),
        .throughput: ("fps", "50", "100", "25"),
        .energy: ("energy_j", "0.01", "0.02", "0.005"),
        .power: ("power_w", "0.5", "1", "0.25"),
        .area: ("area_mm2", "10", "20", "5"),
        .cost: ("cost_usd", "4", "8", "2"),
        .top1: ("top1", "70", "140", "35"),
        .edp: ("edp_j_s", "0.0002", "0.0004", "0.0001"),
    ]

    @Test("every comparator on every metric: satisfied gives nil, violated gives the reason",
          arguments: Metric.allCases, Constraint.Comparator.allCases)
    func comparatorOnMetric(_ metric: Metric, _ comparator: Constraint.Comparator) throws {
        let value = try #require(Self.metrics.value(of: metric))
        let names = try #require(Self.printed[metric])
        // (bound that holds, bound that fails, expected reason for the failing one)
        let (holding, failing, reason): (Double, Double, String) = switch comparator {
        case .atLeast: (value, value * 2, "\(names.key) \(names.value) < \(names.double)")
        case .atMost: (value, value / 2, "\(names.key) \(names.value) > \(names.half)")
        case .greater: (value / 2, value, "\(names.key) \(names.value) <= \(names.value)")
        case .less: (value * 2, value, "\(names.key) \(names.value) >= \(names.value)")
        case .equal: (value, value * 2, "\(names.key) \(names.value) != \(names.double)")
        }
        let satisfied = Constraint(metric: metric, comparator: comparator, value: holding)
        let violated = Constraint(metric: metric, comparator: comparator, value: failing)
        #expect(satisfied.check(Self.metrics) == nil)
        #expect(violated.check(Self.metrics) == reason)
    }

    @Test("the reason reads like the brief's example and never prints a violation as equal")
    func reasonFormatting() {
        var metrics = Self.metrics
        metrics.throughputFps = 21.3
        let fps = Constraint(metric: .throughput, comparator: .atLeast, value: 30)
        #expect(fps.check(metrics) == "fps 21.3 < 30")
        metrics.throughputFps = 29.9999999
        #expect(fps.check(metrics) == "fps 29.9999999 < 30")
        metrics.throughputFps = .nan
        #expect(fps.check(metrics) == "fps is not a number")
        #expect(fps.description == "fps >= 30")
    }

    @Test("a top-1 constraint on a variant without accuracy is violated, with why")
    func missingTop1() {
        var metrics = Self.metrics
        AccuracyLookup.unavailable(reason: "resolution 96 is outside the table").apply(to: &metrics)
        #expect(metrics.top1 == nil && metrics.top1Kind == "unavailable")
        let top1 = Constraint(metric: .top1, comparator: .atLeast, value: 60)
        #expect(top1.check(metrics) == "no accuracy for this variant: resolution 96 is outside the table")
        metrics.top1Source = nil
        metrics.top1Kind = "unavailable: no published 4-bit accuracy"
        #expect(top1.check(metrics) == "no accuracy for this variant: no published 4-bit accuracy")
        metrics.top1Kind = nil
        #expect(top1.check(metrics) == "no accuracy for this variant: the workload has no accuracy source")
        // Other constraints do not care about the missing accuracy.
        let power = Constraint(metric: .power, comparator: .atMost, value: 0.5)
        #expect(power.check(metrics) == nil)
    }

    @Test("violations lists every failed constraint in the given order")
    func violationsInOrder() {
        let constraints = [
            Constraint(metric: .throughput, comparator: .atLeast, value: 60),
            Constraint(metric: .power, comparator: .atMost, value: 0.5),
            Constraint(metric: .area, comparator: .atMost, value: 5),
            Constraint(metric: .top1, comparator: .atLeast, value: 60),
        ]
        #expect(violations(of: Self.metrics, constraints: constraints) == ["fps 50 < 60", "area_mm2 10 > 5"])
        #expect(violations(of: Self.metrics, constraints: []) == [])
    }

    @Test("workload constraint keys name the metrics", arguments: [
        ("fps", Metric.throughput), ("power_w", .power), ("area_mm2", .area), ("cost_usd", .cost),
        ("energy_j", .energy), ("latency_s", .latency), ("top1", .top1),
    ])
    func constraintKeys(_ key: String, _ metric: Metric) {
        #expect(Metric(constraintKey: key) == metric)
        #expect(metric.constraintKey == key)
    }

    @Test("comparators match the workload file's spelling and constraints round-trip through JSON")
    func comparatorSpellingAndCodable() throws {
        #expect(Constraint.Comparator.allCases.map(\.rawValue) == [">=", "<=", ">", "<", "=="])
        #expect(Metric(constraintKey: "watts") == nil)
        let constraint = Constraint(metric: .cost, comparator: .less, value: 4.5)
        let decoded = try JSONDecoder().decode(Constraint.self, from: JSONEncoder().encode(constraint))
        #expect(decoded == constraint)
    }
}
