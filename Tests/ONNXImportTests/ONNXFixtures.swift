import CodesignCore
import Foundation
@testable import ONNXImport

/// The committed fixtures (Tests/Fixtures/onnx, written by generate_onnx_fixtures.py) and
/// the counts it recorded from onnx-tool and from the zoo.
enum ONNXFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/onnx")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func network(_ name: String, _ options: ONNXBuildOptions = ONNXBuildOptions()) throws -> Network {
        try ONNXModel.load(path: path(name)).network(name: name, options)
    }

    /// Rows of a fixture CSV (no quoted commas in these files' first columns), by column name.
    static func csv(_ name: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path(name), encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            var fields: [String] = []
            var current = "", quoted = false
            for c in line {
                if c == "\"" { quoted.toggle() } else if c == ",", !quoted { fields.append(current); current = "" } else { current.append(c) }
            }
            fields.append(current)
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }
}
