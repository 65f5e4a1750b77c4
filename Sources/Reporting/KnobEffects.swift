import CodesignCore
import Exploration

/// How each knob of a study moves each objective, from the points themselves: per value of
/// the knob, the median and range of an objective over the feasible points with that value;
/// and, per change of the knob from its first value, the median change over every pair of
/// feasible points that differ in that knob only (the other knobs and the variant equal), which
/// isolates the knob from the rest of the space. Design knobs come from the study's record of
/// the space; the variant's width, resolution, precision and pruning are knobs when the run
/// has more than one value of them.
struct KnobEffects {
    struct Spread {
        var low: Double
        var median: Double
        var high: Double
        var count: Int
    }

    struct Change {
        /// Relative change of the median pair (0.2 = +20%), or the difference in points for
        /// top-1 (`isDifference`).
        var value: Double
        var isDifference: Bool
        var pairs: Int
    }

    struct Knob {
        var label: String
        var values: [String]
        /// spreads[objective][value]: nil where no feasible point has the value.
        var spreads: [[Spread?]]
        /// changes[objective][value]: from the first value to this one; nil for the first value
        /// and where no pair exists.
        var changes: [[Change?]]
    }

    var objectives: [Metric]
    var knobs: [Knob]

    init(study: StudyRecord, points: [EvaluatedPoint]) {
        objectives = study.objectives
        let feasible = points.filter { $0.feasible && $0.metrics != nil }
        var knobs: [Knob] = []
        // Design knobs: a point's value index on each is a digit of its design index.
        let coordinates = Dictionary(uniqueKeysWithValues: Set(points.map(\.id.designIndex)).map {
            ($0, study.knobCoordinates(designIndex: $0))
        })
        for (k, knob) in study.designKnobs.enumerated() where knob.values.count > 1 {
            knobs.append(Self.knob(knob.label, values: knob.values, points: feasible, objectives: objectives,
                                   value: { coordinates[$0.id.designIndex]??[k] },
                                   others: { p in
                                       guard let c = coordinates[p.id.designIndex] ?? nil else { return nil }
                                       var rest = c
                                       rest.remove(at: k)
                                       return rest.map(String.init).joined(separator: ",") + "|\(p.id.variantIndex)"
                                   }))
        }
        // Variant knobs: each field whose values differ among the points.
        let fields: [(String, (ModelVariant) -> Double)] = [
            ("width", { $0.width }), ("resolution", { Double($0.resolution) }),
            ("precision", { Double($0.precision) }), ("pruning", { $0.pruning }),
        ]
        for (f, field) in fields.enumerated() {
            let values = Array(Set(points.map { field.1($0.variant) })).sorted()
            guard values.count > 1 else { continue }
            let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
            knobs.append(Self.knob(field.0, values: values.map(JSONValue.format), points: feasible, objectives: objectives,
                                   value: { index[field.1($0.variant)] },
                                   others: { p in
                                       let rest = fields.enumerated().filter { $0.offset != f }.map { JSONValue.format($0.element.1(p.variant)) }
                                       return "\(p.id.designIndex)|" + rest.joined(separator: ",")
                                   }))
        }
        self.knobs = knobs
    }

    private static func knob(_ label: String, values: [String], points: [EvaluatedPoint], objectives: [Metric],
                             value: (EvaluatedPoint) -> Int?, others: (EvaluatedPoint) -> String?) -> Knob {
        var byValue = [[EvaluatedPoint]](repeating: [], count: values.count)
        var groups: [String: [Int: EvaluatedPoint]] = [:]
        for p in points {
            guard let v = value(p), byValue.indices.contains(v) else { continue }
            byValue[v].append(p)
            if let key = others(p) { groups[key, default: [:]][v] = p }
        }
        var spreads: [[Spread?]] = []
        var changes: [[Change?]] = []
        for metric in objectives {
            spreads.append(byValue.map { group in
                let sorted = group.compactMap { $0.metrics?.value(of: metric) }.filter(\.isFinite).sorted()
                guard let low = sorted.first, let high = sorted.last else { return nil }
                return Spread(low: low, median: median(sorted), high: high, count: sorted.count)
            })
            let isDifference = metric == .top1
            var row: [Change?] = [nil]
            for v in values.indices.dropFirst() {
                var deltas: [Double] = []
                for pair in groups.values {
                    guard let base = pair[0]?.metrics?.value(of: metric), let moved = pair[v]?.metrics?.value(of: metric),
                          base.isFinite, moved.isFinite else { continue }
                    if isDifference { deltas.append(moved - base) } else if base != 0 { deltas.append(moved / base - 1) }
                }
                deltas.sort()
                row.append(deltas.isEmpty ? nil : Change(value: median(deltas), isDifference: isDifference, pairs: deltas.count))
            }
            changes.append(row)
        }
        return Knob(label: label, values: values, spreads: spreads, changes: changes)
    }

    /// The middle of sorted values (the mean of the two middle ones for an even count).
    static func median(_ sorted: [Double]) -> Double {
        let n = sorted.count
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// `−18%`, `+2.1 pt`: a change as the reports write it.
    static func text(_ change: Change?) -> String {
        guard let change else { return "–" }
        let shown = change.isDifference ? change.value : change.value * 100
        let unit = change.isDifference ? " pt" : "%"
        // Below the last digit shown, no sign: "-0.0%" would read as a change.
        guard abs(shown) >= 0.05 else { return "0" + unit }
        return String(format: "%+.1f", shown).replacingOccurrences(of: "-", with: "−") + unit
    }

    /// Rows of the paired-change table: knob, change, then one cell per objective.
    func changeRows() -> [[String]] {
        var rows: [[String]] = []
        for knob in knobs {
            for v in knob.values.indices.dropFirst() {
                let pairs = knob.changes.compactMap { $0[v]?.pairs }.max() ?? 0
                rows.append([knob.label, "\(knob.values[0]) → \(knob.values[v])"]
                            + objectives.indices.map { Self.text(knob.changes[$0][v]) } + [String(pairs)])
            }
        }
        return rows
    }
}
