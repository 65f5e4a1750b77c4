import CodesignCore
import Foundation

/// Where a variant's top-1 accuracy comes from. The co-design search must never invent an
/// accuracy: a figure is either published, interpolated between published figures, a
/// published figure changed by a cited study's adjustment, or absent with the reason.
public enum AccuracyLookup: Sendable, Hashable {
    /// A published figure for exactly this variant; `source` is its source id.
    case table(Double, source: String)
    /// Interpolated between published figures: bilinear in (width, log resolution), or linear
    /// along one axis when the other matches a table row.
    case interpolated(Double, sources: [String])
    /// `base` (published or interpolated) changed by a cited adjustment or a stated
    /// assumption, which `adjustment` names together with its source.
    case estimate(Double, base: Double, adjustment: String)
    /// No figure can be given without inventing one.
    case unavailable(reason: String)

    /// Top-1 in %, or nil when unavailable.
    public var value: Double? {
        switch self {
        case .table(let v, _), .interpolated(let v, _), .estimate(let v, _, _): v
        case .unavailable: nil
        }
    }

    /// "table", "interpolated", "estimate" or "unavailable" (the `top1Kind` of PointMetrics).
    public var kind: String {
        switch self {
        case .table: "table"
        case .interpolated: "interpolated"
        case .estimate: "estimate"
        case .unavailable: "unavailable"
        }
    }

    /// Where the figure comes from, or why there is none: the `top1Source` of PointMetrics.
    public var sourceDescription: String {
        switch self {
        case .table(_, let source): source
        case .interpolated(_, let sources): sources.joined(separator: ";")
        case .estimate(_, let base, let adjustment): "base \(accuracyPercent(base)): \(adjustment)"
        case .unavailable(let reason): reason
        }
    }

}

/// A published accuracy change of a precision or of pruning, from a cited study, applied to
/// a table figure when the table itself has no row for the variant. Always an estimate.
public struct AccuracyAdjustment: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Inference at `bits` changes top-1 by `deltaTop1` relative to `baseBits`.
        case quantization
        /// Removing up to `maxPruning` of the weights changes top-1 by `deltaTop1`.
        case pruning
    }

    /// Network families it applies to (matched case-insensitively); ["*"] means any CNN.
    public var families: [String]
    public var kind: Kind
    public var bits: Int?
    public var baseBits: Int?
    public var maxPruning: Double?
    /// Change of top-1, in percentage points.
    public var deltaTop1: Double
    public var source: String
    public var sourceType: String
    public var note: String

    public init(families: [String], kind: Kind, bits: Int?, baseBits: Int?, maxPruning: Double?,
                deltaTop1: Double, source: String, sourceType: String, note: String) {
        self.families = families
        self.kind = kind
        self.bits = bits
        self.baseBits = baseBits
        self.maxPruning = maxPruning
        self.deltaTop1 = deltaTop1
        self.source = source
        self.sourceType = sourceType
        self.note = note
    }

    /// 0 for an exact family match, 1 for the wildcard, nil when it does not apply.
    func specificity(for family: String?) -> Int? {
        if families.contains("*") { return 1 }
        guard let family else { return nil }
        return families.contains { $0.caseInsensitiveCompare(family) == .orderedSame } ? 0 : nil
    }

    var summary: String {
        let delta = deltaTop1 >= 0 ? "+\(accuracyPercent(deltaTop1))" : accuracyPercent(deltaTop1)
        return "\(delta) points (\(source), \(sourceType), estimate: \(note))"
    }
}

/// Published top-1 figures of one network family over its variants, as shipped in
/// `Workloads/accuracy/*.csv`, plus the adjustments that apply to the family.
///
/// Table columns (header required, any order; extra columns are allowed and ignored):
/// `width,resolution,bits,pruning,top1,source`, optionally `family` (one value for the whole
/// file; it selects the adjustments). Bits 32 is float.
public struct AccuracyTable: Sendable {
    public struct Row: Sendable, Hashable, Codable {
        public var width: Double
        public var resolution: Int
        public var bits: Int
        public var pruning: Double
        public var top1: Double
        public var source: String
        public var location: SourceLocation
    }

