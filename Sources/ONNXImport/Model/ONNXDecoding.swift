import CodesignCore
import Foundation
import SwiftProtobuf

/// Reads an `.onnx` file (a protobuf `ModelProto`) into an `ONNXGraph`, refusing what no
/// importer can use: a file that is not a model, no graph, an opset before 7, negative dims,
/// a node without an op type. Every problem is located at the file or the node.
enum ONNXDecoding {
    /// The largest model file read; weights stored inline make real models large, and the
    /// importer reads only their dims.
    static let byteLimit = 2_000_000_000
    /// Values kept from an integer or float initializer: enough for any shape computation.
    static let keptValueLimit = 64

    static func load(path: String) throws(DiagnosticsError) -> ONNXGraph {
        let file = SourceLocation.file(path)
        switch FileKind(path: path) {
        case .missing: throw DiagnosticsError("cannot read '\(path)': no such file", at: file)
        case .directory: throw DiagnosticsError("cannot read '\(path)': it is a directory", at: file)
        case .other: throw DiagnosticsError("cannot read '\(path)': it is not a regular file", at: file)
        case .regular: break
        }
        // Sized before it is read: a model is read whole, and protobuf caps one at 2 GB.
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
        guard size <= byteLimit else {
            throw DiagnosticsError("the file is larger than 2 GB, the protobuf limit of an ONNX model", at: file)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticsError("cannot read '\(path)'", at: file)
        }
        guard !data.isEmpty else { throw DiagnosticsError("the file is empty; expected an ONNX model", at: file) }
        let model: Onnx_ModelProto
        do {
            var options = BinaryDecodingOptions()
            options.messageDepthLimit = 100
            model = try Onnx_ModelProto(serializedBytes: data, options: options)
        } catch {
            throw DiagnosticsError("the file is not an ONNX model (\(describe(error))); it may be truncated or another format",
                                   at: file)
        }
        return try graph(of: model, path: path)
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? BinaryDecodingError {
        case .truncated?: "the protobuf data ends early"
        case .malformedProtobuf?: "malformed protobuf"
        case .messageDepthLimit?: "nested too deeply"
        default: "\(error)"
        }
    }

    static func graph(of model: Onnx_ModelProto, path: String) throws(DiagnosticsError) -> ONNXGraph {
        let file = SourceLocation.file(path)
        guard model.hasGraph else { throw DiagnosticsError("the model has no graph", at: file) }
        let defaultOpsets = model.opsetImport.filter { $0.domain.isEmpty || $0.domain == "ai.onnx" }
        guard let opset = defaultOpsets.map(\.version).max() ?? (model.opsetImport.isEmpty ? nil : 1) else {
            throw DiagnosticsError("the model imports no opset of the default ONNX domain", at: file)
        }
        guard opset >= 7 else {
            throw DiagnosticsError("the model uses opset \(opset); opsets 7 and later are supported (re-export it, or "
                                   + "convert it with onnx.version_converter)", at: file)
        }
        let proto = model.graph
        var diagnostics: [Diagnostic] = []
        var initializers: [String: ONNXTensor] = [:]
        for tensor in proto.initializer {
            switch self.tensor(tensor) {
            case .success(let t): initializers[t.name] = t
            case .failure(let message):
                diagnostics.append(.error(message.message, at: SourceLocation(path: path, element: "initializer '\(tensor.name)'")))
            }
        }
        var nodes: [ONNXNode] = []
        for (index, proto) in proto.node.enumerated() {
            let name = proto.name.isEmpty ? "\(proto.opType)_\(index)" : proto.name
            var node = ONNXNode(index: index, name: name, opType: proto.opType, domain: proto.domain,
                                inputs: proto.input, outputs: proto.output, attributes: [:])
            if proto.opType.isEmpty {
                diagnostics.append(.error("the node has no op type", at: SourceLocation(path: path, element: node.label)))
            }
            for attribute in proto.attribute {
                switch self.attribute(attribute) {
                case .success(let value): node.attributes[attribute.name] = value
                case .failure(let message):
                    diagnostics.append(.error("attribute '\(attribute.name)': \(message.message)", at: SourceLocation(path: path, element: node.label)))
                }
            }
            nodes.append(node)
        }
        let inputs = proto.input.filter { initializers[$0.name] == nil }.map(valueInfo)
        if proto.output.isEmpty { diagnostics.append(.error("the graph has no output", at: file)) }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        return ONNXGraph(path: path, opset: Int(opset), nodes: nodes, initializers: initializers, inputs: inputs,
                         outputs: proto.output.map(\.name),
                         valueInfo: Dictionary(proto.valueInfo.map { ($0.name, valueInfo($0)) }, uniquingKeysWith: { a, _ in a }))
    }

