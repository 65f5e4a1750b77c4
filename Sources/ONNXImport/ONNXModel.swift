import CodesignCore

/// An ONNX model read and checked: every operator supported, the graph acyclic with every
/// input produced, its shapes inferred at the file's own input size. `network(_:)` builds the
/// `Network` of a batch, resolution, width and bit-widths, with the layers and graph the zoo
/// would build for the same network (convolutions, fully connected and attention matmuls on
/// the PE array; pools and joining element-wise ops on the vector unit; everything else
/// folded).
public struct ONNXModel: Sendable {
    let graph: ONNXGraph
    /// Nodes in an order where every input is computed before it is read.
    let order: [Int]
    /// Nodes whose output channels the width variant keeps (the classifier's), found by
    /// `load`'s first build.
    private(set) var classifierNodes: Set<Int>

    public var path: String { graph.path }
    /// The image input as the file gives it: channels, and the height when known.
    public let inputChannels: Int?
    public let inputResolution: Int?
    /// Whether the input has spatial dimensions (an image, a sequence) a resolution sizes.
    public var hasSpatialInput: Bool { (graph.inputs.first?.dims?.count ?? 0) >= 3 }

    /// Every op the importers know.
    static let supportedOps: Set<String> = ConvolutionImporter.ops.union(MatMulImporter.ops).union(ElementwiseImporter.ops)
        .union(PoolImporter.ops).union(ShapeImporter.ops).union(PassThroughImporter.ops)

    public static func load(path: String) throws(DiagnosticsError) -> ONNXModel {
        let graph = try ONNXDecoding.load(path: path)
        try checkOperators(graph)
        let order = try topologicalOrder(graph)
        guard let input = graph.inputs.first else {
            throw DiagnosticsError("the graph has no input (every graph input is an initializer)", at: .file(path))
        }
        let dims = input.dims ?? []
        func known(_ i: Int) -> Int? { i < dims.count ? { if case .value(let v) = dims[i] { v } else { nil } }() : nil }
        var model = ONNXModel(graph: graph, order: order, classifierNodes: [],
                              inputChannels: dims.count >= 3 ? known(1) : nil,
                              inputResolution: dims.count >= 3 ? known(2) : nil)
        // One build at the file's size checks every node and finds the classifier.
        model.classifierNodes = classifier(of: try model.lower(ONNXBuildOptions(batch: 1)))
        return model
    }

    /// The network for `options`; every problem located at its node.
    public func network(name: String, _ options: ONNXBuildOptions) throws(DiagnosticsError) -> Network {
        let lowering = try lower(options)
        guard !lowering.layers.isEmpty else {
            throw DiagnosticsError("the model has no layer to cost (no convolution, matmul, pooling or joining element-wise op)",
                                   at: .file(path))
        }
        do {
            return try Network(name: name, layers: lowering.layers)
        } catch {
            throw DiagnosticsError("the imported graph is inconsistent: \(error)", at: .file(path))
        }
    }

    private func lower(_ options: ONNXBuildOptions) throws(DiagnosticsError) -> Lowering {
        var state = Lowering(graph: graph, options: options)
        state.classifierNodes = classifierNodes
        try seedInputs(&state)
        for index in order {
            let node = graph.nodes[index]
            do throws(ONNXNodeError) {
                try Self.dispatch(node, &state)
                // Every shape stays a tensor's (at most 2^50 elements), so later products of
                // its dimensions cannot overflow.
                for output in node.outputs where !output.isEmpty {
                    if let shape = state.shapes[output], elementCount(shape) == nil {
                        throw ONNXNodeError(node, "the output '\(output)' would have the shape \(shape), more than 2^50 elements")
                    }
                }
            } catch {
                throw DiagnosticsError(error.message, at: SourceLocation(path: path, element: node.label))
            }
        }
        for output in graph.outputs where state.shapes[output] == nil {
            throw DiagnosticsError("the graph output '\(output)' is produced by no node", at: .file(path))
        }
        return state
    }

    static func dispatch(_ node: ONNXNode, _ state: inout Lowering) throws(ONNXNodeError) {
        let op = node.opType
        if ConvolutionImporter.ops.contains(op) { try ConvolutionImporter.lower(node, &state) }
        else if MatMulImporter.ops.contains(op) { try MatMulImporter.lower(node, &state) }
        else if ElementwiseImporter.ops.contains(op) { try ElementwiseImporter.lower(node, &state) }
        else if PoolImporter.ops.contains(op) { try PoolImporter.lower(node, &state) }
        else if ShapeImporter.ops.contains(op) { try ShapeImporter.lower(node, &state) }
        else { try PassThroughImporter.lower(node, &state) }
    }