    public var path: String
    public var family: String?
    public var rows: [Row]
    public var adjustments: [AccuracyAdjustment]
    /// Every file the table was read from (the table, then its adjustments when read), so
    /// that a study's fingerprint covers each one.
    public var files: [String]

    public init(path: String, family: String?, rows: [Row], adjustments: [AccuracyAdjustment], files: [String]? = nil) {
        self.path = path
        self.family = family
        self.rows = rows
        self.adjustments = adjustments
        self.files = files ?? [path]
    }

    /// Loads a table. `adjustmentsPath` nil means the `adjustments.csv` beside the table, when
    /// that file exists (tables and the shared adjustments ship together in Workloads/accuracy).
    public static func load(path: String, adjustmentsPath: String? = nil) throws(DiagnosticsError) -> AccuracyTable {
        var diagnostics: [Diagnostic] = []
        let table = parseTable(path: path, diagnostics: &diagnostics)
        var adjustments: [AccuracyAdjustment] = []
        var files = [path]
        let sibling = (path as NSString).deletingLastPathComponent
        let defaultAdjustments = (sibling.isEmpty ? "adjustments.csv" : sibling + "/adjustments.csv")
        if let adjustmentsPath {
            adjustments = parseAdjustments(path: adjustmentsPath, diagnostics: &diagnostics)
            files.append(adjustmentsPath)
        } else if defaultAdjustments != path, FileManager.default.fileExists(atPath: defaultAdjustments) {
            adjustments = parseAdjustments(path: defaultAdjustments, diagnostics: &diagnostics)
            files.append(defaultAdjustments)
        }
        guard diagnostics.isEmpty, let table else { throw DiagnosticsError(diagnostics) }
        return AccuracyTable(path: path, family: table.family, rows: table.rows, adjustments: adjustments, files: files)
    }

    /// Top-1 of a variant; see AccuracyLookup for what each case promises. An estimate that
    /// adjustments push outside 0–100% is no estimate: the point has no accuracy.
    public func top1(for variant: ModelVariant) -> AccuracyLookup {
        let found = lookup(variant)
        if let value = found.value, !(0...100).contains(value) {
            return .unavailable(reason: "the adjustments give a top-1 of \(accuracyNumber(value))%, outside 0–100% "
                                + "(\(files.joined(separator: ", ")))")
        }
        return found
    }

    private func lookup(_ variant: ModelVariant) -> AccuracyLookup {
        guard variant.width.isFinite, variant.width > 0, variant.resolution > 0, variant.precision > 0,
              variant.pruning.isFinite, variant.pruning >= 0, variant.pruning < 1 else {
            return .unavailable(reason: "invalid variant (width \(variant.width), resolution \(variant.resolution), "
                                + "\(variant.precision)-bit, pruning \(variant.pruning))")
        }
        let pruned = variant.pruning > 0 && !rows.contains { $0.pruning == variant.pruning }
        let precisionLookup = lookupPrecision(variant, pruning: pruned ? 0 : variant.pruning)
        guard pruned else { return precisionLookup }
        guard let value = precisionLookup.value else { return precisionLookup }
        guard let adjustment = bestAdjustment(where: { $0.kind == .pruning && variant.pruning <= ($0.maxPruning ?? 0) }) else {
            return .unavailable(reason: "no published accuracy for \(percentString(variant.pruning)) pruning of "
                                + "\(familyName) and no cited pruning study applies (\(path))")
        }
        let base: Double
        var changes: [String] = []
        if case .estimate(_, let precisionBase, let precisionChange) = precisionLookup {
            base = precisionBase
            changes.append(precisionChange)
        } else {
            base = value
        }
        changes.append("pruning \(percentString(variant.pruning)): \(adjustment.summary)")
        return .estimate(value + adjustment.deltaTop1, base: base, adjustment: changes.joined(separator: "; "))
    }

    private var familyName: String { family ?? "this network" }

