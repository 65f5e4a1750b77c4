import CodesignCore

/// Ops that move or reshape data without arithmetic the layer model counts: Reshape,
/// Flatten, Transpose, Squeeze, Unsqueeze, Concat, Split, Slice, Gather, Pad (folded into
/// its consumer: the padded input is what the consumer reads), Resize / Upsample, Expand,
/// and the Shape / Constant chains exporters compute shapes with (evaluated here). Each
/// output carries the layers its input came from.
enum ShapeImporter {
    static let ops: Set<String> = ["Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze", "Concat", "Split", "Slice",
                                   "Gather", "Pad", "Resize", "Upsample", "Expand", "Tile", "Shape", "Size", "Constant",
                                   "ConstantOfShape", "Range", "ReduceMean", "ReduceMax", "ReduceSum", "ReduceMin",
                                   "ReduceProd"]

    static func lower(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        switch node.opType {
        case "Constant": try constant(node, &state)
        case "Shape": try shapeOf(node, &state)
        case "Size":
            let x = try state.shape(try state.input(node, 0), at: node)
            try set(node, &state, shape: [], from: [], integers: [x.reduce(1, *)])
        case "ConstantOfShape":
            let dims = try state.constantIntegers(try state.input(node, 0), at: node, what: "the shape")
            guard let count = elementCount(dims) else { throw ONNXNodeError(node, "the shape \(dims) is not a tensor's (negative, or more than 2^50 elements)") }
            let value = node.attributes["value"]?.tensor?.integers?.first ?? 0
            try set(node, &state, shape: dims, from: [], integers: count <= 64 ? Array(repeating: value, count: count) : nil)
        case "Range":
            let start = try scalar(node, &state, 0), limit = try scalar(node, &state, 1), delta = try scalar(node, &state, 2)
            guard delta != 0, [start, limit, delta].allSatisfy({ $0 >= -(1 << 40) && $0 <= 1 << 40 }) else {
                throw ONNXNodeError(node, "a range needs a step other than 0 and bounds within ±2^40")
            }
            let count = max(0, (limit - start + delta - (delta > 0 ? 1 : -1)) / delta)
            try set(node, &state, shape: [count], from: [], integers: count <= 64 ? (0..<count).map { start + $0 * delta } : nil)
        case "Reshape": try reshape(node, &state)
        case "Flatten":
            let x = try state.input(node, 0), shape = try state.shape(x, at: node)
            guard let axis = normalizedAxis(node.int("axis") ?? 1, rank: shape.count + 1) else {
                throw ONNXNodeError(node, "axis \(node.int("axis") ?? 1) is outside the rank-\(shape.count) input")
            }
            try set(node, &state, shape: [shape[..<axis].reduce(1, *), shape[axis...].reduce(1, *)], from: [x])
        case "Transpose":
            let x = try state.input(node, 0), shape = try state.shape(x, at: node)
            let perm = node.ints("perm") ?? Array((0..<shape.count).reversed())
            guard perm.count == shape.count, Set(perm) == Set(0..<shape.count) else {
                throw ONNXNodeError(node, "perm \(perm) is not a permutation of the \(shape.count) axes")
            }
            try set(node, &state, shape: perm.map { shape[$0] }, from: [x])
        case "Squeeze", "Unsqueeze": try squeeze(node, &state)
        case "Concat": try concat(node, &state)
        case "Split": try split(node, &state)
        case "Slice": try slice(node, &state)
        case "Gather": try gather(node, &state)
        case "Pad": try pad(node, &state)
        case "Resize", "Upsample": try resize(node, &state)
        case "Expand":
            let x = try state.input(node, 0), shape = try state.shape(x, at: node)
            let target = try state.constantIntegers(try state.input(node, 1), at: node, what: "the target shape")
            guard let result = broadcastShape([shape, target]) else {
                throw ONNXNodeError(node, "\(shape) cannot be expanded to \(target)")
            }
            try set(node, &state, shape: result, from: [x])
        case "Tile":
            let x = try state.input(node, 0), shape = try state.shape(x, at: node)
            let repeats = try state.constantIntegers(try state.input(node, 1), at: node, what: "the repeats")
            guard repeats.count == shape.count, repeats.allSatisfy({ (0...sizeLimit).contains($0) }) else {
                throw ONNXNodeError(node, "repeats \(repeats) must give one non-negative count per axis of \(shape)")
            }
            try set(node, &state, shape: zip(shape, repeats).map(*), from: [x])
        default:
            try reduce(node, &state)
        }
    }

