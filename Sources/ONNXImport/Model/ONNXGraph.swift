import CodesignCore

/// An ONNX model reduced to what the importer needs: the graph's nodes with their attributes,
/// each initializer's dims (and the values of the small integer and float ones that shape
/// computations read: Reshape targets, Slice bounds, Resize scales), and the graph's inputs
/// and outputs. Weight values are never kept: a model whose weights are external data, or
/// absent altogether, imports the same.
struct ONNXGraph: Sendable {
    var path: String
    /// The default domain's opset (`ai.onnx`).
    var opset: Int
    var nodes: [ONNXNode]
    var initializers: [String: ONNXTensor]
    /// Graph inputs that are not initializers, in order.
    var inputs: [ONNXValueInfo]
    var outputs: [String]
    /// Shapes the file states for intermediate tensors (`value_info`), when it has them.
    var valueInfo: [String: ONNXValueInfo]
}

/// One node, with its place in the file for diagnostics.
struct ONNXNode: Sendable {
    var index: Int
    var name: String
    var opType: String
    var domain: String
    var inputs: [String]
    var outputs: [String]
    var attributes: [String: ONNXAttribute]

    /// `node 'Conv_12' (#12, op Conv)`, as diagnostics name it.
    var label: String { "node '\(name)' (#\(index), op \(opType))" }

    /// The node's input at `position`, nil when absent or given as "" (an omitted optional input).
    func input(_ position: Int) -> String? {
        position < inputs.count && !inputs[position].isEmpty ? inputs[position] : nil
    }

    func int(_ name: String) -> Int? { attributes[name]?.int }
    func ints(_ name: String) -> [Int]? { attributes[name]?.ints }
    func float(_ name: String) -> Double? { attributes[name]?.float }
    func string(_ name: String) -> String? { attributes[name]?.string }
}

/// An attribute's value, in the forms the importer reads.
struct ONNXAttribute: Sendable {
    var int: Int?
    var ints: [Int]?
    var float: Double?
    var floats: [Double]?
    var string: String?
    var tensor: ONNXTensor?
}

/// An initializer or a constant: its dims, element type and, when they are stored in the
/// file and few, its values.
struct ONNXTensor: Sendable {
    var name: String
    var dims: [Int]
    var dataType: Int
    /// Integer values (int64, int32, int8, uint8, … data) when stored inline.
    var integers: [Int]?
    /// Float values (float, double) when stored inline.
    var reals: [Double]?

    var elementCount: Int { dims.reduce(1, *) }

    /// Bits per element of the stored type: what a quantised weight or activation is.
    var bits: Int? { ONNXTensor.bits(ofDataType: dataType) }

    static func bits(ofDataType type: Int) -> Int? {
        switch type {
        case 2, 3: 8          // uint8, int8
        case 4, 5: 16         // uint16, int16
        case 6, 12: 32        // int32, uint32
        case 7, 13: 64        // int64, uint64
        case 1: 32            // float
        case 10, 16: 16       // float16, bfloat16
        case 11: 64           // double
        case 17, 18, 19, 20: 8  // float8 variants
        case 21, 22: 4        // uint4, int4
        case 9: 1             // bool
        default: nil
        }
    }

    /// Whether the type is an integer type a quantised graph stores (int4 to int16).
    static func isQuantizedType(_ type: Int) -> Bool { [2, 3, 4, 5, 21, 22].contains(type) }
}

/// A graph input or a `value_info` entry: element type and dims, each known or symbolic.
struct ONNXValueInfo: Sendable {
    enum Dimension: Sendable, Equatable {
        case value(Int)
        case symbol(String)
        case unknown
    }

    var name: String
    var elementType: Int
    var dims: [Dimension]?
}
