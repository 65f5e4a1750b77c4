import CodesignCore

/// Ops the layer model folds into the layer before them: activations, normalisations
/// (batch norm folded into the preceding conv's bias, as the zoo counts parameters), Softmax,
/// Identity, Dropout, Cast; and the quantisation ops, which set the bit-widths of the layers
/// that read their outputs (QuantizeLinear → DequantizeLinear pairs around a conv make it an
/// int8 conv).
enum PassThroughImporter {
    static let activations: Set<String> = [
        "Relu", "LeakyRelu", "Elu", "Selu", "Celu", "Clip", "Sigmoid", "HardSigmoid", "HardSwish", "Tanh", "Softmax",
        "LogSoftmax", "Softplus", "Softsign", "Gelu", "Erf", "Mish", "Swish", "Sqrt", "Exp", "Log", "Neg", "Abs",
        "Reciprocal", "Floor", "Ceil", "Round", "Sign", "Not", "Sin", "Cos", "ThresholdedRelu", "Shrink", "IsNaN", "IsInf",
        "BatchNormalization", "LayerNormalization", "InstanceNormalization", "GroupNormalization", "LpNormalization",
        "MeanVarianceNormalization", "LRN", "Identity", "Dropout", "Cast", "CastLike",
    ]
    static let quantization: Set<String> = ["QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear"]
    static let ops = activations.union(quantization)

    static func lower(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0)
        let shape = try state.shape(x, at: node)
        let output = try state.output(node, 0)
        switch node.opType {
        case "QuantizeLinear", "DynamicQuantizeLinear":
            // The stored type: the zero point's, or `output_dtype`, else uint8.
            let zeroPoint = node.input(2).flatMap { state.graph.initializers[$0]?.dataType }
            let type = node.int("output_dtype").flatMap { $0 == 0 ? nil : $0 } ?? zeroPoint ?? 2
            let bits = ONNXTensor.bits(ofDataType: type) ?? 8
            carry(x, to: output, shape: shape, &state, bits: bits)
            for extra in node.outputs.dropFirst() where !extra.isEmpty { state.shapes[extra] = [] }
        case "DequantizeLinear":
            // A dequantised initializer is a weight of the initializer's bits; a dequantised
            // activation keeps the bits it was quantised to.
            let bits = state.graph.initializers[x].flatMap { ONNXTensor.isQuantizedType($0.dataType) ? $0.bits : nil }
                ?? state.weights[x]?.bits ?? state.activationBits[x]
            carry(x, to: output, shape: shape, &state, bits: bits)
        default:
            carry(x, to: output, shape: shape, &state, bits: state.activationBits[x])
            if let integers = state.integers[x], ["Identity", "Cast", "CastLike", "Neg", "Abs"].contains(node.opType) {
                state.integers[output] = node.opType == "Neg" ? integers.map { 0 &- $0 } : node.opType == "Abs" ? integers.map { $0 == Int.min ? Int.max : abs($0) } : integers
            }
            for extra in node.outputs.dropFirst() where !extra.isEmpty { state.shapes[extra] = shape }  // Dropout's mask
        }
    }

    /// `output` is what `input` is (activation, weight or constant), with `bits` when quantised.
    private static func carry(_ input: String, to output: String, shape: [Int], _ state: inout Lowering, bits: Int?) {
        if state.isActivation(input) {
            state.setActivation(output, shape: shape, producers: state.producers[input] ?? [], bits: bits)
        } else {
            state.shapes[output] = shape
            if let weight = state.weights[input] { state.weights[output] = (weight.dims, bits ?? weight.bits) }
            if let reals = state.reals[input] { state.reals[output] = reals }
        }
    }
}