    /// The figure at the variant's precision for unpruned (or exactly tabled) weights.
    private func lookupPrecision(_ variant: ModelVariant, pruning: Double) -> AccuracyLookup {
        let bits = variant.precision
        let tabledBits = Set(rows.filter { $0.pruning == pruning }.map(\.bits))
        var directReason: String?
        if tabledBits.contains(bits) {
            let direct = grid(bits: bits, pruning: pruning, width: variant.width, resolution: variant.resolution)
            if direct.value != nil { return direct }
            if case .unavailable(let reason) = direct { directReason = reason }
        }
        let floatBits = 32
        if bits == 16, !tabledBits.contains(16), tabledBits.contains(floatBits) {
            let float = grid(bits: floatBits, pruning: pruning, width: variant.width, resolution: variant.resolution)
            guard let value = float.value else { return float }
            return .estimate(value, base: value, adjustment:
                "16-bit inference taken equal to float (\(float.kind) \(float.sourceDescription)); "
                + "assumption, not a cited figure: fp16/int16 inference matches float within published noise")
        }
        if let adjustment = bestAdjustment(where: { $0.kind == .quantization && $0.bits == bits }) {
            let baseBits = adjustment.baseBits ?? floatBits
            let base = grid(bits: baseBits, pruning: pruning, width: variant.width, resolution: variant.resolution)
            guard let baseValue = base.value else { return base }
            return .estimate(baseValue + adjustment.deltaTop1, base: baseValue, adjustment:
                "\(bits)-bit vs \(baseBits)-bit (\(base.kind) \(base.sourceDescription)): \(adjustment.summary)")
        }
        if let directReason { return .unavailable(reason: directReason) }
        let covered = tabledBits.sorted().map(String.init).joined(separator: ", ")
        return .unavailable(reason: "\(familyName) has no published \(bits)-bit accuracy (table has \(covered)-bit rows) "
                            + "and no cited study gives a \(bits)-bit adjustment (\(path))")
    }

    /// The most specific adjustment for the table's family (exact family before "*"); ties go
    /// to the first in the file.
    private func bestAdjustment(where matches: (AccuracyAdjustment) -> Bool) -> AccuracyAdjustment? {
        var best: (AccuracyAdjustment, Int)?
        for adjustment in adjustments where matches(adjustment) {
            guard let rank = adjustment.specificity(for: family) else { continue }
            if best == nil || rank < best!.1 { best = (adjustment, rank) }
        }
        return best?.0
    }

    /// Lookup in the (width, resolution) grid of one precision and pruning: exact hit, else
    /// interpolation along resolution (in log resolution) within each bracketing width, then
    /// linearly across width. With a rectangular grid this is bilinear; a width whose rows do
    /// not bracket the resolution makes the point unavailable rather than extrapolated.
    private func grid(bits: Int, pruning: Double, width: Double, resolution: Int) -> AccuracyLookup {
        let slice = rows.filter { $0.bits == bits && $0.pruning == pruning }
        let label = "\(bits)-bit" + (pruning > 0 ? " \(percentString(pruning)) pruned" : "")
        if let hit = slice.first(where: { sameWidth($0.width, width) && $0.resolution == resolution }) {
            return .table(hit.top1, source: hit.source)
        }
        let widths = Array(Set(slice.map(\.width))).sorted()
        guard let minWidth = widths.first, let maxWidth = widths.last else {
            return .unavailable(reason: "\(familyName) has no \(label) rows (\(path))")
        }
        if width < minWidth - widthTolerance || width > maxWidth + widthTolerance {
            return .unavailable(reason: "width \(accuracyNumber(width)) is outside the \(label) table's widths "
                                + "\(accuracyNumber(minWidth))…\(accuracyNumber(maxWidth)) of \(familyName) (\(path))")
        }
        let lower = widths.last { $0 <= width + widthTolerance }!
        let upper = widths.first { $0 >= width - widthTolerance }!
        var corners: [(value: Double, sources: [String])] = []
        for w in (sameWidth(lower, upper) ? [lower] : [lower, upper]) {
            let column = slice.filter { sameWidth($0.width, w) }.sorted { $0.resolution < $1.resolution }
            guard let below = column.last(where: { $0.resolution <= resolution }),
                  let above = column.first(where: { $0.resolution >= resolution }) else {
                let range = "\(column.first!.resolution)…\(column.last!.resolution)"
                return .unavailable(reason: "resolution \(resolution) is outside the \(label) table's resolutions "
                                    + "\(range) at width \(accuracyNumber(w)) of \(familyName) (\(path))")
            }
            if below.resolution == above.resolution {
                corners.append((below.top1, [below.source]))
            } else {
                let t = (log(Double(resolution)) - log(Double(below.resolution)))
                    / (log(Double(above.resolution)) - log(Double(below.resolution)))
                corners.append((below.top1 + t * (above.top1 - below.top1), [below.source, above.source]))
            }
        }
        let value: Double
        if corners.count == 1 {
            value = corners[0].value
        } else {
            let t = (width - lower) / (upper - lower)
            value = corners[0].value + t * (corners[1].value - corners[0].value)
        }
        var sources: [String] = []
        for source in corners.flatMap(\.sources) where !sources.contains(source) { sources.append(source) }
        return .interpolated(value, sources: sources)
    }
}

