import CodesignCore
import Foundation
@testable import ONNXImport
import Testing

/// Every malformed model the fixture script writes (bad/expected.csv: 23 of them) is one
/// clear error, at the node when a node is at fault (`model.onnx: node 'conv1' (#0, op Conv)`),
/// and nothing is half-imported.
@Suite struct BadModelTests {
    static let cases: [[String: String]] = (try? ONNXFixtures.csv("bad/expected.csv")) ?? []

    @Test func tableIsLargeEnough() { #expect(Self.cases.count >= 15) }

    @Test(arguments: cases.map { $0["file"]! })
    func badModelIsOneLocatedError(file: String) throws {
        let row = try #require(Self.cases.first { $0["file"] == file })
        let path = ONNXFixtures.path("bad/" + file)
        do {
            let model = try ONNXModel.load(path: path)
            _ = try model.network(name: "bad", ONNXBuildOptions())
            Issue.record("\(file) imported")
        } catch {
            let first = try #require(error.diagnostics.first)
            #expect(first.severity == .error)
            #expect(first.location.path == path)
            let node = row["expected_node_name"] ?? "", index = row["expected_node_index"] ?? "", op = row["expected_op"] ?? ""
            // Problems the script pins on a node are reported there, except an initializer's
            // own (negative dims: at the initializer) and a missing input shape (at the file).
            if !node.isEmpty, !["negative_dims.onnx", "input_without_shape.onnx"].contains(file) {
                #expect(first.location.element == "node '\(node)' (#\(index), op \(op))", "\(first)")
            }
            #expect(!first.message.isEmpty && !first.message.contains("internal error"), "\(first)")
        }
    }

    /// Each unsupported op is reported once, at its first node, with how many use it.
    @Test func unsupportedOpsAreReportedOncePerOp() throws {
        do {
            _ = try ONNXModel.load(path: ONNXFixtures.path("bad/unsupported_op_foo.onnx"))
            Issue.record("imported")
        } catch {
            #expect(error.diagnostics.count == 1)
            #expect(error.description.hasPrefix(ONNXFixtures.path("bad/unsupported_op_foo.onnx") + ": node 'foo' (#2, op Foo): error: op 'Foo' is not supported"),
                    "\(error)")
        }
    }
}
