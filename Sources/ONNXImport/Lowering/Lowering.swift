import CodesignCore

/// What to build an ONNX graph for: the workload's batch, its input resolution (a
/// resolution variant re-infers every shape from it), the width variant, and the bit-widths
/// of layers the file does not quantise.
public struct ONNXBuildOptions: Sendable, Hashable {
    public var batch: Int
    /// Input height and width; nil keeps the file's.
    public var resolution: Int?
    /// Multiplies the output channels of every convolution and fully connected layer except
    /// the classifier's; the network's input channels never change.
    public var width: Double
    public var weightBits: Int
    public var activationBits: Int
    /// Whether `weightBits` / `activationBits` override the file's quantised bit-widths too
    /// (a precision variant), instead of only filling in float layers.
    public var overridesQuantization: Bool

    public init(batch: Int = 1, resolution: Int? = nil, width: Double = 1, weightBits: Int = 8, activationBits: Int = 8,
                overridesQuantization: Bool = false) {
        self.batch = batch
        self.resolution = resolution
        self.width = width
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.overridesQuantization = overridesQuantization
    }
}

/// A problem at one node, located by the node's name, index and op type.
struct ONNXNodeError: Error, Sendable {
    var node: ONNXNode
    var message: String
    init(_ node: ONNXNode, _ message: String) {
        self.node = node
        self.message = message
    }
}

/// One pass over the graph in topological order: every tensor's shape inferred (from the
/// graph input, re-sized for the batch and the resolution), small integer tensors evaluated
/// where shape computations need them, and each node either lowered to a `Layer` (through its
/// operator family's importer) or passed through as free (shape-only ops, activations,
/// normalisations, quantisation), its output carrying the layers that produced its input.
struct Lowering {
    let graph: ONNXGraph
    let options: ONNXBuildOptions
    var shapes: [String: [Int]] = [:]
    /// Integer values known at import time: constants, shapes and what is computed from them.
    var integers: [String: [Int]] = [:]
    var reals: [String: [Double]] = [:]
    /// Tensors that are weights (initializers, or dequantised initializers), with their bits
    /// when the file quantises them.
    var weights: [String: (dims: [Int], bits: Int?)] = [:]
    /// For each activation, the layers whose output it carries (free ops in between).
    var producers: [String: [String]] = [:]
    /// Bits of a quantised activation (QuantizeLinear's output type, carried on).
    var activationBits: [String: Int] = [:]
    var layers: [Layer] = []
    private var layerNames: Set<String> = []
    /// Nodes whose output channels width scaling keeps: the classifier.
    var classifierNodes: Set<Int> = []

    init(graph: ONNXGraph, options: ONNXBuildOptions) {
        self.graph = graph
        self.options = options
        for (name, tensor) in graph.initializers {
            shapes[name] = tensor.dims
            if let values = tensor.integers { integers[name] = values }
            if let values = tensor.reals { reals[name] = values }
            weights[name] = (tensor.dims, ONNXTensor.isQuantizedType(tensor.dataType) ? tensor.bits : nil)
        }
    }

    // MARK: Reading tensors

    func shape(_ name: String, at node: ONNXNode) throws(ONNXNodeError) -> [Int] {
        guard let shape = shapes[name] else {
            throw ONNXNodeError(node, "the shape of input '\(name)' cannot be inferred")
        }
        return shape
    }

    func input(_ node: ONNXNode, _ position: Int) throws(ONNXNodeError) -> String {
        guard let name = node.input(position) else {
            throw ONNXNodeError(node, "input \(position + 1) is missing")
        }
        return name
    }

    func output(_ node: ONNXNode, _ position: Int) throws(ONNXNodeError) -> String {
        guard position < node.outputs.count, !node.outputs[position].isEmpty else {
            throw ONNXNodeError(node, "output \(position + 1) is missing")
        }
        return node.outputs[position]
    }

    /// A tensor is an activation when some layer or the graph input produces it, as opposed
    /// to a weight or a constant computed at import.
    func isActivation(_ name: String) -> Bool { producers[name] != nil }

    /// The integer values of `name`, which must be known at import (a Reshape target, Slice
    /// bounds, pads): a value computed at run time cannot size a layer.
    func constantIntegers(_ name: String, at node: ONNXNode, what: String) throws(ONNXNodeError) -> [Int] {
        if let values = integers[name] { return values }
        throw ONNXNodeError(node, "\(what) '\(name)' is computed at run time; the importer needs it known from the file "
                            + "(export with constant folding, e.g. torch.onnx.export(..., do_constant_folding=True))")
    }