    /// Records the node's first output: an activation when one of `from` is, else a constant
    /// (with its integer values when known).
    static func set(_ node: ONNXNode, _ state: inout Lowering, shape: [Int], from inputs: [String],
                    integers: [Int]? = nil, output position: Int = 0) throws(ONNXNodeError) {
        guard elementCount(shape) != nil else {
            throw ONNXNodeError(node, "the inferred shape \(shape) is not a tensor's")
        }
        let output = try state.output(node, position)
        let activations = inputs.filter(state.isActivation)
        if activations.isEmpty {
            state.shapes[output] = shape
            if let integers { state.integers[output] = integers }
            // A weight reshaped or transposed is still a weight.
            if let weight = inputs.compactMap({ state.weights[$0] }).first { state.weights[output] = (shape, weight.bits) }
        } else {
            state.setActivation(output, shape: shape, producers: state.carriedProducers(activations),
                                bits: activations.compactMap { state.activationBits[$0] }.first)
        }
    }

    private static func scalar(_ node: ONNXNode, _ state: inout Lowering, _ position: Int) throws(ONNXNodeError) -> Int {
        let values = try state.constantIntegers(try state.input(node, position), at: node, what: "the range bound")
        guard values.count == 1 else { throw ONNXNodeError(node, "a range bound must be one value") }
        return values[0]
    }

    private static func constant(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        if let tensor = node.attributes["value"]?.tensor {
            try set(node, &state, shape: tensor.dims, from: [], integers: tensor.integers)
            if let reals = tensor.reals { state.reals[node.outputs[0]] = reals }
        } else if let value = node.int("value_int") {
            try set(node, &state, shape: [], from: [], integers: [value])
        } else if let values = node.ints("value_ints") {
            try set(node, &state, shape: [values.count], from: [], integers: values)
        } else if let value = node.float("value_float") {
            try set(node, &state, shape: [], from: [])
            state.reals[node.outputs[0]] = [value]
        } else if let values = node.attributes["value_floats"]?.floats {
            try set(node, &state, shape: [values.count], from: [])
            state.reals[node.outputs[0]] = values
        } else {
            throw ONNXNodeError(node, "the constant has no value the importer reads (value, value_int(s), value_float(s))")
        }
    }

    private static func shapeOf(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let shape = try state.shape(try state.input(node, 0), at: node)
        let rank = shape.count
        func clamp(_ i: Int) -> Int { min(max(i < 0 ? i + rank : i, 0), rank) }
        let start = clamp(node.int("start") ?? 0), end = clamp(node.int("end") ?? rank)
        let dims = start < end ? Array(shape[start..<end]) : []
        try set(node, &state, shape: [dims.count], from: [], integers: dims)
    }