    private static func valueInfo(_ proto: Onnx_ValueInfoProto) -> ONNXValueInfo {
        let type = proto.type.tensorType
        var dims: [ONNXValueInfo.Dimension]?
        if case .tensorType? = proto.type.value, type.hasShape {
            dims = type.shape.dim.map { dim in
                switch dim.value {
                case .dimValue(let v)?: v >= 0 ? .value(Int(v)) : .unknown
                case .dimParam(let p)?: .symbol(p)
                case nil: .unknown
                }
            }
        }
        return ONNXValueInfo(name: proto.name, elementType: Int(type.elemType), dims: dims)
    }

    /// An initializer's dims and small values; weights' values are not read.
    static func tensor(_ proto: Onnx_TensorProto) -> Result<ONNXTensor, ONNXDecodingProblem> {
        if let negative = proto.dims.first(where: { $0 < 0 }) {
            return .failure(ONNXDecodingProblem("dims \(proto.dims) has the negative size \(negative)"))
        }
        if let huge = proto.dims.first(where: { $0 > 1 << 40 }) {
            return .failure(ONNXDecodingProblem("dims \(proto.dims) has the size \(huge), more than 2^40"))
        }
        let dims = proto.dims.map { Int($0) }
        var count = 1
        for d in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: d)
            if overflow || product > 1 << 50 { return .failure(ONNXDecodingProblem("dims \(dims) hold more than 2^50 elements")) }
            count = product
        }
        var tensor = ONNXTensor(name: proto.name, dims: dims, dataType: Int(proto.dataType))
        guard count <= keptValueLimit, proto.dataLocation != .external else { return .success(tensor) }
        let raw = [UInt8](proto.rawData)
        func littleEndian(_ width: Int, signed: Bool) -> [Int]? {
            guard raw.count == count * width else { return nil }
            return (0..<count).map { i in
                var value: UInt64 = 0
                for b in 0..<width { value |= UInt64(raw[i * width + b]) << (8 * UInt64(b)) }
                if signed, width < 8, value & (1 << (UInt64(width) * 8 - 1)) != 0 { value |= ~0 << (UInt64(width) * 8) }
                return Int(truncatingIfNeeded: Int64(bitPattern: value))
            }
        }
        switch tensor.dataType {
        case 7: tensor.integers = !proto.int64Data.isEmpty ? proto.int64Data.map { Int($0) } : littleEndian(8, signed: true)
        case 6, 5, 3: tensor.integers = !proto.int32Data.isEmpty ? proto.int32Data.map { Int($0) }
            : littleEndian(tensor.dataType == 6 ? 4 : tensor.dataType == 5 ? 2 : 1, signed: true)
        case 2, 4: tensor.integers = !proto.int32Data.isEmpty ? proto.int32Data.map { Int($0) }
            : littleEndian(tensor.dataType == 4 ? 2 : 1, signed: false)
        case 1:
            if !proto.floatData.isEmpty { tensor.reals = proto.floatData.map { Double($0) } }
            else if let bits = littleEndian(4, signed: false) { tensor.reals = bits.map { Double(Float(bitPattern: UInt32($0))) } }
        case 11:
            if !proto.doubleData.isEmpty { tensor.reals = proto.doubleData }
            else if let bits = littleEndian(8, signed: false) { tensor.reals = bits.map { Double(bitPattern: UInt64(bitPattern: Int64($0))) } }
        default: break
        }
        if let values = tensor.integers, values.count != count { tensor.integers = nil }
        if let values = tensor.reals, values.count != count { tensor.reals = nil }
        return .success(tensor)
    }

    private static func attribute(_ proto: Onnx_AttributeProto) -> Result<ONNXAttribute, ONNXDecodingProblem> {
        var value = ONNXAttribute()
        switch proto.type {
        case .int: value.int = Int(clamping: proto.i)
        case .ints: value.ints = proto.ints.map { Int(clamping: $0) }
        case .float: value.float = Double(proto.f)
        case .floats: value.floats = proto.floats.map(Double.init)
        case .string: value.string = String(decoding: proto.s, as: UTF8.self)
        case .tensor:
            switch tensor(proto.t) {
            case .success(let t): value.tensor = t
            case .failure(let problem): return .failure(problem)
            }
        default:
            // Older files leave the type out: take whichever field is set.
            if proto.hasI { value.int = Int(clamping: proto.i) }
            if !proto.ints.isEmpty { value.ints = proto.ints.map { Int(clamping: $0) } }
            if proto.hasF { value.float = Double(proto.f) }
            if !proto.floats.isEmpty { value.floats = proto.floats.map(Double.init) }
            if proto.hasS { value.string = String(decoding: proto.s, as: UTF8.self) }
            if proto.hasT, case .success(let t) = tensor(proto.t) { value.tensor = t }
        }
        return .success(value)
    }
}

struct ONNXDecodingProblem: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}
