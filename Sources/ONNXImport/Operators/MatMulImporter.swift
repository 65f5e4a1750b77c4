import CodesignCore

/// Gemm, MatMul and the quantised matmuls (QLinearMatMul, MatMulInteger). With a weight
/// operand the node is a fully connected layer once per row (the zoo's `fc`: tokens on N);
/// with two activations it is an attention matmul, heads on G, laid out as the workload's
/// `op: matmul` (rows on P, columns on K, reduction on C).
enum MatMulImporter {
    static let ops: Set<String> = ["Gemm", "MatMul", "QLinearMatMul", "MatMulInteger"]

    static func lower(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let secondPosition = node.opType == "QLinearMatMul" ? 3 : 1
        let a = try state.input(node, 0), b = try state.input(node, secondPosition)
        var aShape = try state.shape(a, at: node)
        var bShape = try state.shape(b, at: node)
        let output = try state.output(node, 0)
        if node.opType == "Gemm" {
            guard aShape.count == 2, bShape.count == 2 else {
                throw ONNXNodeError(node, "Gemm takes rank-2 operands, found \(aShape) and \(bShape)")
            }
            if node.int("transA") == 1 { aShape.reverse() }
            if node.int("transB") == 1 { bShape.reverse() }
        }
        guard !aShape.isEmpty, !bShape.isEmpty else { throw ONNXNodeError(node, "a matmul of scalars is not a layer") }
        // numpy matmul: a vector operand gains a dimension of 1.
        if aShape.count == 1 { aShape = [1] + aShape }
        if bShape.count == 1 { bShape = bShape + [1] }
        let aIsWeight = !state.isActivation(a), bIsWeight = !state.isActivation(b)
        if aIsWeight && bIsWeight { throw ONNXNodeError(node, "both operands are constants; there is nothing to compute at run time") }
        let reduction = aShape[aShape.count - 1]
        var columns = bShape[bShape.count - 1]
        let rowsOfA = aShape[aShape.count - 2]
        // Under a width variant a weight's rows follow the (scaled) producer, so only the
        // file's own sizes, or two activations, must agree.
        if !aIsWeight, !bIsWeight || state.options.width == 1, bShape[bShape.count - 2] != reduction {
            throw ONNXNodeError(node, "the inner dimensions differ: '\(a)' is \(aShape) and '\(b)' is \(bShape)")
        }
        if bIsWeight {
            // x · W: one fc over every row of x (all leading dimensions are rows).
            columns = state.scaledChannels(columns, at: node)
            let rows = aShape.dropLast().reduce(1, *)
            let bits = state.bits(input: a, weight: b)
            let layer = Layer(name: node.name, op: .fc, bounds: DimensionVector(n: rows, k: columns, c: reduction),
                              weightBits: bits.weights, activationBits: bits.activations)
            state.appendLayer(layer, from: node, reading: [a], output: output, outputShape: Array(aShape.dropLast()) + [columns])
            return
        }
        if aIsWeight {
            // W · x: the weight's rows are the outputs, once per column of x.
            let rows = state.scaledChannels(rowsOfA, at: node)
            let batch = bShape.dropLast(2).reduce(1, *)
            let (n, overflow) = batch.multipliedReportingOverflow(by: columns)
            guard !overflow else { throw ONNXNodeError(node, "\(bShape) has more than 2^63 rows") }
            let bits = state.bits(input: b, weight: a)
            let layer = Layer(name: node.name, op: .fc, bounds: DimensionVector(n: n, k: rows, c: reduction),
                              weightBits: bits.weights, activationBits: bits.activations)
            state.appendLayer(layer, from: node, reading: [b], output: output,
                              outputShape: Array(bShape.dropLast(2)) + [rows, columns])
            return
        }
        // Two activations: batch dimensions broadcast; the last of them are the heads.
        guard let batchDims = broadcastShape([Array(aShape.dropLast(2)), Array(bShape.dropLast(2))]) else {
            throw ONNXNodeError(node, "the batch dimensions of \(aShape) and \(bShape) do not broadcast")
        }
        let heads = batchDims.last ?? 1
        let batch = batchDims.dropLast().reduce(1, *)
        let bits = state.bits(input: a, weight: nil)
        let layer = Layer(name: node.name, op: .matmul,
                          bounds: DimensionVector(g: heads, n: batch, k: columns, c: reduction, p: rowsOfA),
                          weightBits: bits.activations, activationBits: bits.activations, weightsAreActivations: true)
        state.appendLayer(layer, from: node, reading: [a, b], output: output, outputShape: batchDims + [rowsOfA, columns])
    }
}
