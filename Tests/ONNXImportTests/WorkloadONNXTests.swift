import CodesignCore
import Foundation
import SpecIO
import Testing
import TestSupport

/// `network: {onnx: …}` in a workload: the model is read and checked with the workload (so
/// `validate` reports its problems, at the model's node with a note at the workload line),
/// its input sets the workload's input, and every listed width and resolution must build.
@Suite struct WorkloadONNXTests {
    static func workload(_ model: String, _ extra: String = "") -> String {
        TestFiles.write("workload: w\nnetwork: {onnx: \(ONNXFixtures.path(model))}\n\(extra)", name: "w.yaml")
    }

    @Test func modelSetsTheInputAndBuildsVariants() throws {
        let spec = try SpecLoader.loadWorkload(path: Self.workload("mobilenet_v2.onnx",
            "input: {batch: 2}\nvariants: {width: [0.5, 1.0], resolution: [160, 224]}\n"))
        #expect(spec.input == InputSpec(resolution: 224, channels: 3, batch: 2))
        let base = try spec.network()
        #expect(base.imagesPerInference == 2)
        let small = try spec.network(ModelVariant(width: 0.5, resolution: 160))
        #expect(small.macs < base.macs / 4)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var model: String
        var extra: String
        /// The error's place: a node of the model, or the workload's line.
        var element: String?
        var line: Int?
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unsupported op", model: "bad/unsupported_op_nms.onnx", extra: "", element: "node 'nms' (#1, op NonMaxSuppression)",
             line: nil, message: "op 'NonMaxSuppression' is not supported"),
        Case(name: "truncated model", model: "bad/truncated.onnx", extra: "", element: nil, line: nil,
             message: "the file is not an ONNX model (the protobuf data ends early)"),
        Case(name: "input channels the model does not read", model: "resnet8.onnx", extra: "input: {channels: 4}\n",
             element: nil, line: 3, message: "'channels' is 4, but the ONNX model reads 3 input channels"),
        Case(name: "a resolution the model's fixed reshape refuses", model: "vit_tiny.onnx", extra: "variants: {resolution: [160]}\n",
             element: "node 'pos_embed/add' (#9, op Add)", line: nil, message: "do not broadcast"),
    ]

    @Test(arguments: cases)
    func problemIsLocated(_ c: Case) throws {
        let path = Self.workload(c.model, c.extra)
        let diagnostics = SpecLoader.validate(path: path)
        let first = try #require(diagnostics.first { $0.message.contains(c.message) }, "\(diagnostics)")
        if let element = c.element { #expect(first.location.element == element, "\(first)") }
        if let line = c.line { #expect(first.location.path == path && first.location.line == line, "\(first)") }
        if c.line == nil { #expect(first.notes.contains { $0.location.path == path }, "\(first)") }
    }

    @Test func missingModelIsAnError() {
        let path = TestFiles.write("workload: w\nnetwork: {onnx: nothing-here.onnx}\n", name: "w.yaml")
        let diagnostics = SpecLoader.validate(path: path)
        #expect(diagnostics.first?.message.contains("ONNX model 'nothing-here.onnx' not found") == true, "\(diagnostics)")
        #expect(diagnostics.first?.location.line == 2)
    }

    /// `validate model.onnx` checks the model alone.
    @Test func validateReadsAModel() {
        #expect(SpecLoader.validate(path: ONNXFixtures.path("resnet18.onnx")).isEmpty)
        #expect(!SpecLoader.validate(path: ONNXFixtures.path("bad/cycle.onnx")).isEmpty)
    }
}
