import CodesignCore
import CodesignWorkflow
import SpecIO
import Foundation
import MappingSearch
import Testing
import TestSupport

@Suite struct EvaluateWorkflowTests {
    static let eyeriss = Paths.bundled("Designs/eyeriss-like.yaml")

    /// The JSON keys INTERFACE.md fixes, and totals that are the sums of the layers.
    @Test func jsonHasTheFixedKeysAndTotalsAddUp() throws {
        let report = try Codesign.evaluate(designPath: Self.eyeriss, workloadPath: Paths.bundled("Workloads/mobilenet_v2.yaml"),
                                           variant: VariantChoice(), objective: .edp)
        let root = try jsonObject(report.json())
        #expect(root["design"] as? String == "eyeriss-like")
        #expect(root["workload"] as? String == "mobilenet_v2")
        let variant = try #require(root["variant"] as? [String: Any])
        for key in ["width", "resolution", "precision", "pruning"] { #expect(variant[key] is NSNumber, "variant.\(key)") }
        let summary = try #require(root["summary"] as? [String: Any])
        for key in ["macs", "params", "latency_s", "throughput_fps", "energy_j", "power_w", "area_mm2",
                    "unit_cost_usd", "dram_bytes"] {
            #expect(summary[key] is NSNumber, "summary.\(key)")
        }
        // This workload names no accuracy table: top-1 is present and null, not invented.
        #expect(summary.keys.contains("top1"))
        #expect(summary["top1"] is NSNull)
        #expect(summary["unit_cost_volume"] as? Int == 100_000)
        let layers = try #require(root["layers"] as? [[String: Any]])
        #expect(layers.count > 50)
        for key in ["name", "op", "macs", "compute_cycles", "cycles", "latency_s", "energy_j", "utilization",
                    "dram_bytes", "mapping", "mapper", "mapper_status"] {
            #expect(layers.allSatisfy { $0[key] != nil && !($0[key] is NSNull) }, "layers[].\(key)")
        }
        // Totals are the sums of the layers (6 significant digits in the output).
        let macs = layers.reduce(0) { $0 + ($1["macs"] as! Int) }
        #expect(macs == summary["macs"] as? Int)
        let latency = layers.reduce(0.0) { $0 + ($1["latency_s"] as! Double) }
        let total = try #require(summary["latency_s"] as? Double)
        #expect(isClose(latency, total, relative: 1e-4))
        // Cycles include memory stalls, so never fewer than compute cycles.
        #expect(layers.allSatisfy { ($0["cycles"] as! Double) >= ($0["compute_cycles"] as! Double) })
        #expect(isClose((summary["throughput_fps"] as! Double) * total, 1, relative: 1e-4))
    }

    /// `evaluate` applies the workload's accuracy table like `explore` does: smart-camera's
    /// MobileNet v2 1.0/224 int8 row is 70.8 % (TF_HOSTED) in Workloads/accuracy/mobilenet_v2.csv.
    @Test func top1ComesFromTheWorkloadsAccuracyTable() throws {
        let report = try Codesign.evaluate(designPath: Self.eyeriss, workloadPath: Paths.bundled("Workloads/smart-camera.yaml"),
                                           variant: VariantChoice(), objective: .edp, mapper: .search,
                                           schedule: .layerByLayer)
        let summary = try #require(try jsonObject(report.json())["summary"] as? [String: Any])
        let top1 = try #require(summary["top1"] as? Double, "\(String(describing: summary["top1"]))")
        #expect(top1 == 70.8)
        #expect(summary["top1_kind"] as? String == "table")
        #expect(summary["top1_source"] as? String == "TF_HOSTED")
    }

    /// The production volume of the workload prices the chip: $/chip at 1,000 units carries
    /// a hundred times the share of the fixed costs it carries at 100,000.
    @Test func productionVolumePricesTheChip() throws {
        let base = try String(contentsOfFile: Paths.bundled("Workloads/keyword-spotting.yaml"), encoding: .utf8)
        let dir = Paths.scratch()
        func cost(_ volume: Int?) throws -> Double {
            let path = dir + "/kws-\(volume ?? 0).yaml"
            try (base + (volume.map { "production: {volume: \($0)}\n" } ?? "")).write(toFile: path, atomically: true, encoding: .utf8)
            let report = try Codesign.evaluate(designPath: Paths.bundled("Designs/mcu-npu.yaml"), workloadPath: path,
                                               variant: VariantChoice(), objective: .edp, mapper: .search,
                                               schedule: .layerByLayer)
            return report.evaluation.unitCostUSD
        }
        let defaultVolume = try cost(nil), hundredThousand = try cost(100_000), thousand = try cost(1_000)
        #expect(defaultVolume == hundredThousand)
        #expect(thousand > hundredThousand)
    }

    /// Same inputs, same bytes, in every format.
    @Test func sameInputsGiveByteIdenticalOutput() throws {
        func run() throws -> [String] {
            let r = try Codesign.evaluate(designPath: Paths.bundled("Designs/simba-like.yaml"),
                                          workloadPath: Paths.bundled("Workloads/resnet18.yaml"),
                                          variant: VariantChoice(), objective: .edp)
            return [r.json(), r.csv(), r.table()]
        }
        #expect(try run() == run())
    }

    /// Published: 300 M (1.0, 224) vs 32 M (0.5, 128) MACs (TF-slim MobileNet v2 README).
    @Test(arguments: [(nil, nil, 300e6), (0.5, 128, 32e6)] as [(Double?, Int?, Double)])
    func variantChangesTheNetwork(width: Double?, resolution: Int?, publishedMACs: Double) throws {
        let inputs = try DesignInputs(designPath: Self.eyeriss, workloadPath: Paths.bundled("Workloads/mobilenet_v2.yaml"),
                                      variant: VariantChoice(width: width, resolution: resolution))
        #expect(isClose(Double(inputs.network.macs), publishedMACs, relative: 0.02))
    }

    /// Problems only an evaluation can find still point at the design line responsible.
    @Test(arguments: [
        // Tile bigger than memory: a 2-byte register file cannot hold one weight, input and output.
        ("  - {name: RF, scope: per_pe, size_bytes: 2}\n  - {name: DRAM, type: LPDDR4, bandwidth_gb_per_s: 12.8}",
         "8", 7, 5, "memory level 'RF' holds 2 bytes but the smallest tile needs 3 bytes"),
        // 16-bit workload on an 8-bit array.
        ("  - {name: RF, scope: per_pe, size_bytes: 64}\n  - {name: DRAM, type: LPDDR4, bandwidth_gb_per_s: 12.8}",
         "16", 3, 11, "needs 16-bit operands; the PE array supports at most 8 bits"),
    ])
    func evaluationErrorsAreLocated(_ memory: String, _ bits: String, _ line: Int, _ column: Int, _ message: String) throws {
        let designPath = TestFiles.write(design(memory: memory))
        let workloadPath = TestFiles.write(workload(extra: "precision: {weights: \(bits), activations: \(bits)}"))
        let error = #expect(throws: DiagnosticsError.self) {
            try Codesign.evaluate(designPath: designPath, workloadPath: workloadPath, variant: VariantChoice(), objective: .edp)
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.location == SourceLocation(path: designPath, line: line, column: column), "\(diagnostic)")
        #expect(diagnostic.message.contains(message), "\(diagnostic)")
    }

    /// Every bad input of the table, given to `evaluate` in its role, is the located error
    /// the loaders give (SpecIOTests checks the loaders themselves).
    @Test(arguments: badInputs.filter { $0.loader != .validate })
    func badInputsFailEvaluateLocated(_ input: BadInput) throws {
        let path = TestFiles.path(of: input)
        let (designPath, workloadPath) = input.loader == .workload
            ? (TestFiles.fixture("good/design.yaml"), path) : (path, TestFiles.fixture("good/zoo-workload.yaml"))
        let error = #expect(throws: DiagnosticsError.self) {
            try Codesign.evaluate(designPath: designPath, workloadPath: workloadPath, variant: VariantChoice(),
                                  objective: .edp, mapper: .search, schedule: .layerByLayer)
        }
        let match = error?.diagnostics.first { $0.message.contains(input.message) }
        #expect(match?.location == SourceLocation(path: path, line: input.line, column: input.column),
                "\(error?.description ?? "no error")")
    }
}
