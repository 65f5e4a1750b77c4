import TestSupport
import CodesignCore
import CostModels
import Foundation
import MappingSearch
import SpecIO
import Testing

/// The designs of the mapper-quality table (issue 3, "Quality"): small arrays and three or
/// four memory levels, so that the exhaustive optimum of every case stays within reach.
/// Each covers a different array kind, dataflow and buffer structure.
enum QualityDesigns {
    static let all = [rowStationary4x4, weightStationarySystolic8x8, outputStationary4x4Lanes, inputStationarySystolic4x8]

    static func named(_ name: String) -> Accelerator? { all.first { $0.name == name } }

    /// Eyeriss-like: a broadcast row-stationary 4x4 array, a 64-byte register file per PE
    /// for all three operands, a 16 KiB global buffer, LPDDR4.
    static let rowStationary4x4 = Accelerator(
        name: "rs-4x4", technology: Technology(nodeNm: 65, clockMHz: 200),
        peArray: PEArray(rows: 4, cols: 4, macsPerPE: 1, precisionBits: 8), array: .broadcast, dataflow: .rowStationary,
        memory: [
            MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 64),
            MemoryLevel(name: "GLB", sizeBytes: 16 << 10, bandwidthBytesPerCycle: 16),
            MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerSecond: 6.4e9),
        ])

    /// TPU-like weight-stationary 8x8 systolic array: one weight register per PE, a shared
    /// accumulator buffer for outputs, an operand SRAM for inputs and weights, LPDDR4.
    static let weightStationarySystolic8x8 = Accelerator(
        name: "ws-systolic-8x8", technology: Technology(nodeNm: 28, clockMHz: 500),
        peArray: PEArray(rows: 8, cols: 8, macsPerPE: 1, precisionBits: 8), array: .systolic, dataflow: .weightStationary,
        memory: [
            MemoryLevel(name: "weight_reg", scope: .perPE, sizeBytes: 2, holds: [.weights]),
            MemoryLevel(name: "accumulators", sizeBytes: 2 << 10, holds: [.outputs], bandwidthBytesPerCycle: 32),
            MemoryLevel(name: "SRAM", sizeBytes: 32 << 10, holds: [.inputs, .weights], bandwidthBytesPerCycle: 16),
            MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerSecond: 12.8e9),
        ])

    /// ShiDianNao / Ethos-like: a broadcast output-stationary 4x4 array of 4-lane vector
    /// PEs, a 32-byte register file per PE, a 32 KiB SRAM, LPDDR4.
    static let outputStationary4x4Lanes = Accelerator(
        name: "os-4x4x4", technology: Technology(nodeNm: 40, clockMHz: 250),
        peArray: PEArray(rows: 4, cols: 4, macsPerPE: 4, precisionBits: 8), array: .broadcast, dataflow: .outputStationary,
        memory: [
            MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 32),
            MemoryLevel(name: "SRAM", sizeBytes: 32 << 10, bandwidthBytesPerCycle: 16),
            MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerSecond: 3.2e9),
        ])

    /// An input-stationary 4x8 systolic array: an 8-byte input register file per PE, a
    /// 16 KiB SRAM for everything, LPDDR4.
    static let inputStationarySystolic4x8 = Accelerator(
        name: "is-systolic-4x8", technology: Technology(nodeNm: 28, clockMHz: 400),
        peArray: PEArray(rows: 4, cols: 8, macsPerPE: 1, precisionBits: 8), array: .systolic, dataflow: .inputStationary,
        memory: [
            MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 8, holds: [.inputs]),
            MemoryLevel(name: "SRAM", sizeBytes: 16 << 10, bandwidthBytesPerCycle: 16),
            MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil, bandwidthBytesPerSecond: 6.4e9),
        ])
}

/// A zoo layer, named `family@resolution/layer` (with `xWIDTH` when the width is not 1).
struct QualityLayerReference: Hashable, Sendable {
    var family: String
    var width: Double = 1.0
    var resolution: Int
    var layer: String

    var name: String {
        let w = width == 1.0 ? "" : "x\(width)"
        return "\(family)\(w)@\(resolution)/\(layer)"
    }

