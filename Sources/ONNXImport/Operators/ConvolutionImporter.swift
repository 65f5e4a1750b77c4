import CodesignCore

/// Conv, ConvTranspose and the quantised convolutions (QLinearConv, ConvInteger) as one
/// `Layer`: groups become depthwise (one group per channel) or grouped layers, 1×1 ones
/// pointwise, exactly as the zoo lays them out. Pads, strides, dilations and `auto_pad`
/// give the output size; a Pad node before the convolution has already grown its input.
enum ConvolutionImporter {
    static let ops: Set<String> = ["Conv", "ConvTranspose", "QLinearConv", "ConvInteger"]

    static func lower(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let weightPosition = node.opType == "QLinearConv" ? 3 : 1
        let x = try state.input(node, 0), w = try state.input(node, weightPosition)
        let input = try state.shape(x, at: node)
        guard input.count == 3 || input.count == 4 else {
            throw ONNXNodeError(node, "a \(input.count - 2)-D convolution (input of rank \(input.count)) is not supported; "
                                + "1-D and 2-D convolutions are")
        }
        guard let weight = state.weights[w]?.dims ?? (state.isActivation(w) ? nil : state.shapes[w]) else {
            throw ONNXNodeError(node, "the weight '\(w)' is computed at run time; a convolution's weights must be an initializer")
        }
        guard weight.count == input.count else {
            throw ONNXNodeError(node, "the weight '\(w)' has rank \(weight.count) (dims \(weight)); a convolution of a "
                                + "rank-\(input.count) input needs a rank-\(input.count) weight")
        }
        if let kernel = node.ints("kernel_shape"), kernel != Array(weight.dropFirst(2)) {
            throw ONNXNodeError(node, "kernel_shape \(kernel) differs from the weight '\(w)''s window \(Array(weight.dropFirst(2)))")
        }
        // 1-D convolutions are 2-D ones with a width of 1.
        let (n, c, h, wIn) = (input[0], input[1], input[2], input.count == 4 ? input[3] : 1)
        let (r, s) = (weight[2], weight.count == 4 ? weight[3] : 1)
        let group = node.int("group") ?? 1
        let transposed = node.opType == "ConvTranspose"
        guard group >= 1, group <= 1 << 20, state.options.width != 1 || c % group == 0 else {
            throw ONNXNodeError(node, "group \(group) does not divide the \(c) input channels")
        }
        // Weight layout: [K, C/g, R, S]; ConvTranspose: [C, K/g, R, S].
        let fileInputChannels = transposed ? weight[0] : weight[1] * group
        let fileOutputChannels = transposed ? weight[1] * group : weight[0]
        let widthScaled = state.options.width != 1
        if !widthScaled, fileInputChannels != c {
            throw ONNXNodeError(node, "the weight '\(w)' (dims \(weight)) reads \(fileInputChannels) input channels, "
                                + "but the input '\(x)' has \(c)")
        }
        // Under a width variant the input channels are the (scaled) producer's; a depthwise
        // convolution keeps one group per channel, a grouped one its groups.
        let depthwise = group > 1 && group == fileInputChannels
        let groups = depthwise ? c : group
        guard c % groups == 0 else {
            throw ONNXNodeError(node, "width \(state.options.width) leaves \(c) channels, which the \(groups) groups do not divide")
        }
        let multiplier = depthwise ? fileOutputChannels / fileInputChannels : 1
        let k = depthwise ? c * multiplier : state.scaledChannels(fileOutputChannels, at: node, multiple: groups)

        let strides = node.ints("strides") ?? [1, 1]
        let dilations = node.ints("dilations") ?? [1, 1]
        let (sh, sw) = (strides.first ?? 1, strides.count > 1 ? strides[1] : 1)
        let (dh, dw) = (dilations.first ?? 1, dilations.count > 1 ? dilations[1] : 1)
        guard [sh, sw, dh, dw].allSatisfy({ (1...sizeLimit).contains($0) }), r <= sizeLimit, s <= sizeLimit else {
            throw ONNXNodeError(node, "strides \(strides), dilations \(dilations) and the kernel must be positive and at most 2^30")
        }
        let extentH = (r - 1) * dh + 1, extentW = (s - 1) * dw + 1
        let spatial = input.count - 2
        let pads = try padding(node, spatial: spatial, input: [h, wIn], extent: [extentH, extentW], strides: [sh, sw],
                               transposed: transposed)
        let p: Int, q: Int
        if transposed {
            let outputPadding = node.ints("output_padding") ?? [0, 0]
            guard outputPadding.allSatisfy({ (0...sizeLimit).contains($0) }) else {
                throw ONNXNodeError(node, "output_padding \(outputPadding) must be non-negative and at most 2^30")
            }
            if let shape = node.ints("output_shape"), shape.count == spatial, shape.allSatisfy({ (1...sizeLimit).contains($0) }) {
                (p, q) = (shape[0], spatial == 2 ? shape[1] : 1)
            } else {
                p = sh * (h - 1) + (outputPadding.first ?? 0) + extentH - pads.top - pads.bottom
                q = spatial == 2 ? sw * (wIn - 1) + (outputPadding.count > 1 ? outputPadding[1] : 0) + extentW - pads.left - pads.right : 1
            }
        } else {
            p = (h + pads.top + pads.bottom - extentH) / sh + 1
            q = spatial == 2 ? (wIn + pads.left + pads.right - extentW) / sw + 1 : 1
        }
        guard p >= 1, q >= 1, h + pads.top + pads.bottom >= extentH || transposed else {
            throw ONNXNodeError(node, "the \(h)x\(wIn) input (padded by \(pads.top + pads.bottom)x\(pads.left + pads.right)) "
                                + "is smaller than the \(extentH)x\(extentW) kernel window")
        }
        let bits = state.bits(input: x, weight: w)
        let op: LayerOp = depthwise && multiplier == 1 ? .depthwise : groups > 1 ? .grouped : (r == 1 && s == 1 ? .pointwise : .conv)
        let bounds: DimensionVector
        if transposed {
            // Each input pixel scatters a K×R×S window: the loop nest over the input is
            // MAC-exact (the zero-inserted direct form would count s² times too many).
            bounds = DimensionVector(g: groups, n: n, k: k / groups, c: c / groups, p: h, q: wIn, r: r, s: s)
        } else {
            bounds = op == .depthwise ? DimensionVector(g: c, n: n, k: 1, c: 1, p: p, q: q, r: r, s: s)
                : DimensionVector(g: groups, n: n, k: k / groups, c: c / groups, p: p, q: q, r: r, s: s)
        }
        let layer = Layer(name: node.name, op: op, bounds: bounds,
                          strideH: transposed ? 1 : sh, strideW: transposed ? 1 : sw,
                          dilationH: dh, dilationW: dw, weightBits: bits.weights, activationBits: bits.activations)
        let outputShape = input.count == 4 ? [n, k, p, q] : [n, k, p]
        state.appendLayer(layer, from: node, reading: [x], output: try state.output(node, 0), outputShape: outputShape)
    }

