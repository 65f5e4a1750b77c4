import CodesignCore

/// MaxPool, AveragePool, LpPool, their global forms, and ReduceMean / ReduceMax over the
/// spatial axes (how some exporters write a global pool): one `pool` layer, one operation
/// per window element on the vector unit, as the zoo counts it.
enum PoolImporter {
    static let ops: Set<String> = ["MaxPool", "AveragePool", "LpPool", "GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool"]

    static func lower(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0)
        let input = try state.shape(x, at: node)
        guard input.count == 3 || input.count == 4 else {
            throw ONNXNodeError(node, "pooling an input of rank \(input.count) is not supported; 1-D and 2-D pooling are")
        }
        let (n, c, h, w) = (input[0], input[1], input[2], input.count == 4 ? input[3] : 1)
        if node.opType.hasPrefix("Global") {
            try append(node, &state, x: x, n: n, c: c, window: (h, w), stride: (1, 1), output: (1, 1), rank: input.count)
            return
        }
        guard let kernel = node.ints("kernel_shape"), kernel.count == input.count - 2,
              kernel.allSatisfy({ (1...sizeLimit).contains($0) }) else {
            throw ONNXNodeError(node, "kernel_shape must list \(input.count - 2) positive sizes")
        }
        let strides = node.ints("strides") ?? [Int](repeating: 1, count: kernel.count)
        let dilations = node.ints("dilations") ?? [Int](repeating: 1, count: kernel.count)
        guard strides.count == kernel.count, strides.allSatisfy({ (1...sizeLimit).contains($0) }),
              dilations.allSatisfy({ (1...sizeLimit).contains($0) }) else {
            throw ONNXNodeError(node, "strides \(strides) must list \(kernel.count) positive values")
        }
        let extents = zip(kernel, dilations).map { ($0 - 1) * $1 + 1 }
        let pads = try ConvolutionImporter.padding(node, spatial: kernel.count, input: [h, w], extent: extents + [1],
                                                   strides: strides + [1], transposed: false)
        let ceil = node.int("ceil_mode") == 1
        func out(_ size: Int, _ padded: Int, _ extent: Int, _ stride: Int) -> Int {
            let span = size + padded - extent
            return (ceil ? (span + stride - 1) / stride : span / stride) + 1
        }
        let p = out(h, pads.top + pads.bottom, extents[0], strides[0])
        let q = kernel.count == 2 ? out(w, pads.left + pads.right, extents[1], strides[1]) : 1
        guard p >= 1, q >= 1 else {
            throw ONNXNodeError(node, "the \(h)x\(w) input is smaller than the \(kernel) window")
        }
        try append(node, &state, x: x, n: n, c: c, window: (kernel[0], kernel.count == 2 ? kernel[1] : 1),
               stride: (strides[0], kernel.count == 2 ? strides[1] : 1), output: (p, q), rank: input.count)
    }

    /// ReduceMean / ReduceMax over the last two axes of an image, kept or not: a global pool.
    /// Other reductions (a layer norm's mean over channels) are folded: nil.
    static func lowerReduction(_ node: ONNXNode, _ state: inout Lowering, axes: [Int]) throws(ONNXNodeError) -> Bool {
        let x = try state.input(node, 0)
        let input = try state.shape(x, at: node)
        guard input.count == 4, Set(axes.compactMap { normalizedAxis($0, rank: 4) }) == [2, 3], state.isActivation(x) else {
            return false
        }
        let keep = (node.int("keepdims") ?? 1) == 1
        try append(node, &state, x: x, n: input[0], c: input[1], window: (input[2], input[3]), stride: (1, 1), output: (1, 1),
               rank: keep ? 4 : 2)
        return true
    }

    private static func append(_ node: ONNXNode, _ state: inout Lowering, x: String, n: Int, c: Int, window: (Int, Int),
                               stride: (Int, Int), output: (Int, Int), rank: Int) throws(ONNXNodeError) {
        let bits = state.activationBits[x] ?? state.options.activationBits
        let layer = Layer(name: node.name, op: .pool,
                          bounds: DimensionVector(g: c, n: n, p: output.0, q: output.1, r: window.0, s: window.1),
                          strideH: stride.0, strideW: stride.1, weightBits: bits, activationBits: bits)
        let shape = rank == 4 ? [n, c, output.0, output.1] : rank == 3 ? [n, c, output.0] : [n, c]
        let out = try state.output(node, 0)
        state.appendLayer(layer, from: node, reading: [x], output: out, outputShape: shape)
        if let bits = state.activationBits[x] { state.activationBits[out] = bits }
    }
}