    // MARK: Writing tensors

    /// Records `name` as an activation carrying `producers`, with `bits` when quantised.
    mutating func setActivation(_ name: String, shape: [Int], producers carried: [String], bits: Int? = nil) {
        shapes[name] = shape
        producers[name] = carried
        if let bits { activationBits[name] = bits }
    }

    /// The layers an op reading `names` depends on, in order, each once.
    func carriedProducers(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.flatMap { producers[$0] ?? [] }.filter { seen.insert($0).inserted }
    }

    /// Appends a layer lowered from `node`, reading the activations `inputs`; its output
    /// tensor carries the layer. Names stay unique, and producers are named only where they
    /// are not the previous layer (the workload convention).
    mutating func appendLayer(_ layer: Layer, from node: ONNXNode, reading inputs: [String], output: String,
                              outputShape: [Int]) {
        var layer = layer
        var name = node.name
        var suffix = 2
        while layerNames.contains(name) {
            name = "\(node.name)_\(suffix)"
            suffix += 1
        }
        layer.name = name
        let read = carriedProducers(inputs)
        let previous = layers.last.map { [$0.name] } ?? []
        layer.inputNames = read == previous ? [] : read
        layer.readsNetworkInput = read.isEmpty && !layers.isEmpty
        layers.append(layer)
        layerNames.insert(name)
        setActivation(output, shape: outputShape, producers: [name])
    }

    /// The bit-widths of a layer reading `input` with weights `weight` (nil: activations).
    func bits(input: String, weight: String?) -> (weights: Int, activations: Int) {
        if options.overridesQuantization { return (options.weightBits, options.activationBits) }
        let activations = activationBits[input] ?? options.activationBits
        let weightBits = weight.flatMap { self.weights[$0]?.bits } ?? (weight == nil ? activations : options.weightBits)
        return (weightBits, activations)
    }

    /// Output channels after the width variant; the classifier's are kept. Rounded as the
    /// MobileNet and EfficientNet reference code rounds (`_make_divisible`): to the nearest
    /// multiple of 8 when the file's count is one (else of 1), never more than 10 % below
    /// the exact value; and a multiple of `multiple` (the groups).
    func scaledChannels(_ channels: Int, at node: ONNXNode, multiple: Int = 1) -> Int {
        guard options.width != 1, !classifierNodes.contains(node.index) else { return channels }
        let exact = Double(channels) * options.width
        let divisor = channels % 8 == 0 ? 8 : 1
        var rounded = max(divisor, Int((exact / Double(divisor)).rounded()) * divisor)
        if Double(rounded) < 0.9 * exact { rounded += divisor }
        let step = multiple * divisor / gcd(multiple, divisor)
        return max(step, (rounded + step / 2) / step * step)
    }

    private func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}

/// Broadcasting of element-wise operands (numpy rules), as ONNX defines it.
func broadcastShape(_ shapes: [[Int]]) -> [Int]? {
    let rank = shapes.map(\.count).max() ?? 0
    var result = [Int](repeating: 1, count: rank)
    for shape in shapes {
        let padded = [Int](repeating: 1, count: rank - shape.count) + shape
        for (i, d) in padded.enumerated() {
            if d == result[i] || d == 1 { continue }
            if result[i] == 1 { result[i] = d } else { return nil }
        }
    }
    return result
}

/// The elements of a shape, nil past 2^50 (a hostile file's sizes must not overflow).
func elementCount(_ shape: [Int]) -> Int? {
    var count = 1
    for d in shape {
        guard d >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: d)
        guard !overflow, product <= 1 << 50 else { return nil }
        count = product
    }
    return count
}

/// Sizes an attribute or a constant may give (strides, pads, kernel sizes, scales): far above
/// any real network's, far below what could overflow a product of a few of them.
let sizeLimit = 1 << 30

/// An axis attribute (negative counts from the end) as an index into a shape of `rank`.
func normalizedAxis(_ axis: Int, rank: Int) -> Int? {
    guard axis >= -sizeLimit, axis <= sizeLimit else { return nil }
    let a = axis < 0 ? axis + rank : axis
    return (0..<max(rank, 1)).contains(a) ? a : nil
}
