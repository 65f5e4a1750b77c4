/// A network as layers in execution order, with explicit producer edges for residuals and
/// concatenations. Built only through `Network.init(name:layers:)`, which checks the graph.
public struct Network: Sendable, Hashable, Codable {
    public var name: String
    public private(set) var layers: [Layer]
    /// For each layer, indices of the layers producing its inputs (empty for the first
    /// layer, which reads the network input).
    public private(set) var producers: [[Int]]

    public enum GraphError: Error, Sendable, Hashable, CustomStringConvertible {
        case empty
        case duplicateName(String, firstIndex: Int, secondIndex: Int)
        case unknownProducer(layer: String, producer: String)
        case cycle([String])
        case producerAfterConsumer(layer: String, producer: String)
        /// A layer whose loop bounds multiply past `Network.maxLayerOperations`.
        case layerTooLarge(layer: String)
        /// Layers whose operations add up past `Network.maxOperations`.
        case networkTooLarge(layers: Int)
        /// A layer reads a tensor its producers do not write (`ShapeMismatch` says how).
        case shapeMismatch(layer: String, ShapeMismatch)

        public var description: String {
            switch self {
            case .empty: "the network has no layers"
            case .duplicateName(let name, _, _): "layer name '\(name)' is used twice"
            case .unknownProducer(let layer, let producer): "layer '\(layer)' reads from unknown layer '\(producer)'"
            case .cycle(let names): "the layer graph has a cycle: \(names.joined(separator: " -> "))"
            case .producerAfterConsumer(let layer, let producer):
                "layer '\(layer)' reads from '\(producer)', which runs later; layers are listed in execution order"
            case .layerTooLarge(let layer):
                "layer '\(layer)' is too large: the product of its loop bounds (G·N·K·C·P·Q·R·S, the batch included) must be at most \(Network.maxLayerOperationsLabel)"
            case .networkTooLarge(let count):
                "the network is too large: its \(count) layers add up to more than \(Network.maxOperationsLabel) operations"
            case .shapeMismatch(let layer, let mismatch):
                "layer '\(layer)' \(mismatch)"
            }
        }
    }

    /// Images one run of the network processes: the batch N that every PE-array layer
    /// carries (their greatest common divisor; every layer when none runs on the array).
    /// Throughput counts images, so a batch-4 run at 100 ms delivers 40 images/s.
    public var imagesPerInference: Int {
        let arrayLayers = layers.filter(\.op.runsOnPEArray)
        let ns = (arrayLayers.isEmpty ? layers : arrayLayers).map(\.bounds.n)
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        return max(1, ns.reduce(0, gcd))
    }

    /// The network for one image and how many images a run holds: every layer's N divided
    /// by `imagesPerInference`, or the network itself with 1 when some layer (a pooling or
    /// an addition) does not carry the whole batch. Models that take the batch apart from
    /// per-image work (vendor device models) start from it.
    public var perImage: (network: Network, images: Int) {
        let images = imagesPerInference
        guard images > 1, layers.allSatisfy({ $0.bounds.n % images == 0 }) else { return (self, 1) }
        var single = self
        for i in single.layers.indices { single.layers[i].bounds.n /= images }
        return (single, images)
    }

    /// Checks names and edges; reports the first structural problem per layer.
    /// Operations (MACs or vector-unit element operations) one layer may have: 2^50, a
    /// thousand times GPT-3's per-token MACs, keeps every count, byte total and cycle figure
    /// derived from it inside 64-bit integers.
    public static let maxLayerOperations = 1 << 50
    public static let maxLayerOperationsLabel = "2^50"
    /// Operations a whole network may have: 64 layers at the per-layer limit.
    public static let maxOperations = 1 << 56
    public static let maxOperationsLabel = "2^56"

