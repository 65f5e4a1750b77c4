import Foundation
import Testing

@Suite struct EvaluateCommandTests {
    @Test func jsonHasTheFixedKeysAndTotalsAddUp() throws {
        let r = try CLIRunner.run(["evaluate", "--design", "Designs/eyeriss-like.yaml",
                                   "--workload", "Workloads/mobilenet_v2.yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(root["design"] as? String == "eyeriss-like")
        #expect(root["workload"] as? String == "mobilenet_v2")
        let variant = try #require(root["variant"] as? [String: Any])
        for key in ["width", "resolution", "precision", "pruning"] { #expect(variant[key] != nil, "variant.\(key)") }
        let summary = try #require(root["summary"] as? [String: Any])
        for key in ["macs", "params", "latency_s", "throughput_fps", "energy_j", "power_w", "area_mm2",
                    "unit_cost_usd", "dram_bytes", "top1"] {
            #expect(summary[key] != nil, "summary.\(key)")
        }
        // This workload names no accuracy table: top-1 is null, not invented.
        #expect(summary["top1"] is NSNull)
        #expect(summary["unit_cost_volume"] as? Int == 100_000)
        let layers = try #require(root["layers"] as? [[String: Any]])
        #expect(layers.count > 50)
        for key in ["name", "op", "macs", "compute_cycles", "cycles", "latency_s", "energy_j", "utilization",
                    "dram_bytes", "mapping", "mapper", "mapper_status"] {
            #expect(layers.allSatisfy { $0[key] != nil }, "layers[].\(key)")
        }
        // Totals are the sums of the layers (6 significant digits in the output).
        let macs = layers.reduce(0) { $0 + ($1["macs"] as! Int) }
        #expect(macs == summary["macs"] as? Int)
        let latency = layers.reduce(0.0) { $0 + ($1["latency_s"] as! Double) }
        let total = try #require(summary["latency_s"] as? Double)
        #expect(abs(latency - total) / total < 1e-4)
        // Cycles include memory stalls, so never fewer than compute cycles.
        #expect(layers.allSatisfy { ($0["cycles"] as! Double) >= ($0["compute_cycles"] as! Double) })
        #expect(abs((summary["throughput_fps"] as! Double) * total - 1) < 1e-4)
    }

    /// `evaluate` applies the workload's accuracy table like `explore` does: smart-camera's
    /// MobileNet v2 1.0/224 int8 row is 70.8 % (TF_HOSTED) in Workloads/accuracy/mobilenet_v2.csv.
    @Test func top1ComesFromTheWorkloadsAccuracyTable() throws {
        let r = try CLIRunner.run(["evaluate", "--design", "Designs/eyeriss-like.yaml",
                                   "--workload", "Workloads/smart-camera.yaml", "--schedule", "layer-by-layer",
                                   "--mapper", "search", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let summary = try #require(root["summary"] as? [String: Any])
        let top1 = try #require(summary["top1"] as? Double, "\(String(describing: summary["top1"]))")
        #expect(abs(top1 - 70.8) < 1e-9)
        #expect(summary["top1_kind"] as? String == "table")
        #expect(summary["top1_source"] as? String == "TF_HOSTED")
    }

    @Test func sameInputsGiveByteIdenticalOutput() throws {
        for format in ["json", "csv", "table"] {
            let args = ["evaluate", "--design", "Designs/simba-like.yaml", "--workload", "Workloads/resnet18.yaml",
                        "--format", format]
            let a = try CLIRunner.run(args), b = try CLIRunner.run(args)
            #expect(a.status == 0)
            #expect(a.stdout == b.stdout)
        }
    }

    struct ExitCase: Sendable, CustomTestStringConvertible {
        var args: [String]
        var status: Int32
        var testDescription: String { args.joined(separator: " ") }
    }

    static let exitCases: [ExitCase] = [
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-like.yaml"], status: 2),
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/mobilenet_v2.yaml",
                        "--format", "xml"], status: 2),
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/mobilenet_v2.yaml",
                        "--variant", "width=banana"], status: 2),
        ExitCase(args: ["no-such-command"], status: 2),
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-space.yaml", "--workload", "Workloads/mobilenet_v2.yaml"],
                 status: 1),
        ExitCase(args: ["evaluate", "--design", "Designs/does-not-exist.yaml", "--workload", "Workloads/mobilenet_v2.yaml"],
                 status: 1),
        ExitCase(args: ["evaluate", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/alexnet-conv.yaml",
                        "--variant", "width=0.5"], status: 1),
        ExitCase(args: ["evaluate", "--design", "Designs/tpu-like.yaml", "--workload", "Workloads/alexnet-conv.yaml"],
                 status: 1),
    ]

    @Test(arguments: exitCases)
    func usageAndInputErrorsHaveDocumentedExitCodes(_ c: ExitCase) throws {
        let r = try CLIRunner.run(c.args)
        #expect(r.status == c.status, "\(r.stderr)")
        #expect(!r.stderr.isEmpty)
        #expect(!r.stderr.contains("Fatal error"))
    }

    @Test func variantChangesTheNetwork() throws {
        let base = ["evaluate", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/mobilenet_v2.yaml",
                    "--format", "json"]
        let full = try CLIRunner.run(base)
        let small = try CLIRunner.run(base + ["--variant", "width=0.5,resolution=128"])
        #expect(full.status == 0 && small.status == 0, "\(small.stderr)")
        func macs(_ r: CLIRunner.Result) throws -> Int {
            let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return try #require((root["summary"] as? [String: Any])?["macs"] as? Int)
        }
        // Published: 300 M (1.0, 224) vs 32 M (0.5, 128) MACs (TF-slim MobileNet v2 README).
        #expect(abs(Double(try macs(small)) / 32e6 - 1) < 0.02)
        #expect(abs(Double(try macs(full)) / 300e6 - 1) < 0.02)
    }
}