    /// The graph inputs' shapes: the batch dimension set to the workload's batch, an image's
    /// height and width (a sequence's length) to the resolution asked for.
    private func seedInputs(_ state: inout Lowering) throws(DiagnosticsError) {
        for input in graph.inputs {
            guard let dims = input.dims, !dims.isEmpty else {
                throw DiagnosticsError("the graph input '\(input.name)' has no shape; export the model with its input shape",
                                       at: .file(path))
            }
            var shape: [Int] = []
            for (i, dim) in dims.enumerated() {
                switch dim {
                case .value(let v): shape.append(v)
                case .symbol, .unknown:
                    if i == 0 { shape.append(state.options.batch) }
                    else if i >= 2, let resolution = state.options.resolution { shape.append(resolution) }
                    else {
                        throw DiagnosticsError("dimension \(i + 1) of the graph input '\(input.name)' is not fixed in the file"
                                               + (i >= 2 ? "; give the workload's input.resolution" : ""), at: .file(path))
                    }
                }
            }
            guard shape.allSatisfy({ $0 >= 1 && $0 <= 1 << 20 }) || shape.isEmpty, elementCount(shape) != nil else {
                throw DiagnosticsError("the graph input '\(input.name)' has the shape \(shape); each dimension must be 1 to 2^20",
                                       at: .file(path))
            }
            if shape.count >= 3 {
                shape[0] = state.options.batch
                if let resolution = state.options.resolution, resolution != shape[2] {
                    let old = shape[2]
                    shape[2] = resolution
                    // A non-square image keeps its aspect ratio.
                    if shape.count >= 4 { shape[3] = max(1, Int((Double(shape[3]) * Double(resolution) / Double(old)).rounded())) }
                }
            }
            state.setActivation(input.name, shape: shape, producers: [])
            state.activationBits[input.name] = nil
        }
    }

    /// Each unsupported op once, at its first node, with how many nodes use it.
    private static func checkOperators(_ graph: ONNXGraph) throws(DiagnosticsError) {
        var first: [String: (node: ONNXNode, count: Int)] = [:]
        var order: [String] = []
        for node in graph.nodes where !supportedOps.contains(node.opType) || !(node.domain.isEmpty || node.domain == "ai.onnx") {
            let key = node.domain.isEmpty ? node.opType : "\(node.domain).\(node.opType)"
            if let seen = first[key] { first[key] = (seen.node, seen.count + 1) } else { first[key] = (node, 1); order.append(key) }
        }
        guard !order.isEmpty else { return }
        throw DiagnosticsError(order.map { key in
            let (node, count) = first[key]!
            let more = count > 1 ? " (\(count) nodes use it; this is the first)" : ""
            return .error("op '\(key)' is not supported\(more); the importer reads convolutions, matmuls, element-wise, "
                          + "pooling, shape, activation, normalisation and quantisation ops",
                          at: SourceLocation(path: graph.path, element: node.label))
        })
    }

    /// Kahn's order over tensor dependencies, keeping the file's order where it is valid; an
    /// input no node produces, or a cycle, is an error at the node.
    private static func topologicalOrder(_ graph: ONNXGraph) throws(DiagnosticsError) -> [Int] {
        var producerOf: [String: Int] = [:]
        for node in graph.nodes {
            for output in node.outputs where !output.isEmpty {
                if let other = producerOf[output] {
                    throw DiagnosticsError("the tensor '\(output)' is also written by \(graph.nodes[other].label); every tensor has one producer",
                                           at: SourceLocation(path: graph.path, element: node.label))
                }
                producerOf[output] = node.index
            }
        }
        let available = Set(graph.initializers.keys).union(graph.inputs.map(\.name))
        var waiting = [Int](repeating: 0, count: graph.nodes.count)
        var readers: [Int: [Int]] = [:]
        for node in graph.nodes {
            for input in Set(node.inputs) where !input.isEmpty && !available.contains(input) {
                guard let producer = producerOf[input] else {
                    throw DiagnosticsError("the input '\(input)' is produced by no node and is neither an initializer nor a graph input",
                                           at: SourceLocation(path: graph.path, element: node.label))
                }
                waiting[node.index] += 1
                readers[producer, default: []].append(node.index)
            }
        }
        var ready = graph.nodes.indices.filter { waiting[$0] == 0 }
        var order: [Int] = []
        var cursor = 0
        while cursor < ready.count {
            let index = ready[cursor]
            cursor += 1
            order.append(index)
            for reader in readers[index] ?? [] {
                waiting[reader] -= 1
                if waiting[reader] == 0 { ready.append(reader) }
            }
            // Keep file order among the ready nodes (deterministic, and the zoo's order).
            ready[cursor...].sort()
        }
        if order.count < graph.nodes.count, let stuck = graph.nodes.first(where: { waiting[$0.index] > 0 }) {
            throw DiagnosticsError("the node is on a cycle: its inputs depend on its own outputs",
                                   at: SourceLocation(path: graph.path, element: stuck.label))
        }
        return order
    }

    /// The weighted layers whose outputs reach a graph output through nothing but folded
    /// ops and vector-unit layers: the classifier (or a detector's heads), whose output
    /// channels a width variant keeps.
    private static func classifier(of lowering: Lowering) -> Set<Int> {
        let byName = Dictionary(lowering.layers.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let nodeIndex = Dictionary(lowering.graph.nodes.map { ($0.name, $0.index) }, uniquingKeysWith: { a, _ in a })
        let producers = Network.producerIndices(of: lowering.layers, indexByName: byName)
        var kept = Set<Int>()
        var stack = lowering.graph.outputs.flatMap { lowering.producers[$0] ?? [] }
        var seen = Set<String>()
        while let name = stack.popLast() {
            guard seen.insert(name).inserted, let i = byName[name] else { continue }
            let layer = lowering.layers[i]
            if layer.op.runsOnPEArray, !layer.weightsAreActivations {
                if let node = nodeIndex[name] { kept.insert(node) }
            } else {
                stack += producers[i].map { lowering.layers[$0].name }
            }
        }
        return kept
    }
}
