import Foundation
import Testing

@Suite struct MapCommandTests {
    @Test func jsonCarriesSolverFiguresAndDumpedLPFilesParse() throws {
        let dump = FileManager.default.temporaryDirectory.appendingPathComponent("npu-lp-\(UUID().uuidString)").path
        let r = try CLIRunner.run(["map", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/resnet18.yaml",
                                   "--layer", "layer1.0.conv1", "--format", "json", "--dump-lp", dump])
        #expect(r.status == 0, "\(r.stderr)")
        let layers = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        #expect(layers.count == 1)
        let layer = try #require(layers.first)
        #expect(layer["name"] as? String == "layer1.0.conv1")
        #expect(layer["mapper"] as? String == "ilp")
        for key in ["solve_time_s", "objective", "bound", "gap", "compute_cycles", "cycles", "mapping"] {
            #expect(layer[key] != nil && !(layer[key] is NSNull), "\(key)")
        }
        let gap = try #require(layer["gap"] as? Double)
        #expect(gap >= 0 && gap <= 0.05)
        // Every ILP solved was written as CPLEX-LP text with an objective and constraints.
        let files = try FileManager.default.contentsOfDirectory(atPath: dump).filter { $0.hasSuffix(".lp") }
        #expect(files.count >= 2)
        for file in files {
            let text = try String(contentsOfFile: (dump as NSString).appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains("Minimize") && text.contains("Subject To") && text.contains("End"))
        }
    }

    @Test func badTimeLimitIsAUsageError() throws {
        let r = try CLIRunner.run(["map", "--design", "Designs/eyeriss-like.yaml", "--workload", "Workloads/resnet18.yaml",
                                   "--time-limit", "-1"])
        #expect(r.status == 2)
    }
}
