import CodesignCore
import Exploration
import Foundation
import MappingSearch

/// The files an exploration writes to `--out`: the Pareto front and every point as CSV, a
/// JSON summary, and a Markdown report a newcomer can read to pick a design.
public struct ExplorationReport: Sendable {
    /// The resolved study: names, objectives, constraints, accuracy sources, volume, mappers.
    public var study: StudyRecord
    public var points: [EvaluatedPoint]
    /// The screening front's points re-evaluated with the ILP mapper and network schedule;
    /// they replace their screening figures in the front. Empty when not refined.
    public var refined: [EvaluatedPoint] = []

    /// The report of a study (what `explore` and `report --db` both render).
    public init(study: StudyRecord, points: [EvaluatedPoint]) {
        self.study = study
        self.points = points.sorted { $0.id < $1.id }
    }

    /// The non-dominated feasible set of every point, each with its best figures (refined
    /// where it was re-mapped, screening otherwise).
    public var front: [EvaluatedPoint] { ParetoFront.nonDominated(bestFigures, objectives: study.objectives) }

    var bestFigures: [EvaluatedPoint] {
        guard !refined.isEmpty else { return points }
        let byID = Dictionary(uniqueKeysWithValues: refined.filter { $0.metrics != nil }.map { ($0.id, $0) })
        return points.map { byID[$0.id] ?? $0 }
    }

    /// File name → contents; written by the CLI. `report.html` is the one to open: the front
    /// drawn, what each knob does, and the pick with its reasons.
    public func files() -> [(String, String)] {
        let front = self.front
        // Shared by both reports: a pass over every pair of points, and one over every point
        // per constraint.
        let effects = KnobEffects(study: study, points: bestFigures)
        let exclusions = exclusions()
        return [("pareto.csv", csv(front)), ("points.csv", csv(points)), ("refined.csv", csv(refined)),
                ("summary.json", summary(front, exclusions: exclusions)),
                ("report.md", markdown(front, effects: effects, exclusions: exclusions)),
                ("report.html", html(front, effects: effects, exclusions: exclusions))]
    }

    static let columns = ["design_index", "variant_index", "design", "width", "resolution", "precision", "pruning",
                          "latency_s", "throughput_fps", "energy_j", "power_w", "area_mm2", "unit_cost_usd", "top1",
                          "top1_kind", "top1_source", "mapper", "feasible", "reason"]

