import CodesignCore

/// Add, Sub, Mul, Div (and Sum, Max, Min, Mean) with numpy broadcasting. Two activations
/// joined are an `add` layer on the vector unit (a residual, a squeeze-and-excite scale);
/// an activation with a constant (a bias after a MatMul, a position embedding, a scale) is
/// folded, as the zoo does; integer constants are evaluated, since shape computations
/// (Shape → Gather → Mul → Reshape) are made of them.
enum ElementwiseImporter {
    static let joining: Set<String> = ["Add", "Sub", "Mul", "Div", "Sum", "Max", "Min", "Mean"]
    /// Element-wise ops that never make a layer (comparisons, powers, selections).
    static let folded: Set<String> = ["Pow", "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "Where",
                                      "And", "Or", "Xor", "Mod", "BitShift", "PRelu"]
    static let ops = joining.union(folded)

    static func lower(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let names = node.inputs.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ONNXNodeError(node, "the node has no inputs") }
        var shapes: [[Int]] = []
        for name in names { shapes.append(try state.shape(name, at: node)) }
        guard let shape = broadcastShape(shapes) else {
            throw ONNXNodeError(node, "the operand shapes \(shapes.map { "\($0)" }.joined(separator: " and ")) do not broadcast")
        }
        guard elementCount(shape) != nil else {
            throw ONNXNodeError(node, "the broadcast shape \(shape) has more than 2^50 elements")
        }
        let output = try state.output(node, 0)
        let activations = names.filter(state.isActivation)
        if activations.isEmpty {
            state.shapes[output] = shape
            if let folded = fold(node.opType, names.map { state.integers[$0] }, shape: shape) { state.integers[output] = folded }
            return
        }
        let bits = state.activationBits[activations[0]]
        // Operands that all come from the same layers are one tensor and a function of it
        // (GELU's x·Φ(x), SiLU's x·σ(x), a decomposed HardSwish): an activation, folded as
        // the zoo does. A residual or a gate joins tensors of different layers.
        let sources = Set(activations.map { state.producers[$0] ?? [] })
        guard joining.contains(node.opType), activations.count >= 2, sources.count >= 2 else {
            state.setActivation(output, shape: shape, producers: state.carriedProducers(activations), bits: bits)
            return
        }
        let (n, channels, p, q) = vectorLayout(shape)
        let layer = Layer(name: node.name, op: .add, bounds: DimensionVector(g: channels, n: n, p: p, q: q),
                          weightBits: state.options.activationBits, activationBits: bits ?? state.options.activationBits)
        state.appendLayer(layer, from: node, reading: activations, output: output, outputShape: shape)
        if let bits { state.activationBits[output] = bits }
    }

    /// A tensor as the zoo lays out vector-unit work: [N, C, H, W] images, [N, T, E] tokens
    /// (tokens with the batch on N), [N, E] rows, a vector of channels.
    static func vectorLayout(_ shape: [Int]) -> (n: Int, channels: Int, p: Int, q: Int) {
        switch shape.count {
        case 0: (1, 1, 1, 1)
        case 1: (1, shape[0], 1, 1)
        case 2: (shape[0], shape[1], 1, 1)
        case 3: (shape[0] * shape[1], shape[2], 1, 1)
        default: (shape[0] * shape.dropFirst(4).reduce(1, *), shape[1], shape[2], shape[3])
        }
    }

    /// Integer constants combined element-wise (with broadcasting of a single value), or
    /// nil when an operand is unknown or the op is not arithmetic.
    static func fold(_ op: String, _ operands: [[Int]?], shape: [Int]) -> [Int]? {
        let values = operands.compactMap { $0 }
        guard values.count == operands.count, values.count >= 1 else { return nil }
        let count = shape.reduce(1, *)
        guard count <= 64, values.allSatisfy({ $0.count == count || $0.count == 1 }) else { return nil }
        func at(_ v: [Int], _ i: Int) -> Int { v.count == 1 ? v[0] : v[i] }
        return (0..<count).map { i -> Int in
            let items = values.map { at($0, i) }
            switch op {
            case "Add", "Sum": return items.reduce(0, &+)
            case "Sub": return items.dropFirst().reduce(items[0], &-)
            case "Mul": return items.reduce(1, &*)
            case "Div": return items.dropFirst().reduce(items[0]) { $1 == 0 ? 0 : $0.dividedReportingOverflow(by: $1).partialValue }
            case "Max": return items.max() ?? 0
            case "Min": return items.min() ?? 0
            default: return items[0]
            }
        }
    }
}
