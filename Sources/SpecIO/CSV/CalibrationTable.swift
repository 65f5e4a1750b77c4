import CodesignCore
import Foundation

/// One published result a vendor profile may be fitted to: a row of
/// ../shared/reference/benchmarks-calibration.csv, copied into Designs/vendors/calibration.csv
/// with the zoo network that expresses its model. Rows of our devices that are not used say
/// why (another runtime, a model the zoo cannot express) so nothing is silently dropped.
public struct CalibrationRow: Sendable, Hashable {
    public enum Metric: String, Sendable, Hashable, CaseIterable {
        /// Milliseconds per inference.
        case latencyMS = "latency_ms"
        /// Inferences per second.
        case fps
        /// Microjoules per inference.
        case energyUJ = "energy_uj"
    }

    /// What a row is for: fitting the accelerator, fitting the host CPU fallback rate (a
    /// CPU-only run on the device's host), or nothing (with the reason).
    public enum Use: String, Sendable, Hashable, CaseIterable {
        case fit = "yes"
        case host
        case no
    }

    public var id: String
    public var device: String
    /// Line of the row in the reference file, for traceability.
    public var referenceLine: Int
    public var referenceDevice: String
    public var model: String
    public var network: String
    public var width: Double
    public var resolution: Int
    public var precision: Int
    public var batch: Int
    public var metric: Metric
    public var value: Double
    public var sourceIDs: String
    public var use: Use
    public var reason: String
    public var location: SourceLocation

    public init(id: String, device: String, referenceLine: Int, referenceDevice: String, model: String, network: String,
                width: Double, resolution: Int, precision: Int, batch: Int, metric: Metric, value: Double,
                sourceIDs: String, use: Use, reason: String, location: SourceLocation) {
        self.id = id
        self.device = device
        self.referenceLine = referenceLine
        self.referenceDevice = referenceDevice
        self.model = model
        self.network = network
        self.width = width
        self.resolution = resolution
        self.precision = precision
        self.batch = batch
        self.metric = metric
        self.value = value
        self.sourceIDs = sourceIDs
        self.use = use
        self.reason = reason
        self.location = location
    }
}

/// Reads Designs/vendors/calibration.csv. Every malformed cell is a located diagnostic.
public enum CalibrationTable {
    static let header = ["id", "device", "reference_line", "reference_device", "model", "network", "width",
                         "resolution", "precision", "batch", "metric", "value", "source_ids", "used", "reason"]

    public static func load(path: String) throws(DiagnosticsError) -> [CalibrationRow] {
        let text: String
        switch InputFile.readText(path: path, what: "a CSV file (the calibration table)") {
        case .success(let bytes): text = String(decoding: bytes, as: UTF8.self)
        case .failure(let error): throw error
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(DiagnosticsError) -> [CalibrationRow] {
        var diagnostics: [Diagnostic] = []
        var rows: [CalibrationRow] = []
        var ids = Set<String>()
        let records = parseCSVLines(text)
        guard let first = records.first, first.fields.map(\.text) == header else {
            throw DiagnosticsError([.error("the header must be \(header.joined(separator: ","))",
                                           at: SourceLocation(path: path, line: 1, column: 1))])
        }
        for record in records.dropFirst() {
            let lineNumber = record.line
            let cells = record.fields.map(\.text)
            func at(_ column: Int) -> SourceLocation {
                SourceLocation(path: path, line: lineNumber, column: record.fields[column].column)
            }
            guard cells.count == header.count else {
                diagnostics.append(.error("expected \(header.count) cells, found \(cells.count)",
                                          at: SourceLocation(path: path, line: lineNumber, column: 1)))
                continue
            }
            var bad = false
            // Published figures and widths are far above 1e-6 (a nanosecond, a millionth of a
            // frame per second, a picojoule); the floor keeps a fuzzed 1e-308 from making
            // every fit and error infinite.
            func number(_ column: Int) -> Double {
                guard let v = Double(cells[column]), v.isFinite, v >= 1e-6, v <= 1e12 else {
                    diagnostics.append(.error("'\(header[column])' must be a number from 0.000001 to 1e12, found '\(cells[column])'",
                                              at: at(column)))
                    bad = true
                    return 0
                }
                return v
            }
            func integer(_ column: Int) -> Int {
                guard let v = Int(cells[column]), v > 0, v <= 100_000 else {
                    diagnostics.append(.error("'\(header[column])' must be a positive integer, found '\(cells[column])'",
                                              at: at(column)))
                    bad = true
                    return 0
                }
                return v
            }
            let metric = CalibrationRow.Metric(rawValue: cells[10])
            if metric == nil {
                let known = CalibrationRow.Metric.allCases.map(\.rawValue).joined(separator: ", ")
                diagnostics.append(.error("unknown metric '\(cells[10])'; expected one of \(known)", at: at(10)))
                bad = true
            }
            let use = CalibrationRow.Use(rawValue: cells[13])
            if use == nil {
                diagnostics.append(.error("'used' must be yes, host or no, found '\(cells[13])'", at: at(13)))
                bad = true
            }
            if use != .fit && cells[14].isEmpty {
                diagnostics.append(.error("a row that is not fitted must say why in 'reason'", at: at(14)))
                bad = true
            }
            if cells[0].trimmingCharacters(in: .whitespaces).isEmpty {
                diagnostics.append(.error("the row id is empty; every row needs the id its profile names", at: at(0)))
                bad = true
            }
            if cells[1].trimmingCharacters(in: .whitespaces).isEmpty {
                diagnostics.append(.error("the device is empty; name the profile's device", at: at(1)))
                bad = true
            }
            if !ids.insert(cells[0]).inserted {
                diagnostics.append(.error("duplicate row id '\(cells[0])'", at: at(0)))
                bad = true
            }
            let row = CalibrationRow(
                id: cells[0], device: cells[1], referenceLine: integer(2), referenceDevice: cells[3], model: cells[4],
                network: cells[5], width: number(6), resolution: integer(7), precision: integer(8), batch: integer(9),
                metric: metric ?? .fps, value: number(11), sourceIDs: cells[12], use: use ?? .no, reason: cells[14],
                location: SourceLocation(path: path, line: lineNumber, column: 1))
            if !bad, let problem = networkProblem(row, at: at) {
                diagnostics.append(problem)
                bad = true
            }
            if !bad { rows.append(row) }
        }
        if records.count == 1 {
            diagnostics.append(.error("the calibration table has a header but no rows", at: SourceLocation(path: path, line: first.line, column: 1)))
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        return rows
    }

    /// A row's network must be one the zoo builds at the row's width, resolution and
    /// precision: the fit evaluates it there.
    private static func networkProblem(_ row: CalibrationRow, at: (Int) -> SourceLocation) -> Diagnostic? {
        guard let family = NetworkZoo.family(named: row.network) else {
            return .error("unknown network '\(row.network)'; expected a zoo network (`npu-codesign zoo` lists them)", at: at(5))
        }
        do {
            try family.validate(ModelVariant(width: row.width, resolution: row.resolution, precision: row.precision, pruning: 0))
        } catch {
            let column = switch error {
            case .invalidWidth, .widthTooLarge, .widthNotSupported: 6
            case .resolutionTooSmall, .resolutionTooLarge: 7
            default: 8
            }
            return .error(error.description, at: at(column))
        }
        return nil
    }
}