    func csv(_ rows: [EvaluatedPoint]) -> String {
        var lines = [Self.columns.joined(separator: ",")]
        for p in rows {
            let m = p.metrics
            func n(_ v: Double?) -> String { v.map(JSONValue.format) ?? "" }
            let fields: [String] = [
                String(p.id.designIndex), String(p.id.variantIndex), p.designName, JSONValue.format(p.variant.width),
                String(p.variant.resolution), String(p.variant.precision), JSONValue.format(p.variant.pruning),
                n(m?.latencyS), n(m?.throughputFps), n(m?.energyJ), n(m?.powerW), n(m?.areaMM2), n(m?.unitCostUSD),
                n(m?.top1), m?.top1Kind ?? "", m?.top1Source ?? "", m?.mapper ?? "", p.feasible ? "true" : "false",
                p.reason ?? "",
            ]
            lines.append(fields.map(csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The feasible point with the best value of each objective.
    func bestPerObjective() -> [(Metric, EvaluatedPoint)] {
        study.objectives.compactMap { metric in
            let candidates = bestFigures.filter { $0.feasible && $0.metrics?.value(of: metric) != nil }
            let best = candidates.min { a, b in
                let (x, y) = (a.metrics!.value(of: metric)!, b.metrics!.value(of: metric)!)
                if x != y { return metric.isMaximized ? x > y : x < y }
                return a.id < b.id
            }
            return best.map { (metric, $0) }
        }
    }

    /// Points each constraint excludes (a point can be excluded by several).
    func exclusions() -> [(String, Int)] {
        zip(study.constraints, study.constraintTexts).map { constraint, text in
            (text, points.filter { p in p.metrics.map { constraint.check($0) != nil } ?? false }.count)
        }
    }

    /// The front point closest to the ideal after normalising each objective over the front:
    /// a balanced choice to start from.
    func balanced(_ front: [EvaluatedPoint]) -> EvaluatedPoint? {
        guard !front.isEmpty else { return nil }
        var ranges: [(Double, Double)] = []
        for metric in study.objectives {
            let values = front.compactMap { $0.metrics?.value(of: metric) }
            ranges.append((values.min() ?? 0, values.max() ?? 0))
        }
        func distance(_ p: EvaluatedPoint) -> Double {
            var total = 0.0
            for (i, metric) in study.objectives.enumerated() {
                let (lo, hi) = ranges[i]
                guard hi > lo, let v = p.metrics?.value(of: metric) else { continue }
                let normalised = (v - lo) / (hi - lo)
                total += metric.isMaximized ? (1 - normalised) * (1 - normalised) : normalised * normalised
            }
            return total
        }
        return front.min { a, b in
            let (x, y) = (distance(a), distance(b))
            return x != y ? x < y : a.id < b.id
        }
    }

    func summary(_ front: [EvaluatedPoint], exclusions: [(String, Int)]) -> String {
        func point(_ p: EvaluatedPoint) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("design_index", .int(p.id.designIndex)), ("variant_index", .int(p.id.variantIndex)),
                ("design", .string(p.designName)),
                ("variant", .object([("width", .number(p.variant.width)), ("resolution", .int(p.variant.resolution)),
                                     ("precision", .int(p.variant.precision)), ("pruning", .number(p.variant.pruning))])),
            ]
            if let m = p.metrics {
                members += [("latency_s", .number(m.latencyS)), ("throughput_fps", .number(m.throughputFps)),
                            ("energy_j", .number(m.energyJ)), ("power_w", .number(m.powerW)),
                            ("area_mm2", .number(m.areaMM2)), ("unit_cost_usd", .number(m.unitCostUSD)),
                            ("top1", m.top1.map { .number($0) } ?? .null), ("mapper", .string(m.mapper))]
            }
            return .object(members)
        }
        let root: JSONValue = .object([
            ("workload", .string(study.workloadName)), ("space", .string(study.spaceName)),
            ("strategy", .string(study.strategy.rawValue)), ("seed", .int(Int(truncatingIfNeeded: study.seed))),
            ("objectives", .array(study.objectives.map { .string($0.rawValue) })),
            ("points", .int(points.count)), ("feasible", .int(points.filter(\.feasible).count)),
            ("front_size", .int(front.count)),
            ("constraints", .array(exclusions.map { .object([("constraint", .string($0.0)), ("excluded", .int($0.1))]) })),
            ("best", .object(bestPerObjective().map { ($0.0.rawValue, point($0.1)) })),
            ("front", .array(front.map(point))),
        ])
        return root.rendered() + "\n"
    }

    /// 100000 → "100k", 1000000 → "1M", 250000 → "250k"; other counts as written.
    static func unitsText(_ units: Int) -> String {
        if units >= 1_000_000, units % 1_000_000 == 0 { return "\(units / 1_000_000)M" }
        if units >= 1_000, units % 1_000 == 0 { return "\(units / 1_000)k" }
        return String(units)
    }

    /// `w0.75 r224 8b` (`p0.5` when pruned): a variant as the reports write it.
    static func variantText(_ v: ModelVariant) -> String {
        "w\(JSONValue.format(v.width)) r\(v.resolution) \(v.precision)b" + (v.pruning > 0 ? " p\(JSONValue.format(v.pruning))" : "")
    }

    /// How the figures were made: screening, then refinement (or why none), as one paragraph.
    func methodText() -> String {
        let screening = study.screeningMapper == .search ? "the fast search mapper" : "the \(study.screeningMapper.rawValue) mapper"
        return "Every point was screened with \(screening), layer by layer (`points.csv`). "
            + (!study.refined ? "No point was re-mapped (`--no-refine`)."
               : refined.isEmpty ? "No point could reach the front by re-mapping, so none was re-mapped."
               : "\(refined.count) points were then re-mapped with the ILP mapper and scheduled as a whole network (weight residency, on-chip activations; `refined.csv`): every point that, taken at the best any schedule of its screening mappings can reach (a proven bound) and improved beyond it as much as re-mapping improved any point so far, could still meet the constraints and reach the front, the most promising first, until none was left. Re-mapping never makes a point's energy-delay product worse. Other points keep their screening figures. The mapper column of each row says which produced its figures.")
    }

    /// Points each of whose figures could not be computed.
    var unevaluated: [EvaluatedPoint] { points.filter { $0.metrics == nil } }

    /// The columns of a point's row in the Markdown and HTML tables.
    var rowColumns: [String] {
        ["design", "variant", "latency ms", "fps", "energy mJ", "power W", "area mm²",
         "$/chip @\(Self.unitsText(study.productionVolume))", "top-1 %", "mapper"]
    }

    /// A point's cells under `rowColumns`, in the units the tables use (top-1 marked `*`
    /// interpolated, `†` estimate; `–` where a figure is missing).
    static func rowCells(_ p: EvaluatedPoint) -> [String] {
        let m = p.metrics
        func fixed(_ v: Double?, _ digits: Int) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "–" }
        let mark = m?.top1Kind == "interpolated" ? "*" : m?.top1Kind == "estimate" ? "†" : ""
        return [p.designName, variantText(p.variant), fixed(m.map { $0.latencyS * 1e3 }, 3), fixed(m?.throughputFps, 1),
                fixed(m.map { $0.energyJ * 1e3 }, 4), fixed(m?.powerW, 3), fixed(m?.areaMM2, 2), fixed(m?.unitCostUSD, 2),
                fixed(m?.top1, 1) + mark, m?.mapper ?? ""]
    }

    func markdown(_ front: [EvaluatedPoint], effects: KnobEffects, exclusions: [(String, Int)]) -> String {
        let variantText = Self.variantText
        func row(_ p: EvaluatedPoint) -> String { "| " + Self.rowCells(p).joined(separator: " | ") + " |" }
        let columns = rowColumns
        func header(_ names: [String]) -> String {
            "| " + names.joined(separator: " | ") + " |\n|" + String(repeating: "---|", count: names.count)
        }
        var out = ["# Co-design exploration: \(study.workloadName) on \(study.spaceName)", ""]
        out.append("\(points.count) points evaluated (\(study.strategy.rawValue), seed \(study.seed)); \(points.filter(\.feasible).count) meet every constraint; \(front.count) are on the Pareto front of \(study.objectives.map(\.rawValue).joined(separator: ", ")).")
        out.append("")
        if let pick = balanced(front) {
            out.append("## Which design to build")
            out.append("")
            out.append("The most balanced point of the front (closest to the best value of every objective at once) is **\(pick.designName)** running **\(variantText(pick.variant))**. Each other front point is better in at least one objective and worse in another; the best point for each single objective is listed below.")
            out.append("")
        } else {
            out.append("No point meets every constraint: relax a constraint or widen the space (see the exclusions below).")
            out.append("")
        }
        out += ["## Pareto front", "", header(columns)] + front.map(row) + [""]
        out += ["## Best point per objective", "", header(["objective"] + columns)]
        for (metric, p) in bestPerObjective() {
            out.append("| \(metric.rawValue) " + row(p))
        }
        out.append("")
        if !effects.knobs.isEmpty {
            out += ["## What each knob does", "",
                    "Median change of each objective when a knob moves from its first value, over every pair of feasible points that differ in that knob only (top-1 in points):",
                    "", header(["knob", "change"] + study.objectives.map(\.rawValue) + ["pairs"])]
            out += effects.changeRows().map { "| " + $0.joined(separator: " | ") + " |" }
            out.append("")
        }
        out += ["## Constraints", ""]
        if study.constraints.isEmpty { out.append("The workload sets no constraints.") }
        for (text, count) in exclusions { out.append("- `\(text)`: excludes \(count) of \(points.count) points") }
        if !unevaluated.isEmpty {
            out.append("- could not be evaluated: \(unevaluated.count) points (first reason: \(unevaluated[0].reason ?? "?"))")
        }
        out += ["", "## Accuracy sources", ""]
        out += study.accuracySources.isEmpty ? ["No accuracy table: top-1 is not reported."] : study.accuracySources.map { "- \($0)" }
        out += ["", "Top-1 marked * is interpolated between published table points; † is an estimate from a cited study (quantization below 8 bits, pruning)."]
        out += ["", "## How the figures were made", ""]
        out.append(methodText())
        if refined.contains(where: { $0.metrics == nil && $0.reason != nil }) {
            out.append("")
            out.append("Some re-mappings failed; those points keep their screening figures in `points.csv` and carry the reason in `refined.csv`.")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
