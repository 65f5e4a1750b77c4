import SpecIO
import TestSupport
import CodesignCore
import Exploration
import Foundation
import Testing

/// Paths of the shipped tables and of the shared reference data, found from this file:
/// CI checks the repository out with `../shared` beside it.
enum AccuracyPaths {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func table(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("Workloads/accuracy/\(name)").path
    }
    static let reference = repositoryRoot.appendingPathComponent("../shared/reference/model_variants.csv")
        .standardizedFileURL.path
    static var referencePresent: Bool { FileManager.default.fileExists(atPath: reference) }

    static func load(_ name: String) throws -> AccuracyTable { try AccuracyTable.load(path: table(name)) }

    /// Writes `content` to a fresh temporary directory; returns the file's path.
    static func temporary(_ content: String, name: String = "table.csv") throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("accuracy-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try content.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }
}

/// An RFC 4180 reader for the reference file, independent of the product's parser so that a
/// shared mistake cannot hide.
private func referenceRecords(_ path: String) throws -> [[String: String]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var iterator = Array(text).makeIterator()
    var pending: Character? = nil
    while let c = pending ?? iterator.next() {
        pending = nil
        if quoted {
            if c == "\"" {
                let next = iterator.next()
                if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
            } else {
                field.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            record.append(field); field = ""
        } else if c == "\n" || c == "\r\n" {
            record.append(field); field = ""
            records.append(record); record = []
        } else if c != "\r" {
            field.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    let header = records[0]
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
}

private func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool { isClose(a, b, relative: relative, absolute: relative) }

private func v(_ width: Double, _ resolution: Int, _ bits: Int, pruning: Double = 0) -> ModelVariant {
    ModelVariant(width: width, resolution: resolution, precision: bits, pruning: pruning)
}

@Suite("AccuracyTable")
struct AccuracyTableTests {
    /// EfficientNet-Lite channel multipliers (tensorflow/tpu efficientnet_lite_builder.py).
    static let liteWidth = ["efficientnet-lite0": 1.0, "efficientnet-lite1": 1.0, "efficientnet-lite2": 1.1,
                            "efficientnet-lite3": 1.2, "efficientnet-lite4": 1.4]

    @Test("every shipped row is a published figure of model_variants.csv, and every chosen figure is shipped",
          .enabled(if: AccuracyPaths.referencePresent,
                   "../shared/reference/model_variants.csv is not beside the repository"))
    func tableHitsArePublishedFigures() throws {
        let reference = try referenceRecords(AccuracyPaths.reference)
        // (table file, variant, expected top-1, source id) chosen as Workloads/accuracy/README.md says.
        var expected: [(String, ModelVariant, Double, String)] = []
        for row in reference {
            let ids = row["source_ids"]!
            let family = row["family"]!
            let resolution = Int(row["resolution"]!)
            func add(_ file: String, width: Double, bits: Int, column: String) {
                guard let resolution, let top1 = Double(row[column]!) else { return }
                expected.append((file, v(width, resolution, bits), top1, ids))
            }
            switch (family, ids) {
            case ("MobileNet v1", "TF_MBV1"):
                add("mobilenet_v1.csv", width: Double(row["width_mult"]!)!, bits: 32, column: "top1_fp32")
                add("mobilenet_v1.csv", width: Double(row["width_mult"]!)!, bits: 8, column: "top1_int8")
            case ("MobileNet v2", "TF_MBV23"):
                add("mobilenet_v2.csv", width: Double(row["width_mult"]!)!, bits: 32, column: "top1_fp32")
            case ("MobileNet v2", "TF_HOSTED"):
                add("mobilenet_v2.csv", width: Double(row["width_mult"]!)!, bits: 8, column: "top1_int8")
            case ("EfficientNet-Lite", _):
                let width = try #require(Self.liteWidth[row["variant"]!])
                add("efficientnet_lite.csv", width: width, bits: 32, column: "top1_fp32")
                add("efficientnet_lite.csv", width: width, bits: 8, column: "top1_int8")
            default: break
            }
        }
        #expect(expected.count == 32 + 23 + 10)
        var tables: [String: AccuracyTable] = [:]
        for name in ["mobilenet_v1.csv", "mobilenet_v2.csv", "efficientnet_lite.csv"] {
            tables[name] = try AccuracyPaths.load(name)
            #expect(tables[name]!.rows.count == expected.filter { $0.0 == name }.count, "\(name) has extra rows")
        }
        for (file, variant, top1, source) in expected {
            let lookup = tables[file]!.top1(for: variant)
            guard case .table(let value, let shippedSource) = lookup else {
                Issue.record("\(file) \(variant): expected a table hit, got \(lookup)")
                continue
            }
            #expect(close(value, top1), "\(file) \(variant)")
            #expect(shippedSource == source, "\(file) \(variant)")
        }
    }

    @Test("shipped tables load with their family and adjustments; no unverified study is used")
    func shippedTablesLoad() throws {
        let v1 = try AccuracyPaths.load("mobilenet_v1.csv")
        #expect(v1.family == "MobileNet v1")
        #expect(!v1.adjustments.isEmpty)
        for adjustment in v1.adjustments {
            #expect(!adjustment.source.contains("UNSOURCED"))
            #expect(adjustment.sourceType != "unsourced_estimate")
            #expect(!adjustment.note.contains("UNVERIFIED"))
        }
        #expect(try AccuracyPaths.load("mobilenet_v2.csv").family == "MobileNet v2")
        #expect(try AccuracyPaths.load("efficientnet_lite.csv").family == "EfficientNet-Lite")
    }

    struct InterpolationCase: Sendable, CustomStringConvertible {
        var file: String
        var variant: ModelVariant
        var neighbours: [ModelVariant]
        var description: String { "\(file) w\(variant.width) r\(variant.resolution) \(variant.precision)b" }
    }

    static let interpolationCases: [InterpolationCase] = [
        InterpolationCase(file: "mobilenet_v1.csv", variant: v(0.625, 224, 32), neighbours: [v(0.5, 224, 32), v(0.75, 224, 32)]),
        InterpolationCase(file: "mobilenet_v1.csv", variant: v(1.0, 176, 32), neighbours: [v(1.0, 160, 32), v(1.0, 192, 32)]),
        InterpolationCase(file: "mobilenet_v1.csv", variant: v(0.6, 150, 8),
                          neighbours: [v(0.5, 128, 8), v(0.5, 160, 8), v(0.75, 128, 8), v(0.75, 160, 8)]),
        InterpolationCase(file: "mobilenet_v2.csv", variant: v(0.35 + 0.1, 112, 32),
                          neighbours: [v(0.35, 96, 32), v(0.35, 128, 32), v(0.5, 96, 32), v(0.5, 128, 32)]),
        InterpolationCase(file: "efficientnet_lite.csv", variant: v(1.0, 232, 8), neighbours: [v(1.0, 224, 8), v(1.0, 240, 8)]),
    ]

    @Test("between table points: interpolated, between its neighbours", arguments: interpolationCases)
    func interpolatedLiesBetweenNeighbours(_ testCase: InterpolationCase) throws {
        let table = try AccuracyPaths.load(testCase.file)
        let neighbours = testCase.neighbours.map { table.top1(for: $0) }
        let values = try neighbours.map { lookup in
            guard case .table(let value, _) = lookup else { throw CancellationError() }
            return value
        }
        let lookup = table.top1(for: testCase.variant)
        guard case .interpolated(let value, let sources) = lookup else {
            Issue.record("expected interpolated, got \(lookup)")
            return
        }
        #expect(value > values.min()! && value < values.max()!)
        #expect(!sources.isEmpty)
        #expect(lookup.kind == "interpolated")
    }

    @Test("interpolation is linear in log resolution and in width")
    func interpolationFormula() throws {
        let v1 = try AccuracyPaths.load("mobilenet_v1.csv")
        // 1.0_160 = 68.0, 1.0_192 = 70.0 (TF_MBV1).
        let t = (log(176.0) - log(160.0)) / (log(192.0) - log(160.0))
        #expect(close(v1.top1(for: v(1.0, 176, 32)).value!, 68.0 + t * 2.0, relative: 1e-9))
        // 0.5_224 = 63.3, 0.75_224 = 68.4: halfway in width.
        #expect(close(v1.top1(for: v(0.625, 224, 32)).value!, (63.3 + 68.4) / 2, relative: 1e-9))
        // Bilinear: the centre of a cell is the mean of the width-interpolated resolution edges.
        let r = (log(144.0) - log(128.0)) / (log(160.0) - log(128.0))
        let low = 56.3 + r * (59.1 - 56.3), high = 62.1 + r * (65.3 - 62.1)
        #expect(close(v1.top1(for: v(0.625, 144, 32)).value!, (low + high) / 2, relative: 1e-9))
    }

    struct RefusalCase: Sendable, CustomStringConvertible {
        var file: String
        var variant: ModelVariant
        var reason: String
        var description: String { "\(file) \(variant) → \(reason)" }
    }

    static let refusalCases: [RefusalCase] = [
        RefusalCase(file: "mobilenet_v1.csv", variant: v(1.4, 224, 32), reason: "width 1.4 is outside the 32-bit table's widths 0.25…1"),
        RefusalCase(file: "mobilenet_v1.csv", variant: v(0.2, 224, 8), reason: "width 0.2 is outside the 32-bit table's widths 0.25…1"),
        RefusalCase(file: "mobilenet_v1.csv", variant: v(1.0, 96, 32), reason: "resolution 96 is outside the 32-bit table's resolutions 128…224"),
        RefusalCase(file: "mobilenet_v1.csv", variant: v(0.6, 256, 32), reason: "resolution 256 is outside"),
        RefusalCase(file: "mobilenet_v2.csv", variant: v(1.2, 192, 32), reason: "resolution 192 is outside the 32-bit table's resolutions 224…224 at width 1.3"),
        RefusalCase(file: "efficientnet_lite.csv", variant: v(1.0, 256, 32), reason: "resolution 256 is outside"),
        RefusalCase(file: "mobilenet_v1.csv", variant: v(1.0, 224, 4), reason: "no published 4-bit accuracy"),
        RefusalCase(file: "mobilenet_v2.csv", variant: v(1.0, 224, 12), reason: "no cited study gives a 12-bit adjustment"),
        RefusalCase(file: "mobilenet_v1.csv", variant: v(1.0, 224, 8, pruning: 0.5), reason: "no published accuracy for 50% pruning of MobileNet v1"),
        RefusalCase(file: "mobilenet_v2.csv", variant: v(1.0, 224, 8, pruning: 1.5), reason: "invalid variant"),
    ]

    @Test("outside the table or its precisions: unavailable with the reason", arguments: refusalCases)
    func outsideIsUnavailable(_ testCase: RefusalCase) throws {
        let lookup = try AccuracyPaths.load(testCase.file).top1(for: testCase.variant)
        guard case .unavailable(let reason) = lookup else {
            Issue.record("expected unavailable, got \(lookup)")
            return
        }
        #expect(reason.contains(testCase.reason), "\(reason)")
        #expect(lookup.value == nil)
    }

    @Test("16-bit uses the float figure as a stated assumption")
    func sixteenBitUsesFloat() throws {
        let lookup = try AccuracyPaths.load("mobilenet_v1.csv").top1(for: v(0.75, 192, 16))
        guard case .estimate(let value, let base, let adjustment) = lookup else {
            Issue.record("expected estimate, got \(lookup)")
            return
        }
        #expect(value == 67.2 && base == 67.2)
        #expect(adjustment.contains("assumption"))
        #expect(adjustment.contains("TF_MBV1"))
    }

    @Test("8-bit without a published int8 figure: float minus the cited 8-bit change, as an estimate")
    func eightBitAdjustment() throws {
        let v2 = try AccuracyPaths.load("mobilenet_v2.csv")
        #expect(v2.top1(for: v(1.0, 224, 8)) == .table(70.8, source: "TF_HOSTED"))
        let lookup = v2.top1(for: v(0.5, 160, 8))
        guard case .estimate(let value, let base, let adjustment) = lookup else {
            Issue.record("expected estimate, got \(lookup)")
            return
        }
        #expect(base == 61.0)
        #expect(close(value, 59.0))
        #expect(adjustment.contains("WHITEPAPER") && adjustment.contains("-2.00"))
        var metrics = PointMetrics(latencyS: 1, throughputFps: 1, energyJ: 1, powerW: 1, areaMM2: 1, unitCostUSD: 1, mapper: "ilp")
        lookup.apply(to: &metrics)
        #expect(metrics.top1 == value && metrics.top1Kind == "estimate")
        #expect(metrics.top1Source?.contains("WHITEPAPER") == true)
    }

    @Test("pruning and sub-8-bit take the family's cited adjustment; none beyond its range")
    func familyAdjustments() throws {
        let header = "width,resolution,bits,pruning,top1,source,family\n"
        let alexnet = try AccuracyPaths.temporary(header + "1.0,224,32,0.0,56.5,TV_DOCS,AlexNet\n")
        let adjustments = AccuracyPaths.table("adjustments.csv")
        let alex = try AccuracyTable.load(path: alexnet, adjustmentsPath: adjustments)
        let pruned = alex.top1(for: v(1.0, 224, 32, pruning: 0.5))
        guard case .estimate(let value, let base, let adjustment) = pruned else {
            Issue.record("expected estimate, got \(pruned)")
            return
        }
        #expect(value == 56.5 && base == 56.5 && adjustment.contains("DEEPCOMP"))
        guard case .unavailable = alex.top1(for: v(1.0, 224, 32, pruning: 0.95)) else {
            Issue.record("pruning beyond the study's 9x must be unavailable")
            return
        }
        // 8-bit plus pruning: both changes, based on the published float figure.
        guard case .estimate(let both, 56.5, let changes) = alex.top1(for: v(1.0, 224, 8, pruning: 0.5)) else {
            Issue.record("expected an estimate for 8-bit pruned AlexNet")
            return
        }
        #expect(close(both, 54.5) && changes.contains("WHITEPAPER") && changes.contains("DEEPCOMP"))

        let resnetPath = try AccuracyPaths.temporary(header + "1.0,224,32,0.0,69.758,TV_DOCS,ResNet\n")
        let resnet = try AccuracyTable.load(path: resnetPath, adjustmentsPath: adjustments)
        guard case .estimate(69.758, 69.758, let four) = resnet.top1(for: v(1.0, 224, 4)) else {
            Issue.record("expected a 4-bit estimate for ResNet")
            return
        }
        #expect(four.contains("MCKINSTRY"))
        // The family's own study wins over the generic one.
        guard case .estimate(69.758, 69.758, let eight) = resnet.top1(for: v(1.0, 224, 8)) else {
            Issue.record("expected an 8-bit estimate for ResNet")
            return
        }
        #expect(eight.contains("MCKINSTRY") && !eight.contains("WHITEPAPER"))
    }

    struct BadFileCase: Sendable, CustomStringConvertible {
        var name: String
        var content: String
        var line: Int
        var column: Int
        var message: String
        var description: String { name }
    }

    static let header = "width,resolution,bits,pruning,top1,source\n"
    static let badFiles: [BadFileCase] = [
        BadFileCase(name: "empty", content: "", line: 1, column: 1, message: "accuracy table is empty"),
        BadFileCase(name: "missing column", content: "width,resolution,bits,pruning,source\n1.0,224,32,0,X\n",
                    line: 1, column: 1, message: "missing column 'top1'"),
        BadFileCase(name: "header only", content: header, line: 1, column: 1, message: "has a header but no rows"),
        BadFileCase(name: "non-numeric width", content: header + "abc,224,32,0,70,X\n",
                    line: 2, column: 1, message: "width 'abc' is not a number"),
        BadFileCase(name: "non-numeric top1", content: header + "1.0,224,32,0,70,X\n1.0,192,32,0,seventy,X\n",
                    line: 3, column: 14, message: "top1 'seventy' is not a number"),
        BadFileCase(name: "empty top1", content: header + "1.0,224,32,0,,X\n", line: 2, column: 14, message: "top1 is empty"),
        BadFileCase(name: "fractional resolution", content: header + "1.0,224.5,32,0,70,X\n",
                    line: 2, column: 5, message: "resolution '224.5' is not an integer"),
        BadFileCase(name: "field count", content: header + "1.0,224,32\n", line: 2, column: 1, message: "row has 3 fields, the header has 6"),
        BadFileCase(name: "top1 range", content: header + "1.0,224,32,0,120,X\n", line: 2, column: 14, message: "top1 120 must be a percentage"),
        BadFileCase(name: "pruning range", content: header + "1.0,224,32,1.0,70,X\n", line: 2, column: 12, message: "pruning 1 must be a fraction"),
        BadFileCase(name: "empty source", content: header + "1.0,224,32,0,70,\n", line: 2, column: 17, message: "source is empty"),
        BadFileCase(name: "duplicate", content: header + "1.0,224,32,0,70,X\n1.0,224,32,0.0,71,Y\n",
                    line: 3, column: 1, message: "duplicate row for width 1, resolution 224, 32-bit"),
        // Issue 12: a NUL byte cut the number there (top-1 7 from "7\0 0.8").
        BadFileCase(name: "NUL byte inside a number", content: header + "1.0,224,32,0,7\u{0} 0.8,X\n",
                    line: 2, column: 15, message: "the file is not text: found a NUL byte"),
    ]

    @Test("a bad table gives a located error", arguments: badFiles)
    func badTableIsLocated(_ testCase: BadFileCase) throws {
        let path = try AccuracyPaths.temporary(testCase.content)
        let error = #expect(throws: DiagnosticsError.self) { try AccuracyTable.load(path: path) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(path: path, line: testCase.line, column: testCase.column))
        #expect(diagnostic.message.contains(testCase.message), "\(diagnostic.message)")
        #expect(error!.description.hasPrefix("\(path):\(testCase.line):\(testCase.column): error: "))
    }

    @Test("every problem of a table is reported at once, with a note at the first of a duplicate")
    func allProblemsAtOnce() throws {
        let path = try AccuracyPaths.temporary(Self.header + "x,224,32,0,70,X\n1.0,224,32,0,70,X\n1.0,y,32,0,70,X\n1.0,224,32,0,71,Z\n")
        let error = #expect(throws: DiagnosticsError.self) { try AccuracyTable.load(path: path) }
        let diagnostics = try #require(error?.diagnostics)
        #expect(diagnostics.map(\.location.line) == [2, 4, 5])
        #expect(diagnostics[2].notes.first?.location == SourceLocation(path: path, line: 3, column: 1))
    }

    @Test("CRLF line ends and quoted fields load like LF")
    func crlfAndQuotes() throws {
        let path = try AccuracyPaths.temporary(
            "width,resolution,bits,pruning,top1,source,note\r\n1.0,224,32,0,70.5,X,\"a, \"\"quoted\"\" note\"\r\n1.0,160,32,0,x,X,\r\n")
        let error = #expect(throws: DiagnosticsError.self) { try AccuracyTable.load(path: path) }
        #expect(error?.diagnostics.map(\.location) == [SourceLocation(path: path, line: 3, column: 14)])
        let good = try AccuracyPaths.temporary("width,resolution,bits,pruning,top1,source,note\r\n1.0,224,32,0,70.5,X,\"a, b\"\r\n")
        #expect(try AccuracyTable.load(path: good).top1(for: v(1.0, 224, 32)) == .table(70.5, source: "X"))
    }

    static let adjustmentsHeader = "family,kind,bits,base_bits,max_pruning,delta_top1,status,source\n"
    static let badAdjustmentRows: [BadFileCase] = [
        BadFileCase(name: "negative bits", content: "*,quantization,-8,32,,-5,estimate,X\n", line: 2, column: 16,
                    message: "bits -8 must be in 1…64"),
        BadFileCase(name: "zero base bits", content: "*,quantization,4,0,,-5,estimate,X\n", line: 2, column: 18,
                    message: "base_bits 0 must be in 1…64"),
        BadFileCase(name: "change above 100 points", content: "*,quantization,4,32,,150,estimate,X\n", line: 2, column: 22,
                    message: "delta_top1 150 must be a change of top-1 in percentage points, within ±100"),
        BadFileCase(name: "change of -100 points", content: "*,quantization,4,32,,-100,estimate,X\n", line: 2, column: 22,
                    message: "delta_top1 -100 must be a change"),
    ]

    @Test("adjustments out of their ranges are located errors", arguments: badAdjustmentRows)
    func adjustmentRanges(_ testCase: BadFileCase) throws {
        let table = try AccuracyPaths.temporary(Self.header + "1.0,224,32,0,70,X\n")
        let adjustments = try AccuracyPaths.temporary(Self.adjustmentsHeader + testCase.content, name: "adjustments.csv")
        let error = #expect(throws: DiagnosticsError.self) { try AccuracyTable.load(path: table, adjustmentsPath: adjustments) }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(path: adjustments, line: testCase.line, column: testCase.column))
        #expect(diagnostic.message.contains(testCase.message), "\(diagnostic.message)")
    }

    /// Issue 12: top-1 109.8 and −32.3 reached points.csv. An estimate the adjustments push
    /// outside 0–100% is no figure; the point has no accuracy, with the reason.
    @Test("an estimate outside 0–100% is unavailable", arguments: [(95.0, 8.0), (3.0, -5.0)])
    func estimateOutsidePercentages(top1: Double, delta: Double) throws {
        let table = try AccuracyPaths.temporary(Self.header + "1.0,224,32,0,\(top1),X\n")
        let adjustments = try AccuracyPaths.temporary(Self.adjustmentsHeader + "*,quantization,4,32,,\(delta),estimate,S\n",
                                                      name: "adjustments.csv")
        let loaded = try AccuracyTable.load(path: table, adjustmentsPath: adjustments)
        #expect(loaded.files == [table, adjustments])
        let lookup = loaded.top1(for: v(1.0, 224, 4))
        #expect(lookup.value == nil)
        guard case .unavailable(let reason) = lookup else { Issue.record("\(lookup)"); return }
        #expect(reason.contains("outside 0–100%"), "\(reason)")
        // Within the range the estimate stands.
        #expect(loaded.top1(for: v(1.0, 224, 32)) == .table(top1, source: "X"))
    }

    @Test("a bad adjustments file gives a located error")
    func badAdjustments() throws {
        let table = try AccuracyPaths.temporary(Self.header + "1.0,224,32,0,70,X\n")
        let adjustments = try AccuracyPaths.temporary(
            "family,kind,bits,base_bits,max_pruning,delta_top1,status,source\n*,quantization,4,32,,-5,published,X\n")
        let error = #expect(throws: DiagnosticsError.self) {
            try AccuracyTable.load(path: table, adjustmentsPath: adjustments)
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(path: adjustments, line: 2, column: 25))
        #expect(diagnostic.message.contains("status 'published' must be 'estimate'"))
    }
}
