import CodesignCore
import Foundation
@testable import ONNXImport
import SpecIO
import Testing
import TestSupport

/// An ONNX model explores like a zoo network: resolution re-infers every shape, width scales
/// the channels of every convolution and fully connected layer except the network's input
/// and the classifier's outputs; batch comes from the workload; quantised graphs keep their
/// bit-widths.
@Suite struct VariantTests {
    /// ResNet-18 has no width rule of its own, so a resolution is the only zoo knob to compare.
    @Test(arguments: [128, 160, 192, 256])
    func resolutionEqualsTheZooAtThatResolution(resolution: Int) throws {
        let imported = try ONNXFixtures.network("resnet18.onnx", ONNXBuildOptions(resolution: resolution))
        let built = try #require(NetworkZoo.family(named: "resnet18")).network(ModelVariant(resolution: resolution))
        #expect(imported.macs == built.macs)
    }

    @Test(arguments: [0.5, 0.75, 1.4])
    func widthScalesEveryLayerButTheInputAndTheClassifier(width: Double) throws {
        let base = try ONNXFixtures.network("mobilenet_v2.onnx")
        let scaled = try ONNXFixtures.network("mobilenet_v2.onnx", ONNXBuildOptions(width: width))
        let first = try #require(scaled.layers.first), classifier = try #require(scaled.layers.last { $0.op == .fc })
        #expect(first.bounds.c == 3)
        #expect(classifier.bounds.k == 1001)
        // MACs of the 1×1 convolutions scale with width² (both channel counts scale).
        let ratio = Double(scaled.macs) / Double(base.macs)
        #expect(ratio > width * width * 0.8 && ratio < width * width * 1.25, "\(ratio)")
        // Every channel count stays a multiple of 8, as the reference code rounds.
        for layer in scaled.layers where layer.op == .pointwise {
            #expect(layer.bounds.k % 8 == 0 || layer.name == classifier.name, "\(layer.name): \(layer.bounds.k)")
        }
    }

    @Test func batchMultipliesEveryLayer() throws {
        let one = try ONNXFixtures.network("resnet8.onnx"), four = try ONNXFixtures.network("resnet8.onnx", ONNXBuildOptions(batch: 4))
        #expect(four.macs == 4 * one.macs)
        #expect(four.imagesPerInference == 4)
    }

    /// QDQ int8: every conv and the classifier take 8-bit weights and activations from the
    /// file, whatever the float default; a precision variant overrides them.
    @Test func quantisedGraphSetsBitWidths() throws {
        let file = try ONNXFixtures.network("mobilenet_v2_qdq.onnx", ONNXBuildOptions(weightBits: 16, activationBits: 16))
        #expect(file.layers.filter(\.op.runsOnPEArray).allSatisfy { $0.weightBits == 8 && $0.activationBits == 8 })
        let float = try ONNXFixtures.network("mobilenet_v2.onnx", ONNXBuildOptions(weightBits: 16, activationBits: 16))
        #expect(float.layers.filter(\.op.runsOnPEArray).allSatisfy { $0.weightBits == 16 && $0.activationBits == 16 })
        let overridden = try ONNXFixtures.network("mobilenet_v2_qdq.onnx",
                                                  ONNXBuildOptions(weightBits: 4, activationBits: 4, overridesQuantization: true))
        #expect(overridden.layers.allSatisfy { $0.weightBits == 4 && $0.activationBits == 4 })
    }

    /// Attention: the zoo's layout and producers (qk reads qkv; av reads qk and qkv).
    @Test func attentionIsLaidOutAsTheZoo() throws {
        let network = try ONNXFixtures.network("vit_tiny.onnx")
        let qk = try #require(network.layers.first { $0.name == "blocks.0.attn.qk" })
        #expect(qk.op == .matmul && qk.weightsAreActivations)
        #expect(qk.bounds == DimensionVector(g: 3, n: 1, k: 197, c: 64, p: 197))
        let av = try #require(network.layers.firstIndex { $0.name == "blocks.0.attn.av" })
        #expect(network.producers[av].map { network.layers[$0].name } == ["blocks.0.attn.qk", "blocks.0.attn.qkv"])
        // GELU's x·Φ(x) is an activation, not a layer.
        #expect(!network.layers.contains { $0.name.contains("act") })
    }
}