    private static func reshape(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0), shape = try state.shape(x, at: node)
        let target = try state.constantIntegers(try state.input(node, 1), at: node, what: "the target shape")
        let allowZero = node.int("allowzero") == 1
        var result = target.enumerated().map { i, d in d == 0 && !allowZero && i < shape.count ? shape[i] : d }
        let total = shape.reduce(1, *)
        if let unknown = result.firstIndex(of: -1) {
            guard result.filter({ $0 == -1 }).count == 1 else { throw ONNXNodeError(node, "the target shape \(target) has two -1") }
            guard let known = elementCount(result.enumerated().filter { $0.offset != unknown }.map(\.element)),
                  known > 0, total % known == 0 else {
                throw ONNXNodeError(node, "\(shape) (\(total) elements) cannot be reshaped to \(target)")
            }
            result[unknown] = total / known
        }
        guard elementCount(result) == total else {
            throw ONNXNodeError(node, "\(shape) (\(total) elements) cannot be reshaped to \(target)"
                                + (state.options.width != 1 || state.options.resolution != nil
                                   ? "; the target is fixed in the file, so this width or resolution does not fit it" : ""))
        }
        try set(node, &state, shape: result, from: [x], integers: state.integers[x])
    }

    private static func squeeze(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0), shape = try state.shape(x, at: node)
        var axes = node.ints("axes")
        if axes == nil, let second = node.input(1) { axes = try state.constantIntegers(second, at: node, what: "the axes") }
        var result = shape
        if node.opType == "Squeeze" {
            let rank = shape.count
            let chosen = try (axes ?? shape.indices.filter { shape[$0] == 1 }).map { axis throws(ONNXNodeError) -> Int in
                guard let a = normalizedAxis(axis, rank: rank), shape[a] == 1 else {
                    throw ONNXNodeError(node, "axis \(axis) of \(shape) is not of size 1")
                }
                return a
            }
            result = shape.enumerated().filter { !chosen.contains($0.offset) }.map(\.element)
        } else {
            guard let axes else { throw ONNXNodeError(node, "Unsqueeze needs axes") }
            let rank = shape.count + axes.count
            let positions = axes.compactMap { normalizedAxis($0, rank: rank) }.sorted()
            guard positions.count == axes.count, Set(positions).count == positions.count else {
                throw ONNXNodeError(node, "axes \(axes) are not distinct axes of the rank-\(rank) output")
            }
            for p in positions { result.insert(1, at: p) }
        }
        try set(node, &state, shape: result, from: [x], integers: state.integers[x])
    }

    private static func concat(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let names = node.inputs.filter { !$0.isEmpty }
        var shapes: [[Int]] = []
        for name in names { shapes.append(try state.shape(name, at: node)) }
        guard let first = shapes.first, let axis = normalizedAxis(node.int("axis") ?? 0, rank: first.count) else {
            throw ONNXNodeError(node, "axis \(node.int("axis") ?? 0) is outside the inputs' rank")
        }
        for shape in shapes where shape.count != first.count || shape.indices.contains(where: { $0 != axis && shape[$0] != first[$0] }) {
            throw ONNXNodeError(node, "the inputs \(shapes.map { "\($0)" }.joined(separator: ", ")) differ outside axis \(axis)")
        }
        var result = first
        result[axis] = shapes.map { $0[axis] }.reduce(0, +)
        let values = names.map { state.integers[$0] }
        let integers = values.allSatisfy({ $0 != nil }) && first.count == 1 ? values.flatMap { $0! } : nil
        try set(node, &state, shape: result, from: names, integers: integers)
    }

    private static func split(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0), shape = try state.shape(x, at: node)
        guard let axis = normalizedAxis(node.int("axis") ?? 0, rank: shape.count) else {
            throw ONNXNodeError(node, "axis \(node.int("axis") ?? 0) is outside the rank-\(shape.count) input")
        }
        var sizes = node.ints("split")
        if sizes == nil, let second = node.input(1) { sizes = try state.constantIntegers(second, at: node, what: "the split sizes") }
        let count = node.outputs.count
        guard count >= 1 else { throw ONNXNodeError(node, "Split has no outputs") }
        let parts = sizes ?? {
            let chunk = (shape[axis] + count - 1) / count
            return (0..<count).map { min(chunk, max(0, shape[axis] - $0 * chunk)) }
        }()
        guard parts.count == count, parts.allSatisfy({ $0 >= 0 }), parts.reduce(0, +) == shape[axis] else {
            throw ONNXNodeError(node, "the split sizes \(parts) do not divide axis \(axis) of \(shape) into \(count) outputs")
        }
        for (i, size) in parts.enumerated() where !node.outputs[i].isEmpty {
            var result = shape
            result[axis] = size
            try set(node, &state, shape: result, from: [x], output: i)
        }
    }

    private static func slice(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0), shape = try state.shape(x, at: node)
        let starts: [Int], ends: [Int]
        var axes: [Int]?, steps: [Int]?
        if state.graph.opset < 10 {
            guard let s = node.ints("starts"), let e = node.ints("ends") else { throw ONNXNodeError(node, "Slice needs starts and ends") }
            (starts, ends, axes) = (s, e, node.ints("axes"))
        } else {
            starts = try state.constantIntegers(try state.input(node, 1), at: node, what: "the slice starts")
            ends = try state.constantIntegers(try state.input(node, 2), at: node, what: "the slice ends")
            if let a = node.input(3) { axes = try state.constantIntegers(a, at: node, what: "the slice axes") }
            if let s = node.input(4) { steps = try state.constantIntegers(s, at: node, what: "the slice steps") }
        }
        let chosen = axes ?? Array(0..<starts.count)
        guard starts.count == ends.count, chosen.count == starts.count, (steps?.count ?? starts.count) == starts.count else {
            throw ONNXNodeError(node, "starts, ends, axes and steps have different lengths")
        }
        var result = shape
        var ranges: [Int: (Int, Int, Int)] = [:]
        for (i, axis) in chosen.enumerated() {
            guard let a = normalizedAxis(axis, rank: shape.count) else { throw ONNXNodeError(node, "axis \(axis) is outside \(shape)") }
            let step = steps?[i] ?? 1
            guard step != 0 else { throw ONNXNodeError(node, "a slice step of 0") }
            let dim = shape[a]
            func clamp(_ v: Int, low: Int, high: Int) -> Int {
                let bounded = min(max(v, -(1 << 62)), 1 << 62)
                return min(max(bounded < 0 ? bounded + dim : bounded, low), high)
            }
            let (start, end) = step > 0 ? (clamp(starts[i], low: 0, high: dim), clamp(ends[i], low: 0, high: dim))
                : (clamp(starts[i], low: -1, high: dim - 1), clamp(ends[i], low: -1, high: dim - 1))
            result[a] = step > 0 ? max(0, (end - start + step - 1) / step) : max(0, (start - end - step - 1) / -step)
            ranges[a] = (start, end, step)
        }
        var integers: [Int]?
        if let values = state.integers[x], shape.count == 1, let (start, _, step) = ranges[0] {
            integers = (0..<result[0]).map { values[start + $0 * step] }
        }
        try set(node, &state, shape: result, from: [x], integers: integers)
    }

    private static func gather(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0), indicesName = try state.input(node, 1)
        let shape = try state.shape(x, at: node), indicesShape = try state.shape(indicesName, at: node)
        guard let axis = normalizedAxis(node.int("axis") ?? 0, rank: shape.count) else {
            throw ONNXNodeError(node, "axis \(node.int("axis") ?? 0) is outside \(shape)")
        }
        let result = Array(shape[..<axis]) + indicesShape + Array(shape[(axis + 1)...])
        var integers: [Int]?
        if let values = state.integers[x], shape.count == 1, let indices = state.integers[indicesName] {
            integers = try indices.map { i throws(ONNXNodeError) -> Int in
                let index = i < 0 ? i + values.count : i
                guard values.indices.contains(index) else { throw ONNXNodeError(node, "index \(i) is outside \(values.count) values") }
                return values[index]
            }
        }
        // An embedding lookup (a weight table gathered by token ids) is an activation.
        try set(node, &state, shape: result, from: [x, indicesName], integers: integers)
    }

    private static func pad(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0), shape = try state.shape(x, at: node)
        var pads = node.ints("pads")
        if pads == nil, let second = node.input(1) { pads = try state.constantIntegers(second, at: node, what: "the pads") }
        guard let pads else { throw ONNXNodeError(node, "Pad needs pads") }
        var axes = Array(shape.indices)
        if let a = node.input(3) {
            axes = try state.constantIntegers(a, at: node, what: "the pad axes").compactMap { normalizedAxis($0, rank: shape.count) }
        }
        guard pads.count == 2 * axes.count, pads.allSatisfy({ $0 >= -sizeLimit && $0 <= sizeLimit }) else {
            throw ONNXNodeError(node, "pads \(pads) must list a begin and an end for each of \(axes.count) axes")
        }
        var result = shape
        for (i, axis) in axes.enumerated() { result[axis] += pads[i] + pads[i + axes.count] }
        guard result.allSatisfy({ $0 >= 0 }) else { throw ONNXNodeError(node, "pads \(pads) crop \(shape) below nothing") }
        try set(node, &state, shape: result, from: [x])
    }

    private static func resize(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0), shape = try state.shape(x, at: node)
        var result: [Int]?
        if node.opType == "Upsample", let scales = node.attributes["scales"]?.floats {
            guard let sized = scaled(shape, by: scales) else { throw ONNXNodeError(node, "scales \(scales) must be positive and at most 2^20") }
            result = sized
        } else {
            // Resize: sizes (input 4, opset 11+) or scales (input 3, or 2 at opset 10);
            // Upsample at opset 9: scales as input 2.
            let sizesPosition = 3, scalesPosition = node.opType == "Upsample" || state.graph.opset == 10 ? 1 : 2
            // Opset 18: sizes or scales for the listed `axes` only.
            let axes = node.ints("axes")?.compactMap { normalizedAxis($0, rank: shape.count) } ?? Array(shape.indices)
            if node.opType == "Resize", let sizesName = node.input(sizesPosition) {
                let sizes = try state.constantIntegers(sizesName, at: node, what: "the output sizes")
                guard sizes.count == axes.count else { throw ONNXNodeError(node, "\(sizes.count) sizes for \(axes.count) axes") }
                var sized = shape
                for (axis, size) in zip(axes, sizes) { sized[axis] = size }
                result = sized
            } else if let scalesName = node.input(scalesPosition) {
                guard let scales = state.reals[scalesName] else {
                    throw ONNXNodeError(node, "the scales '\(scalesName)' are computed at run time; the importer needs them from the file")
                }
                guard scales.count == axes.count else { throw ONNXNodeError(node, "\(scales.count) scales for \(axes.count) axes") }
                var scaled = shape
                guard let sized = self.scaled(axes.map { shape[$0] }, by: scales) else {
                    throw ONNXNodeError(node, "scales \(scales) must be positive and at most 2^20")
                }
                for (axis, size) in zip(axes, sized) { scaled[axis] = size }
                result = scaled
            }
        }
        guard let result, result.count == shape.count, result.allSatisfy({ $0 >= 1 }) else {
            throw ONNXNodeError(node, "the output size of the resize cannot be inferred (give constant scales or sizes)")
        }
        try set(node, &state, shape: result, from: [x])
    }

    /// Dimensions times their scales, rounded down (ONNX's rule); nil for a scale that is not
    /// a finite number in (0, 2^20].
    private static func scaled(_ dims: [Int], by scales: [Double]) -> [Int]? {
        guard scales.count == dims.count, scales.allSatisfy({ $0.isFinite && $0 > 0 && $0 <= Double(1 << 20) }) else { return nil }
        return zip(dims, scales).map { Int((Double($0) * $1).rounded(.down)) }
    }

    /// ReduceMean / ReduceMax over an image's spatial axes is a global pool; any other
    /// reduction (a layer norm's mean) is folded.
    private static func reduce(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let x = try state.input(node, 0), shape = try state.shape(x, at: node)
        var axes = node.ints("axes")
        if axes == nil, let second = node.input(1) { axes = try state.constantIntegers(second, at: node, what: "the axes") }
        let chosen = (axes ?? Array(shape.indices)).compactMap { normalizedAxis($0, rank: shape.count) }
        if ["ReduceMean", "ReduceMax"].contains(node.opType), try PoolImporter.lowerReduction(node, &state, axes: chosen) { return }
        let keep = (node.int("keepdims") ?? 1) == 1
        let result = shape.enumerated().compactMap { i, d in chosen.contains(i) ? (keep ? 1 : nil) : d }
        try set(node, &state, shape: result, from: [x])
    }
}