    func load() throws -> Layer {
        guard let zoo = NetworkZoo.family(named: family) else { throw QualityCaseError("no zoo family \(family)") }
        let network = try zoo.network(ModelVariant(width: width, resolution: resolution))
        guard var found = network.layers.first(where: { $0.name == layer }) else {
            throw QualityCaseError("\(family) has no layer \(layer)")
        }
        found.name = name
        return found
    }
}

struct QualityCaseError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One case of the quality table: a zoo layer on one of `QualityDesigns` under one objective.
struct QualityCase: CustomTestStringConvertible, Hashable, Sendable {
    var id: String
    var layer: QualityLayerReference
    var design: String
    var objective: MappingObjective

    var testDescription: String { "\(id) \(layer.name) on \(design), \(objective.rawValue)" }

    func accelerator() throws -> Accelerator {
        guard let design = QualityDesigns.named(design) else { throw QualityCaseError("no quality design \(design)") }
        return design
    }

    func model() throws -> LayerCostModel {
        let accelerator = try accelerator()
        return LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
    }

    /// 48 cases, 12 per design: first layers, middle layers, depthwise, pointwise, fully
    /// connected, strided, attention matmuls, and awkward sizes (7, 11, 13, 25, 55, 109, 197,
    /// 1000, 1001 = 7·11·13). Mostly EDP, some latency and energy. Resolutions are reduced
    /// where the full-size layer's mapspace is beyond an exhaustive search in about a minute
    /// (see Tests/Fixtures/mapper-quality/README.md for the sizes and times).
    static let table: [QualityCase] = {
        func ref(_ family: String, _ resolution: Int, _ layer: String, width: Double = 1.0) -> QualityLayerReference {
            QualityLayerReference(family: family, width: width, resolution: resolution, layer: layer)
        }
        let rs = QualityDesigns.rowStationary4x4.name
        let ws = QualityDesigns.weightStationarySystolic8x8.name
        let os = QualityDesigns.outputStationary4x4Lanes.name
        let inputStationary = QualityDesigns.inputStationarySystolic4x8.name
        let rows: [(String, QualityLayerReference, String, MappingObjective)] = [
            ("rs01", ref("resnet18", 16, "conv1"), rs, .edp),
            ("rs02", ref("ds_cnn", 49, "conv_ds_2_depthwise"), rs, .edp),
            ("rs03", ref("resnet18", 224, "fc/fc"), rs, .latency),
            ("rs04", ref("efficientnet_lite0", 32, "blocks_1/project"), rs, .edp),
            ("rs05", ref("mobilenet_v2", 32, "expanded_conv_1/depthwise"), rs, .edp),
            ("rs06", ref("mobilenet_v3_large", 32, "expanded_conv_3/depthwise"), rs, .latency),
            ("rs07", ref("ds_cnn", 49, "conv_ds_1_pointwise"), rs, .edp),
            ("rs08", ref("efficientnet_lite0", 32, "blocks_9/expand"), rs, .energy),
            ("rs09", ref("mobilenet_v1", 32, "Conv2d_13_pointwise"), rs, .energy),
            ("rs10", ref("mobilenet_v2", 32, "Logits/fc"), rs, .edp),
            ("rs11", ref("vit_tiny", 224, "blocks.0.attn.qk"), rs, .edp),
            ("rs12", ref("mobilenet_v2", 32, "expanded_conv_2/depthwise"), rs, .energy),

            ("ws01", ref("squeezenet1_0", 224, "features.conv1"), ws, .edp),
            ("ws02", ref("alexnet", 224, "features.conv1"), ws, .latency),
            ("ws03", ref("resnet18", 32, "layer4.1.conv1"), ws, .edp),
            ("ws04", ref("resnet18", 224, "layer4.0.downsample"), ws, .edp),
            ("ws05", ref("ds_cnn", 49, "conv_ds_1_depthwise"), ws, .edp),
            ("ws06", ref("efficientnet_lite0", 32, "blocks_4/depthwise"), ws, .energy),
            ("ws07", ref("mobilenet_v2", 32, "Conv_1"), ws, .edp),
            ("ws08", ref("mobilenet_v3_large", 32, "expanded_conv_7/expand"), ws, .latency),
            ("ws09", ref("alexnet", 224, "classifier.fc6"), ws, .edp),
            ("ws10", ref("efficientnet_lite0", 32, "classifier/fc"), ws, .energy),
            ("ws11", ref("vit_tiny", 224, "blocks.0.attn.av"), ws, .edp),
            ("ws12", ref("resnet18", 32, "layer4.0.conv1"), ws, .edp),

            ("os01", ref("mobilenet_v2", 32, "Conv"), os, .edp),
            ("os02", ref("resnet18", 224, "conv1"), os, .latency),
            ("os03", ref("resnet18", 96, "layer3.0.conv1"), os, .edp),
            ("os04", ref("squeezenet1_0", 224, "fire2.expand1x1"), os, .edp),
            ("os05", ref("googlenet", 224, "inception5a.branch3.1"), os, .edp),
            ("os06", ref("mobilenet_v2", 32, "expanded_conv_2/depthwise"), os, .edp),
            ("os07", ref("mobilenet_v1", 32, "Conv2d_13_depthwise"), os, .latency),
            ("os08", ref("mobilenet_v2", 32, "expanded_conv_11/expand"), os, .edp),
            ("os09", ref("squeezenet1_0", 224, "fire9.squeeze"), os, .energy),
            ("os10", ref("vit_tiny", 224, "blocks.0.attn.qkv"), os, .edp),
            ("os11", ref("resnet18", 224, "fc/fc"), os, .edp),
            ("os12", ref("resnet18", 32, "layer2.0.downsample"), os, .energy),

            ("is01", ref("resnet18", 224, "conv1"), inputStationary, .edp),
            ("is02", ref("mobilenet_v1", 32, "Conv2d_0", width: 0.25), inputStationary, .latency),
            ("is03", ref("resnet18", 224, "layer3.0.conv2"), inputStationary, .edp),
            ("is04", ref("squeezenet1_0", 224, "fire9.expand3x3"), inputStationary, .edp),
            ("is05", ref("resnet18", 224, "layer4.0.conv1"), inputStationary, .energy),
            ("is06", ref("mobilenet_v1", 32, "Conv2d_4_depthwise"), inputStationary, .edp),
            ("is07", ref("ds_cnn", 49, "conv_1"), inputStationary, .edp),
            ("is08", ref("mobilenet_v2", 32, "expanded_conv_3/project"), inputStationary, .edp),
            ("is09", ref("googlenet", 224, "inception5b.branch3.0"), inputStationary, .latency),
            ("is10", ref("resnet18", 224, "fc/fc"), inputStationary, .energy),
            ("is11", ref("vit_tiny", 224, "blocks.0.attn.av"), inputStationary, .edp),
            ("is12", ref("vit_tiny", 32, "patch_embed"), inputStationary, .edp),
        ]
        return rows.map { QualityCase(id: $0.0, layer: $0.1, design: $0.2, objective: $0.3) }
    }()
}

