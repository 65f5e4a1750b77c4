import CodesignCore
import Foundation
@testable import ONNXImport
import SpecIO
import Testing
import TestSupport

/// Every fixture imports to the MACs and parameters of two independent counts: the zoo's own
/// builder for the same network, and onnx-tool's profiler (run once by the fixture script;
/// its Conv/Gemm/MatMul MACs without bias adds, and their weights and biases). Tolerance 0.5 %
/// (issue 13); the networks match exactly.
@Suite struct ImportCountsTests {
    static let networks: [(file: String, zoo: String)] = [
        ("resnet18.onnx", "resnet18"), ("mobilenet_v2.onnx", "mobilenet_v2"), ("mobilenet_v2_qdq.onnx", "mobilenet_v2"),
        ("vit_tiny.onnx", "vit_tiny"), ("resnet8.onnx", "resnet8"), ("resnet8_inline.onnx", "resnet8"),
    ]

    @Test(arguments: networks)
    func networkEqualsTheZoosBuilder(file: String, zoo: String) throws {
        let imported = try ONNXFixtures.network(file)
        let family = try #require(NetworkZoo.family(named: zoo))
        let built = try family.network(ModelVariant(resolution: family.defaultResolution))
        #expect(isClose(Double(imported.macs), Double(built.macs), relative: 0.005), "\(imported.macs) vs \(built.macs)")
        #expect(isClose(Double(imported.parameterCount), Double(built.parameterCount), relative: 0.005),
                "\(imported.parameterCount) vs \(built.parameterCount)")
        // The same PE-array layers by name, each with the zoo's MACs.
        let zooLayers = Dictionary(uniqueKeysWithValues: built.layers.filter(\.op.runsOnPEArray).map { ($0.name, $0.macs) })
        let importedLayers = Dictionary(imported.layers.filter(\.op.runsOnPEArray).map { ($0.name, $0.macs) }, uniquingKeysWith: { a, _ in a })
        #expect(importedLayers == zooLayers)
    }

    static let profiled: [[String: String]] = (try? ONNXFixtures.csv("reference_counts.csv")) ?? []

    /// onnx-tool counts ConvTranspose wrongly (twice the MACs; the fixture README), so that
    /// fixture is checked against a hand count instead. Parameters are compared on the whole
    /// networks, whose every layer has a bias: the layer model counts one bias per output
    /// channel (batch norm folded, the zoo's convention), which a bias-free operator fixture
    /// does not store.
    @Test(arguments: profiled.filter { $0["file"] != "op_conv_transpose.onnx" }.map { $0["file"]! })
    func fixtureEqualsOnnxTool(file: String) throws {
        let row = try #require(Self.profiled.first { $0["file"] == file })
        let macs = try #require(Double(row["conv_gemm_macs"] ?? "")), params = try #require(Double(row["conv_gemm_params"] ?? ""))
        let network = try ONNXFixtures.network(file)
        #expect(isClose(Double(network.macs), macs, relative: 0.005), "\(file): \(network.macs) vs onnx-tool \(macs)")
        if Self.networks.contains(where: { $0.file == file }) {
            #expect(isClose(Double(network.parameterCount), params, relative: 0.005),
                    "\(file): \(network.parameterCount) vs onnx-tool \(params)")
        }
    }

    @Test func profileCoversTheFixtures() { #expect(Self.profiled.count >= 20) }

    /// op_conv_transpose, counted by hand: ConvTranspose 16→8 channels, 4×4 kernel, on an
    /// 8×8 input: each input pixel of each input channel meets every output channel's window
    /// once, 8·8·16·8·4·4 = 131,072 MACs; then 8→4 channels, 3×3, on 16×16: 16·16·8·4·3·3 =
    /// 73,728. Parameters: 16·8·16 + 8 and 8·4·9 + 4.
    @Test func convTransposeIsMACExact() throws {
        let network = try ONNXFixtures.network("op_conv_transpose.onnx")
        #expect(network.layers.map(\.macs) == [131_072, 73_728])
        #expect(network.parameterCount == 16 * 8 * 16 + 8 + 8 * 4 * 9 + 4)
    }

    /// The bundled model is the fixture, byte for byte.
    @Test func bundledModelIsTheFixture() throws {
        let bundled = ONNXFixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Workloads/models/mobilenet_v2.onnx")
        #expect(try Data(contentsOf: bundled) == Data(contentsOf: URL(fileURLWithPath: ONNXFixtures.path("mobilenet_v2.onnx"))))
    }
}
