import CodesignCore
import Foundation

/// A network's layers as loop nests, so a user can check an import (an ONNX file, a layer
/// list) before trusting an exploration: per layer its op, N K C P Q R S G, stride, MACs,
/// parameters, bit-widths and producers.
public enum LayerTable {
    static let header = ["name", "op", "N", "K", "C", "P", "Q", "R", "S", "G", "stride", "macs", "params", "bits",
                         "producers"]

    /// One row per layer, cells as text.
    static func rows(_ network: Network) -> [[String]] {
        network.layers.enumerated().map { i, layer in
            let b = layer.bounds
            let producers = network.producers[i].map { network.layers[$0].name }
            return [layer.name, layer.op.rawValue, "\(b.n)", "\(b.k)", "\(b.c)", "\(b.p)", "\(b.q)", "\(b.r)", "\(b.s)",
                    "\(b.g)", layer.strideH == layer.strideW ? "\(layer.strideH)" : "\(layer.strideH)x\(layer.strideW)",
                    "\(layer.macs)", "\(layer.weightCount + layer.biasCount)", "w\(layer.weightBits)a\(layer.activationBits)",
                    producers.isEmpty ? "(input)" : producers.joined(separator: " ")]
        }
    }

    public static func table(_ network: Network) -> String {
        var lines = TextTable.render([header] + rows(network), leftAligned: 2)
        lines.append("")
        lines.append("\(network.name): \(network.layers.count) layers, \(network.macs) MACs, \(network.parameterCount) parameters")
        return lines.joined(separator: "\n") + "\n"
    }

    /// RFC 4180: producers separated by spaces in one field.
    public static func csv(_ network: Network) -> String {
        ([header] + rows(network)).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    public static func json(_ network: Network) -> String {
        let layers = network.layers.enumerated().map { i, layer -> JSONValue in
            let b = layer.bounds
            return .object([
                ("name", .string(layer.name)), ("op", .string(layer.op.rawValue)),
                ("N", .int(b.n)), ("K", .int(b.k)), ("C", .int(b.c)), ("P", .int(b.p)), ("Q", .int(b.q)),
                ("R", .int(b.r)), ("S", .int(b.s)), ("G", .int(b.g)),
                ("stride", .array([.int(layer.strideH), .int(layer.strideW)])),
                ("dilation", .array([.int(layer.dilationH), .int(layer.dilationW)])),
                ("macs", .int(layer.macs)), ("params", .int(layer.weightCount + layer.biasCount)),
                ("weight_bits", .int(layer.weightBits)), ("activation_bits", .int(layer.activationBits)),
                ("producers", .array(network.producers[i].map { .string(network.layers[$0].name) })),
            ])
        }
        return JSONValue.object([
            ("network", .string(network.name)), ("macs", .int(network.macs)), ("params", .int(network.parameterCount)),
            ("layers", .array(layers)),
        ]).rendered() + "\n"
    }
}