/// One row of Tests/Fixtures/mapper-quality/exhaustive_optima.csv: the exhaustive optimum
/// of a `QualityCase`, with the point that reaches it written as slot assignments.
struct ExhaustiveOptimum: CustomTestStringConvertible, Hashable, Sendable {
    var caseID: String
    var layer: String
    var design: String
    var objective: MappingObjective
    var score: Double
    /// `L0=K4*C2;L1=P7;...;rows=C4;cols=K4;lanes=;order=1`: per Mapspace slot (temporal levels
    /// innermost first, then the array axes), the product of the prime factors placed there
    /// per dimension, and the index of the loop order in `SearchMapper.loopOrders`.
    var slotAssignment: String
    var mapspacePoints: Int
    var validPoints: Int
    var evaluations: Int
    var seconds: Double

    var testDescription: String { "\(caseID) \(layer) on \(design), \(objective.rawValue)" }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mapper-quality")
    static let fileURL = directory.appendingPathComponent("exhaustive_optima.csv")
    static let header = "case_id,layer,design,objective,optimum_score,slot_assignment,mapspace_points,valid_points,evaluations,seconds"
    static let regenerateCommand = "NPU_REGENERATE_OPTIMA=1 swift test -c release -Xswiftc -enable-testing "
        + "--scratch-path .build-release-tests --filter generateExhaustiveOptima"

    var csvLine: String {
        [caseID, layer, design, objective.rawValue, "\(score)", slotAssignment, "\(mapspacePoints)", "\(validPoints)",
         "\(evaluations)", String(format: "%.3f", seconds)].joined(separator: ",")
    }