/// Widths such as 0.35 and 0.75 are written in decimal; compare with a tolerance far below
/// any published width step.
private let widthTolerance = 1e-9
private func sameWidth(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= widthTolerance }

private func percentString(_ fraction: Double) -> String { accuracyNumber(fraction * 100) + "%" }

/// Fixed formatting for reasons and sources: integers without a fraction, otherwise up to
/// six significant digits, so that the same inputs give byte-identical reports.
private func accuracyNumber(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.6g", value)
}

private func accuracyPercent(_ value: Double) -> String { String(format: "%.2f", value) }

private let tableColumns = ["width", "resolution", "bits", "pruning", "top1", "source"]

private func parseTable(path: String, diagnostics: inout [Diagnostic]) -> (family: String?, rows: [AccuracyTable.Row])? {
    let before = diagnostics.count
    guard let csv = CSVTable.read(path: path, required: tableColumns, what: "accuracy table", diagnostics: &diagnostics),
          tableColumns.allSatisfy({ csv.header[$0] != nil }) else { return nil }
    var rows: [AccuracyTable.Row] = []
    var family: (name: String, location: SourceLocation)?
    var seen: [String: SourceLocation] = [:]
    for record in csv.rows {
        let reader = RowReader(path: path, line: record.line, fields: record.fields, header: csv.header)
        let width = reader.number("width", &diagnostics)
        let resolution = reader.integer("resolution", &diagnostics)
        let bits = reader.integer("bits", &diagnostics)
        let pruning = reader.number("pruning", &diagnostics)
        let top1 = reader.number("top1", &diagnostics)
        let source = reader.text("source") ?? ""
        var valid = true
        if source.isEmpty {
            diagnostics.append(.error("source is empty: every accuracy figure needs its source id", at: reader.location("source")))
            valid = false
        }
        if let w = width ?? nil, w <= 0 {
            diagnostics.append(.error("width \(accuracyNumber(w)) must be positive", at: reader.location("width"))); valid = false
        }
        if let r = resolution ?? nil, r <= 0 {
            diagnostics.append(.error("resolution \(r) must be positive", at: reader.location("resolution"))); valid = false
        }
        if let b = bits ?? nil, b <= 0 || b > 64 {
            diagnostics.append(.error("bits \(b) must be in 1…64 (32 = float)", at: reader.location("bits"))); valid = false
        }
        if let p = pruning ?? nil, p < 0 || p >= 1 {
            diagnostics.append(.error("pruning \(accuracyNumber(p)) must be a fraction in [0, 1)", at: reader.location("pruning"))); valid = false
        }
        if let t = top1 ?? nil, t < 0 || t > 100 {
            diagnostics.append(.error("top1 \(accuracyNumber(t)) must be a percentage in [0, 100]", at: reader.location("top1"))); valid = false
        }
        if let name = reader.text("family"), !name.isEmpty {
            if let family, family.name != name {
                diagnostics.append(.error("family '\(name)' differs from '\(family.name)': one table holds one network family",
                                          at: reader.location("family"),
                                          notes: [.note("family first given here", at: family.location)]))
                valid = false
            } else if family == nil {
                family = (name, reader.location("family"))
            }
        }
        guard valid, let w = width ?? nil, let r = resolution ?? nil, let b = bits ?? nil,
              let p = pruning ?? nil, let t = top1 ?? nil else { continue }
        let location = SourceLocation(path: path, line: record.line, column: 1)
        let key = "\(accuracyNumber(w)),\(r),\(b),\(accuracyNumber(p))"
        if let first = seen[key] {
            diagnostics.append(.error("duplicate row for width \(accuracyNumber(w)), resolution \(r), \(b)-bit, "
                                      + "pruning \(accuracyNumber(p)): keep one source per variant", at: location,
                                      notes: [.note("first given here", at: first)]))
            continue
        }
        seen[key] = location
        rows.append(AccuracyTable.Row(width: w, resolution: r, bits: b, pruning: p, top1: t, source: source,
                                      location: location))
    }
    return diagnostics.count == before ? (family?.name, rows) : nil
}