    public static func check(layers: [Layer]) -> [(index: Int, error: GraphError)] {
        var problems: [(Int, GraphError)] = []
        if layers.isEmpty { return [(0, .empty)] }
        // Sizes first: nothing below may multiply bounds that overflow.
        var total = 0
        for (i, layer) in layers.enumerated() {
            guard let operations = layer.bounds.checkedProduct, operations <= maxLayerOperations else {
                problems.append((i, .layerTooLarge(layer: layer.name)))
                continue
            }
            total = min(total + operations, maxOperations + 1)   // never overflows: each term ≤ 2^50
        }
        if problems.isEmpty && total > maxOperations { problems.append((0, .networkTooLarge(layers: layers.count))) }
        if !problems.isEmpty { return problems }
        var indexByName: [String: Int] = [:]
        for (i, layer) in layers.enumerated() {
            if let first = indexByName[layer.name] {
                problems.append((i, .duplicateName(layer.name, firstIndex: first, secondIndex: i)))
            } else {
                indexByName[layer.name] = i
            }
        }
        for (i, layer) in layers.enumerated() {
            for name in layer.inputNames where indexByName[name] == nil {
                problems.append((i, .unknownProducer(layer: layer.name, producer: name)))
            }
        }
        // Cycles first (they are the more fundamental problem), then forward references.
        if let cycle = findCycle(layers: layers, indexByName: indexByName) {
            problems.append((indexByName[cycle[0]] ?? 0, .cycle(cycle)))
        } else {
            for (i, layer) in layers.enumerated() {
                for name in layer.inputNames {
                    if let j = indexByName[name], j >= i {
                        problems.append((i, .producerAfterConsumer(layer: layer.name, producer: name)))
                    }
                }
            }
        }
        if !problems.isEmpty { return problems }
        for (i, producers) in producerIndices(of: layers, indexByName: indexByName).enumerated() {
            let layer = layers[i]
            if let mismatch = ShapeMismatch.find(consumer: layer, producers: producers.map { layers[$0] }) {
                problems.append((i, .shapeMismatch(layer: layer.name, mismatch)))
            }
        }
        return problems
    }

    private static func findCycle(layers: [Layer], indexByName: [String: Int]) -> [String]? {
        // Iterative DFS with colours; explicit edges only (implicit "previous layer" edges
        // always point backwards and cannot close a cycle).
        var colour = [UInt8](repeating: 0, count: layers.count)
        var parent = [Int](repeating: -1, count: layers.count)
        for start in layers.indices where colour[start] == 0 {
            var stack: [(node: Int, next: Int)] = [(start, 0)]
            colour[start] = 1
            while let top = stack.last {
                let edges = layers[top.node].inputNames.compactMap { indexByName[$0] }
                if top.next < edges.count {
                    stack[stack.count - 1].next += 1
                    let v = edges[top.next]
                    if colour[v] == 1 {
                        var path = [layers[v].name]
                        var u = top.node
                        while u != v && u >= 0 { path.append(layers[u].name); u = parent[u] }
                        path.append(layers[v].name)
                        return path
                    } else if colour[v] == 0 {
                        colour[v] = 1
                        parent[v] = top.node
                        stack.append((v, 0))
                    }
                } else {
                    colour[top.node] = 2
                    stack.removeLast()
                }
            }
        }
        return nil
    }

    public init(name: String, layers: [Layer]) throws(GraphError) {
        if let first = Network.check(layers: layers).first { throw first.error }
        self.name = name
        self.layers = layers
        self.producers = Self.producerIndices(of: layers)
    }

    /// For each layer, the indices of the layers it reads: its `inputNames`, else the layer
    /// before it, or none when it reads the network input (the first layer, or one marked
    /// `readsNetworkInput`). The one reading of the workload convention.
    public static func producerIndices(of layers: [Layer], indexByName: [String: Int]? = nil) -> [[Int]] {
        let indexByName = indexByName ?? Dictionary(layers.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        return layers.enumerated().map { i, layer in
            if layer.readsNetworkInput { return [] }
            if layer.inputNames.isEmpty { return i == 0 ? [] : [i - 1] }
            return layer.inputNames.compactMap { indexByName[$0] }
        }
    }

    /// The network run on `batch` inputs at once: every layer's N multiplied, and the sizes
    /// checked again (a large batch can push a layer past `maxLayerOperations`).
    public func batched(_ batch: Int) throws(GraphError) -> Network {
        if batch == 1 { return self }
        let scaled = try layers.map { layer throws(GraphError) -> Layer in
            var layer = layer
            let (n, overflow) = layer.bounds.n.multipliedReportingOverflow(by: batch)
            if overflow || batch < 1 { throw GraphError.layerTooLarge(layer: layer.name) }
            layer.bounds.n = n
            return layer
        }
        return try Network(name: name, layers: scaled)
    }

    public var macs: Int { layers.reduce(0) { $0 + $1.macs } }
    public var weightCount: Int { layers.reduce(0) { $0 + $1.weightCount } }
    /// Weights plus biases: the "parameters" column of published model tables.
    public var parameterCount: Int { layers.reduce(0) { $0 + $1.weightCount + $1.biasCount } }
}
