import CodesignCore
import Exploration
import Foundation
import MappingSearch
@testable import Reporting
import Testing

/// A study whose figures are products of hand-chosen factors, so what each knob does is known
/// without the report: a 512 KiB buffer takes 20% of the energy off and adds 2 mm²; 16 rows
/// halve the latency, add 10% of energy and 1 mm²; width 1.0 doubles latency and energy.
/// `fps >= 60` excludes 8 rows at width 1.0 (50 fps).
enum HandStudy {
    static let knobs = [StudyRecord.Knob(label: "GLB.size_kib", values: ["128", "512"]),
                        StudyRecord.Knob(label: "pe_array.rows", values: ["8", "16"])]
    static let widths = [0.5, 1.0]

    static func record() -> StudyRecord {
        var record = StudyRecord(workloadName: "hand", spaceName: "npu<x>", objectives: [.latency, .energy, .area],
                                 constraints: [Constraint(metric: .throughput, comparator: .atLeast, value: 60)],
                                 constraintTexts: ["fps >= 60"], strategy: .grid, seed: 1, accuracySources: [],
                                 productionVolume: 100_000, screeningMapper: .search, refined: false)
        record.designKnobs = knobs
        return record
    }

    static func points() -> [EvaluatedPoint] {
        var points: [EvaluatedPoint] = []
        for design in 0..<4 {
            let (size512, rows16) = (design / 2 == 1, design % 2 == 1)
            for (v, width) in widths.enumerated() {
                let latency = 0.01 * (rows16 ? 0.5 : 1) * (width == 1 ? 2 : 1)
                let energy = 1e-3 * (size512 ? 0.8 : 1) * (rows16 ? 1.1 : 1) * (width == 1 ? 2 : 1)
                let area = 1 + (size512 ? 2.0 : 0) + (rows16 ? 1.0 : 0)
                let metrics = PointMetrics(latencyS: latency, throughputFps: 1 / latency, energyJ: energy,
                                           powerW: energy / latency, areaMM2: area, unitCostUSD: 2 * area, mapper: "search")
                let feasible = 1 / latency >= 60
                points.append(EvaluatedPoint(
                    id: PointID(designIndex: design, variantIndex: v),
                    designName: "npu<x>[GLB.size_kib=\(size512 ? 512 : 128) pe_array.rows=\(rows16 ? 16 : 8)]",
                    variant: ModelVariant(width: width, resolution: 224, precision: 8, pruning: 0), metrics: metrics,
                    feasible: feasible, reason: feasible ? nil : "fps 50 < 60"))
            }
        }
        return points
    }
}

@Suite struct ExplorationHTMLTests {
    @Test func pairedChangesAreTheHandChosenFactors() {
        let effects = KnobEffects(study: HandStudy.record(), points: HandStudy.points())
        #expect(effects.knobs.map(\.label) == ["GLB.size_kib", "pe_array.rows", "width"])
        // knob, change, latency, energy, area, pairs (medians over feasible pairs only).
        #expect(effects.changeRows() == [
            ["GLB.size_kib", "128 → 512", "0%", "−20.0%", "+100.0%", "3"],
            ["pe_array.rows", "8 → 16", "−50.0%", "+10.0%", "+66.7%", "2"],
            ["width", "0.5 → 1", "+100.0%", "+100.0%", "0%", "2"],
        ])
    }

    @Test func spreadsAreOverTheFeasiblePointsOfEachValue() throws {
        let effects = KnobEffects(study: HandStudy.record(), points: HandStudy.points())
        // Energy (objective 1) of GLB.size_kib = 128: 8 rows at width 0.5 (1.0 mJ), 16 rows at
        // 0.5 (1.1 mJ) and at 1.0 (2.2 mJ); 8 rows at 1.0 is infeasible.
        let spread = try #require(effects.knobs[0].spreads[1][0])
        #expect(spread.count == 3)
        #expect(abs(spread.low - 1e-3) < 1e-15 && abs(spread.median - 1.1e-3) < 1e-15 && abs(spread.high - 2.2e-3) < 1e-15)
    }

    @Test func pageIsDeterministicEscapedAndDrawsEveryPart() {
        let report = ExplorationReport(study: HandStudy.record(), points: HandStudy.points())
        let html = report.html(report.front)
        #expect(html == ExplorationReport(study: HandStudy.record(), points: HandStudy.points().reversed()).html(report.front))
        // 3 projections of 3 objectives, 3 knobs × 3 objectives, the constraint bars.
        #expect(html.components(separatedBy: "<svg ").count - 1 == 3 + 9 + 1)
        #expect(html.contains("Build <strong>npu&lt;x&gt;[GLB.size_kib="))
        #expect(!html.contains("npu<x>"))
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href=\"http"))
        for bad in ["NaN", "nan\"", ">nan", "inf\"", ">inf"] { #expect(!html.contains(bad)) }
    }

    /// A run of 10^4 points draws every front point and a tenth-to-quarter of the rest, and says so.
    @Test func largeRunsAreThinnedInThePlotsOnly() {
        var points: [EvaluatedPoint] = []
        for i in 0..<10_000 {
            let latency = 1e-3 * Double(1 + i % 100), energy = 1e-3 * Double(1 + i / 100)
            points.append(EvaluatedPoint(
                id: PointID(designIndex: i, variantIndex: 0), designName: "d\(i)",
                variant: ModelVariant(width: 1, resolution: 224, precision: 8, pruning: 0),
                metrics: PointMetrics(latencyS: latency, throughputFps: 1 / latency, energyJ: energy, powerW: 1,
                                      areaMM2: 1, unitCostUSD: 1, mapper: "search"),
                feasible: true, reason: nil))
        }
        var record = HandStudy.record()
        record.designKnobs = []
        record.constraints = []
        record.constraintTexts = []
        let report = ExplorationReport(study: record, points: points)
        let front = report.front
        #expect(front.map(\.id.designIndex) == [0])
        let html = report.html(front)
        #expect(html.contains("every 4th of the other 9999 points"))
        // 3 projections × (2500 thinned + 1 front) marks, each well under a kilobyte.
        #expect(html.utf8.count < 3 * 2501 * 1000)
    }
}