private let adjustmentColumns = ["family", "kind", "bits", "base_bits", "max_pruning", "delta_top1", "status", "source"]

private func parseAdjustments(path: String, diagnostics: inout [Diagnostic]) -> [AccuracyAdjustment] {
    guard let csv = CSVTable.read(path: path, required: adjustmentColumns, what: "accuracy adjustments",
                                  diagnostics: &diagnostics),
          adjustmentColumns.allSatisfy({ csv.header[$0] != nil }) else { return [] }
    var adjustments: [AccuracyAdjustment] = []
    for record in csv.rows {
        let reader = RowReader(path: path, line: record.line, fields: record.fields, header: csv.header)
        let families = (reader.text("family") ?? "").split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if families.isEmpty { diagnostics.append(.error("family is empty (use * for any network)", at: reader.location("family"))) }
        let kindText = reader.text("kind") ?? ""
        let kind = AccuracyAdjustment.Kind(rawValue: kindText)
        if kind == nil {
            diagnostics.append(.error("kind '\(kindText)' must be quantization or pruning", at: reader.location("kind")))
        }
        let status = reader.text("status") ?? ""
        if status != "estimate" {
            diagnostics.append(.error("status '\(status)' must be 'estimate': adjustments are never published figures of the variant",
                                      at: reader.location("status")))
        }
        let source = reader.text("source") ?? ""
        if source.isEmpty { diagnostics.append(.error("source is empty", at: reader.location("source"))) }
        let bits = reader.integer("bits", optional: true, &diagnostics)
        let baseBits = reader.integer("base_bits", optional: true, &diagnostics)
        let maxPruning = reader.number("max_pruning", optional: true, &diagnostics)
        let delta = reader.number("delta_top1", &diagnostics)
        for (column, value) in [("bits", bits), ("base_bits", baseBits)] {
            if let b = value ?? nil, b <= 0 || b > 64 {
                diagnostics.append(.error("\(column) \(b) must be in 1…64 (32 = float)", at: reader.location(column)))
            }
        }
        if let d = delta ?? nil, d <= -100 || d >= 100 {
            diagnostics.append(.error("delta_top1 \(accuracyNumber(d)) must be a change of top-1 in percentage points, within ±100",
                                      at: reader.location("delta_top1")))
        }
        if kind == .quantization, let b = bits, b == nil {
            diagnostics.append(.error("a quantization adjustment needs bits", at: reader.location("bits")))
        }
        if kind == .pruning, let m = maxPruning {
            if let m, m <= 0 || m >= 1 {
                diagnostics.append(.error("max_pruning \(accuracyNumber(m)) must be in (0, 1)", at: reader.location("max_pruning")))
            } else if m == nil {
                diagnostics.append(.error("a pruning adjustment needs max_pruning", at: reader.location("max_pruning")))
        }
        }
        guard let kind, !families.isEmpty, !source.isEmpty, status == "estimate", let bits, let baseBits, let maxPruning,
              let delta = delta ?? nil else { continue }
        adjustments.append(AccuracyAdjustment(families: families, kind: kind, bits: bits, baseBits: baseBits,
                                              maxPruning: maxPruning, deltaTop1: delta, source: source,
                                              sourceType: reader.text("source_type") ?? "", note: reader.text("note") ?? ""))
    }
    return adjustments
}