    static func load() throws -> [ExhaustiveOptimum] {
        let text = try String(contentsOf: fileURL, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        guard lines.first == header else { throw QualityCaseError("\(fileURL.path): header is not \(header)") }
        lines.removeFirst()
        return try lines.enumerated().map { index, line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 10, let objective = MappingObjective(rawValue: f[3]), let score = Double(f[4]),
                  let mapspace = Int(f[6]), let valid = Int(f[7]), let evaluations = Int(f[8]), let seconds = Double(f[9])
            else { throw QualityCaseError("\(fileURL.path):\(index + 2): malformed row") }
            return ExhaustiveOptimum(caseID: f[0], layer: f[1], design: f[2], objective: objective, score: score,
                                     slotAssignment: f[5], mapspacePoints: mapspace, validPoints: valid,
                                     evaluations: evaluations, seconds: seconds)
        }
    }

    static func slotAssignment(of mapping: Mapping, loopOrder: Int, in space: Mapspace) -> String {
        let parts = space.slots.map { slot -> String in
            let factors: DimensionVector
            switch slot {
            case .temporal(let level): factors = mapping.temporal[level]
            case .spatial(.rows): factors = mapping.spatialRows
            case .spatial(.cols): factors = mapping.spatialCols
            case .spatial(.lanes): factors = mapping.spatialLanes
            }
            let text = LoopDimension.allCases.filter { factors[$0] > 1 }.map { "\($0.rawValue)\(factors[$0])" }
            return "\(slot)=\(text.joined(separator: "*"))"
        }
        return (parts + ["order=\(loopOrder)"]).joined(separator: ";")
    }

    /// The mapping `slotAssignment` describes on `accelerator`.
    func mapping(on accelerator: Accelerator) throws -> Mapping {
        let levels = accelerator.memory.count
        // `order=` indexes the loop orders the design's dataflow admits (the Mapspace's list).
        let orders = SearchMapper.loopOrders(for: accelerator.dataflow)
        var temporal = [DimensionVector](repeating: .ones, count: levels)
        var rows = DimensionVector.ones, cols = DimensionVector.ones, lanes = DimensionVector.ones
        var order: Int?
        for part in slotAssignment.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2 else { throw QualityCaseError("\(caseID): bad slot '\(part)'") }
            if pair[0] == "order" {
                guard let index = Int(pair[1]), orders.indices.contains(index) else {
                    throw QualityCaseError("\(caseID): bad loop order '\(pair[1])'")
                }
                order = index
                continue
            }
            var factors = DimensionVector.ones
            for item in pair[1].split(separator: "*") {
                guard let dimension = LoopDimension(rawValue: String(item.prefix(1))), let value = Int(item.dropFirst()) else {
                    throw QualityCaseError("\(caseID): bad factor '\(item)'")
                }
                factors[dimension] = value
            }
            switch pair[0] {
            case "rows": rows = factors
            case "cols": cols = factors
            case "lanes": lanes = factors
            default:
                guard pair[0].hasPrefix("L"), let level = Int(pair[0].dropFirst()), temporal.indices.contains(level) else {
                    throw QualityCaseError("\(caseID): bad slot name '\(pair[0])'")
                }
                temporal[level] = factors
            }
        }
        guard let order else { throw QualityCaseError("\(caseID): no loop order") }
        return Mapping(temporal: temporal, loopOrder: Array(repeating: orders[order], count: levels),
                       spatialRows: rows, spatialCols: cols, spatialLanes: lanes)
    }
}

/// The fixture of exhaustive optima: regenerated on request (release build, a few minutes),
/// checked on every test run against the case table and the current cost model.
@Suite struct ExhaustiveOptimaFixture {
    static let stale = "the fixture Tests/Fixtures/mapper-quality/exhaustive_optima.csv is stale; regenerate it with: "
        + ExhaustiveOptimum.regenerateCommand

