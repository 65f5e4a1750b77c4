import Foundation
import Testing

/// `inspect` through the binary: the layer table of an ONNX model or a workload on stdout in
/// each format, and a bad model's located error with exit status 1.
@Suite struct InspectCommandTests {
    @Test func modelLayersAsJSON() throws {
        let r = try CLIRunner.run(["inspect", "Tests/Fixtures/onnx/resnet8.onnx", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["macs"] as? Int == 12_501_632)
        #expect(object["params"] as? Int == 77_706)
        let layers = try #require(object["layers"] as? [[String: Any]])
        #expect(layers.first?["producers"] as? [String] == [])
    }

    @Test(arguments: ["table", "csv"])
    func workloadLayersAsText(format: String) throws {
        let r = try CLIRunner.run(["inspect", "Workloads/keyword-spotting.yaml", "--format", format])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("conv_1"))
        #expect(r.stdout.split(separator: "\n").count >= 12)
    }

    @Test func badModelIsALocatedError() throws {
        let r = try CLIRunner.run(["inspect", "Tests/Fixtures/onnx/bad/cycle.onnx"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("Tests/Fixtures/onnx/bad/cycle.onnx: node 'relu1' (#1, op Relu): error: "), "\(r.stderr)")
    }
}
