import CodesignCore
import Foundation
@testable import ONNXImport
import SpecIO

/// The committed fixtures (Tests/Fixtures/onnx, written by generate_onnx_fixtures.py) and
/// the counts it recorded from onnx-tool and from the zoo.
enum ONNXFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/onnx")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func network(_ name: String, _ options: ONNXBuildOptions = ONNXBuildOptions()) throws -> Network {
        try ONNXModel.load(path: path(name)).network(name: name, options)
    }

    /// Rows of a fixture CSV by column name, read with the project's CSV reader.
    static func csv(_ name: String) throws -> [[String: String]] {
        let records = parseCSVLines(try String(contentsOfFile: path(name), encoding: .utf8))
        guard let header = records.first?.fields.map(\.text) else { return [] }
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0.fields.map(\.text))) }
    }
}