    @Test(.enabled(if: ProcessInfo.processInfo.environment["NPU_REGENERATE_OPTIMA"] != nil))
    func generateExhaustiveOptima() throws {
        var rows: [ExhaustiveOptimum] = []
        for c in QualityCase.table {
            let layer = try c.layer.load()
            let model = try c.model()
            let start = ContinuousClock.now
            let outcome = try ExhaustiveMapper(model: model, objective: c.objective).explore(layer)
            let seconds = Self.seconds(since: start)
            let space = Mapspace(layer: layer, accelerator: model.accelerator)
            let text = ExhaustiveOptimum.slotAssignment(of: outcome.result.mapping, loopOrder: outcome.loopOrder ?? 0, in: space)
            let optimum = c.objective.score(outcome.result.cost)
            rows.append(ExhaustiveOptimum(
                caseID: c.id, layer: c.layer.name, design: c.design, objective: c.objective, score: optimum,
                slotAssignment: text, mapspacePoints: outcome.statistics.mapspacePoints,
                validPoints: outcome.statistics.validPoints, evaluations: outcome.statistics.evaluations, seconds: seconds))

            // For the record (not stored): the other mappers on the same case.
            let searchStart = ContinuousClock.now
            let search = try SearchMapper(model: model, objective: c.objective).map(layer)
            let searchSeconds = Self.seconds(since: searchStart)
            let randomStart = ContinuousClock.now
            let random = try RandomMapper(model: model, objective: c.objective).map(layer)
            let randomSeconds = Self.seconds(since: randomStart)
            print(String(format: "optimum %@ %@ %@ %@ mapspace %d valid %d evaluations %d %.2fs | search/optimum %.4f (%.3fs) | random/optimum %.4f (%.3fs)",
                         c.id, c.layer.name, c.design, c.objective.rawValue, outcome.statistics.mapspacePoints,
                         outcome.statistics.validPoints, outcome.statistics.evaluations, seconds,
                         c.objective.score(search.cost) / optimum, searchSeconds,
                         c.objective.score(random.cost) / optimum, randomSeconds))
        }
        try FileManager.default.createDirectory(at: ExhaustiveOptimum.directory, withIntermediateDirectories: true)
        let text = ([ExhaustiveOptimum.header] + rows.map(\.csvLine)).joined(separator: "\n") + "\n"
        try text.write(to: ExhaustiveOptimum.fileURL, atomically: true, encoding: .utf8)
    }

    @Test func tableIsLargeAndVariedEnough() throws {
        let table = QualityCase.table
        #expect(table.count >= 40)
        #expect(Set(table.map(\.id)).count == table.count)
        #expect(Set(table.map(\.design)).count >= 4)
        for objective in MappingObjective.allCases { #expect(table.contains { $0.objective == objective }) }
        for c in table { _ = try c.layer.load(); _ = try c.accelerator() }
    }

    @Test func fixtureCoversTheCaseTable() throws {
        let rows = try ExhaustiveOptimum.load()
        #expect(rows.map(\.caseID) == QualityCase.table.map(\.id), "\(Self.stale)")
        for (row, c) in zip(rows, QualityCase.table) {
            #expect(row.layer == c.layer.name && row.design == c.design && row.objective == c.objective,
                    "\(row.caseID): the table now says \(c.testDescription); \(Self.stale)")
        }
    }

    /// The stored optimum is still a valid point of the case's mapspace, and the cost model
    /// still gives it the stored score: a changed model or mapspace shows up here.
    @Test(arguments: (try? ExhaustiveOptimum.load()) ?? [])
    func storedOptimumIsValidAndScoresTheSame(_ row: ExhaustiveOptimum) throws {
        guard let c = QualityCase.table.first(where: { $0.id == row.caseID }) else {
            Issue.record("\(row.caseID) is not in the case table; \(Self.stale)")
            return
        }
        let layer = try c.layer.load()
        let model = try c.model()
        let mapping = try row.mapping(on: model.accelerator)
        let violations = model.violations(of: mapping, for: layer)
        #expect(violations.isEmpty, "\(row.caseID): the stored optimum is no longer valid (\(violations)); \(Self.stale)")
        let space = Mapspace.space(of: mapping, in: Mapspace.paddedSpaces(layer: layer, accelerator: model.accelerator))
        #expect(space?.assignment(of: mapping) != nil,
                "\(row.caseID): the stored optimum is not a point of the case's mapspace; \(Self.stale)")
        let score = c.objective.score(model.cost(of: layer, mapping: mapping))
        #expect(relativeDifference(score, row.score) <= 1e-9,
                "\(row.caseID): the cost model now scores the stored optimum \(score), the fixture says \(row.score); \(Self.stale)")
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