    /// Explicit `pads` ([top, left, bottom, right]) or `auto_pad` (SAME_UPPER, SAME_LOWER,
    /// VALID), as ONNX defines them.
    static func padding(_ node: ONNXNode, spatial: Int, input: [Int], extent: [Int], strides: [Int],
                        transposed: Bool) throws(ONNXNodeError) -> (top: Int, left: Int, bottom: Int, right: Int) {
        let mode = node.string("auto_pad") ?? "NOTSET"
        switch mode {
        case "NOTSET", "":
            let pads = node.ints("pads") ?? [Int](repeating: 0, count: 2 * spatial)
            guard pads.count == 2 * spatial, pads.allSatisfy({ (0...sizeLimit).contains($0) }) else {
                throw ONNXNodeError(node, "pads \(pads) must list \(2 * spatial) non-negative values")
            }
            return spatial == 2 ? (pads[0], pads[1], pads[2], pads[3]) : (pads[0], 0, pads[1], 0)
        case "VALID":
            return (0, 0, 0, 0)
        case "SAME_UPPER", "SAME_LOWER":
            var totals: [Int] = []
            for i in 0..<spatial {
                let out = transposed ? input[i] * strides[i] : (input[i] + strides[i] - 1) / strides[i]
                let total = transposed ? max(0, strides[i] * (input[i] - 1) + extent[i] - out)
                    : max(0, (out - 1) * strides[i] + extent[i] - input[i])
                totals.append(total)
            }
            func split(_ total: Int) -> (Int, Int) {
                mode == "SAME_UPPER" ? (total / 2, total - total / 2) : (total - total / 2, total / 2)
            }
            let (t, b) = split(totals[0])
            let (l, rr) = spatial == 2 ? split(totals[1]) : (0, 0)
            return (t, l, b, rr)
        default:
            throw ONNXNodeError(node, "auto_pad '\(mode)' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID")
        }
    }
}
