import CodesignCore
import Foundation
import Yams

/// An explicit layer as written, before any check beyond YAML types.
struct RawLayer {
    var index: Int
    var location: SourceLocation
    var name: Located<String>?
    var op: Located<String>?
    /// Integer keys as written (N, K, C, G, P, Q, R, S, M, heads, batch).
    var numbers: [String: Located<NumberLiteral>] = [:]
    /// `stride` / `dilation`: one value for both axes or `[vertical, horizontal]`.
    var stride: [Located<NumberLiteral>]?
    var dilation: [Located<NumberLiteral>]?
    var inputs: [Located<String>]?
    var inputsLocation: SourceLocation?
    /// Every key present, with its location, for per-op key checks.
    var keys: [(String, SourceLocation)] = []

    /// "layer 'conv1'", or "layer #3" when the name is missing.
    var label: String { name.map { "layer '\($0.value)'" } ?? "layer #\(index + 1)" }
}

/// The explicit `layers:` list of a workload: decoding, validation and construction of
/// `Layer` values (loop nests) from the op-specific keys of INTERFACE.md.
enum LayerListDecoder {
    static let numberKeys = ["N", "K", "C", "G", "P", "Q", "R", "S", "M", "heads", "batch"]
    static let allKeys = ["name", "op"] + numberKeys + ["stride", "dilation", "inputs"]

    /// Keys each op takes besides name, op and inputs; and those it requires.
    static func keys(of op: LayerOp) -> (allowed: [String], required: [String]) {
        switch op {
        case .conv: (["N", "K", "C", "G", "P", "Q", "R", "S", "stride", "dilation"], ["K", "C", "P", "Q", "R", "S"])
        case .grouped: (["N", "K", "C", "G", "P", "Q", "R", "S", "stride", "dilation"], ["K", "C", "G", "P", "Q", "R", "S"])
        case .pointwise: (["N", "K", "C", "G", "P", "Q", "stride"], ["K", "C", "P", "Q"])
        case .depthwise: (["N", "K", "C", "P", "Q", "R", "S", "stride", "dilation"], ["C", "P", "Q", "R", "S"])
        case .fc: (["N", "K", "C"], ["K", "C"])
        case .matmul: (["M", "N", "K", "heads", "batch"], ["M", "N", "K"])
        case .pool: (["N", "C", "P", "Q", "R", "S", "stride", "dilation"], ["C", "P", "Q", "R", "S"])
        case .add: (["N", "C", "P", "Q"], ["C", "P", "Q"])
        }
    }

    // MARK: Phase 1: decode

    static func decode(_ node: Node, reader: NodeReader) -> [RawLayer]? {
        guard let items = reader.list(node, "layers") else { return nil }
        var layers: [RawLayer] = []
        for (index, item) in items.enumerated() {
            var layer = RawLayer(index: index, location: reader.location(of: item))
            // A malformed item stays in the list (without name or op) so that indices, the
            // "empty list" check and the all-or-nothing build see every item.
            guard var map = reader.mapping(item, "layer #\(index + 1)") else {
                layers.append(layer)
                continue
            }
            layer.keys = map.entries.map { ($0.key, $0.keyLocation) }
            if let n = map.required("name") { layer.name = reader.string(n, "name") }
            map.context = layer.label
            if let n = map.required("op") { layer.op = reader.string(n, "op") }
            for key in numberKeys {
                if let n = map.optional(key), let value = reader.number(n, key, expected: "a positive integer") {
                    layer.numbers[key] = value
                }
            }
            if let n = map.optional("stride") { layer.stride = decodePair(n, "stride", reader: reader) }
            if let n = map.optional("dilation") { layer.dilation = decodePair(n, "dilation", reader: reader) }
            if let n = map.optional("inputs") {
                layer.inputsLocation = reader.location(of: n)
                layer.inputs = reader.listOrScalar(n).compactMap { reader.string($0, "inputs") }
            }
            map.reportUnknownKeys()
            layers.append(layer)
        }
        return layers
    }

    private static func decodePair(_ node: Node, _ key: String, reader: NodeReader) -> [Located<NumberLiteral>]? {
        if case .sequence(let items) = node {
            guard items.count == 2 else {
                reader.log.error("'\(key)' must be an integer or a list of two integers [vertical, horizontal], found a list of \(items.count)",
                                 at: reader.location(of: node))
                return nil
            }
            let values = items.compactMap { reader.number($0, key, expected: "a positive integer") }
            return values.count == 2 ? values : nil
        }
        return reader.number(node, key, expected: "a positive integer or a list [vertical, horizontal]").map { [$0] }
    }

    // MARK: Phase 2 and 3: validate, then build

    /// Checks every layer and the graph; returns the layers only when all of them are valid.
    static func validateAndBuild(_ raw: [RawLayer], listLocation: SourceLocation, precision: PrecisionSpec,
                                 log: DiagnosticLog) -> [Layer]? {
        if raw.isEmpty {
            log.error("'layers' must list at least one layer, found an empty list", at: listLocation)
            return nil
        }
        let errorsBefore = log.diagnostics.count
        var inputNames = raw.map { $0.inputs?.map(\.value) ?? [] }
        var built: [Layer?] = []
        for layer in raw {
            built.append(validate(layer, precision: precision, log: log))
            if let op = layer.op.flatMap({ LayerOp(rawValue: $0.value) }), op == .add {
                if let inputs = layer.inputs {
                    if inputs.count != 2 {
                        log.error("'add' \(layer.label) must name exactly two producers in 'inputs', found \(inputs.count)",
                                  at: layer.inputsLocation ?? layer.location)
                    }
                } else if layer.index >= 2, let a = raw[layer.index - 2].name, let b = raw[layer.index - 1].name {
                    // Default: the sum of the two layers before it.
                    inputNames[layer.index] = [a.value, b.value]
                } else if layer.index < 2 {
                    log.error("'add' \(layer.label) needs two producers but only \(layer.index) earlier layer\(layer.index == 1 ? "" : "s") exist\(layer.index == 1 ? "s" : ""); name them with 'inputs: [a, b]'",
                              at: layer.location)
                }
            }
        }
        checkGraph(raw, inputNames: inputNames, log: log)
        // Build only when every layer is valid; decode-phase errors leave layers unbuilt.
        guard log.diagnostics.count == errorsBefore, built.allSatisfy({ $0 != nil }) else { return nil }
        let layers = zip(built, inputNames).map { layer, inputs in
            var layer = layer!
            layer.inputNames = inputs
            return layer
        }
        // Each layer is within its own limit (checkSize); the sum may still not be, and the
        // layers' shapes must agree with their producers'.
        var shapesAgree = true
        for problem in Network.check(layers: layers) {
            switch problem.error {
            case .networkTooLarge:
                log.error("\(problem.error.description)", at: listLocation)
                return nil
            case .shapeMismatch(_, let mismatch):
                let layer = raw[problem.index]
                let notes: [Diagnostic] = layer.inputs == nil && problem.index > 0
                    ? [.note("without 'inputs:' a layer reads the layer before it; name the layers it reads with 'inputs:'",
                             at: layer.location)]
                    : []
                log.error("\(layer.label) \(mismatch)", at: layer.location, notes: notes)
                shapesAgree = false
            default:
                break
            }
        }
        return shapesAgree ? layers : nil
    }

    private static func validate(_ layer: RawLayer, precision: PrecisionSpec, log: DiagnosticLog) -> Layer? {
        let name = layer.name?.value
        if let n = layer.name, n.value.trimmingCharacters(in: .whitespaces).isEmpty {
            log.error("'name' must not be empty", at: n.location)
        }
        let op = log.choice(layer.op, "op", LayerOp.allCases.map { ($0.rawValue, $0) })
        var values: [String: Int] = [:]
        for key in numberKeys {
            if let v = log.integer(layer.numbers[key], key, .dimension) { values[key] = v }
        }
        let stride = layer.stride?.compactMap { log.integer($0, "stride", .dimension) }
        let dilation = layer.dilation?.compactMap { log.integer($0, "dilation", .dimension) }
        guard let op else { return nil }

        let (allowed, required) = keys(of: op)
        var complete = true
        for (key, location) in layer.keys where !(["name", "op", "inputs"] + allowed).contains(key)
            && allKeys.contains(key) {
            complete = false
            log.error("key '\(key)' does not apply to op '\(op.rawValue)' (\(layer.label)); it takes \(Suggestions.list(allowed))",
                      at: location)
        }
        for key in required where layer.numbers[key] == nil && !layer.keys.contains(where: { $0.0 == key }) {
            complete = false
            log.error("missing required key '\(key)' in \(layer.label) (op \(op.rawValue))", at: layer.location)
        }
        // Channel divisibility, checked whenever both numbers are valid.
        var divisible = true
        switch op {
        case .conv, .grouped, .pointwise:
            if let groups = values["G"] {
                for key in ["K", "C"] {
                    if let value = values[key], let literal = layer.numbers[key], value % groups != 0 {
                        divisible = false
                        log.error("'\(key)' (\(value)) must be divisible by the group count G (\(groups)) in \(layer.label)",
                                  at: literal.location)
                    }
                }
            }
        case .depthwise:
            if let outputs = values["K"], let channels = values["C"], let literal = layer.numbers["K"],
               outputs % channels != 0 {
                divisible = false
                log.error("'K' (\(outputs)) of depthwise \(layer.label) must be a multiple of its channels C (\(channels))",
                          at: literal.location)
            }
        case .fc, .matmul, .pool, .add:
            break
        }

        // Build only from values that decoded and passed their checks (a key of the wrong
        // type is absent from `numbers` but present in `keys`).
        let decoded = layer.keys.allSatisfy { key, _ in !numberKeys.contains(key) || values[key] != nil }
        guard let name, complete, decoded, divisible,
              stride?.count ?? 0 == layer.stride?.count ?? 0,
              dilation?.count ?? 0 == layer.dilation?.count ?? 0 else { return nil }

        func v(_ key: String, _ fallback: Int = 1) -> Int { values[key] ?? fallback }
        let bounds: DimensionVector
        var weightsAreActivations = false
        switch op {
        case .conv, .grouped, .pointwise:
            let groups = v("G")
            bounds = DimensionVector(g: groups, n: v("N"), k: v("K") / groups, c: v("C") / groups,
                                     p: v("P"), q: v("Q"), r: v("R"), s: v("S"))
        case .depthwise:
            let channels = v("C")
            bounds = DimensionVector(g: channels, n: v("N"), k: v("K", channels) / channels, c: 1,
                                     p: v("P"), q: v("Q"), r: v("R"), s: v("S"))
        case .fc:
            bounds = DimensionVector(n: v("N"), k: v("K"), c: v("C"))
        case .matmul:
            // (M×K)·(K×N) per head: output rows M on P, output columns N on K, reduction K on C.
            bounds = DimensionVector(g: v("heads"), n: v("batch"), k: v("N"), c: v("K"), p: v("M"))
            weightsAreActivations = true
        case .pool:
            bounds = DimensionVector(g: v("C"), n: v("N"), p: v("P"), q: v("Q"), r: v("R"), s: v("S"))
        case .add:
            bounds = DimensionVector(g: v("C"), n: v("N"), p: v("P"), q: v("Q"))
        }
        let result = Layer(name: name, op: op, bounds: bounds,
                           strideH: stride?.first ?? 1, strideW: stride?.last ?? 1,
                           dilationH: dilation?.first ?? 1, dilationW: dilation?.last ?? 1,
                           weightBits: precision.weights, activationBits: precision.activations,
                           weightsAreActivations: weightsAreActivations)
        guard checkSize(result, label: layer.label, location: layer.location, log: log) else { return nil }
        return result
    }

    /// Every count later code multiplies (operations, tensor sizes) must stay far inside
    /// 64-bit arithmetic, whatever the mapper's tiling does with them.
    private static func checkSize(_ layer: Layer, label: String, location: SourceLocation, log: DiagnosticLog) -> Bool {
        let b = layer.bounds
        let operations = checkedProduct([b.g, b.n, b.k, b.c, b.p, b.q, b.r, b.s])
        guard let operations, operations <= Limits.layerOperations else {
            log.error("\(label) is too large: the product of its loop bounds (G·N·K·C·P·Q·R·S) must be at most \(Limits.layerOperations) (\(Limits.layerOperationsLabel)), found \(operations.map(String.init) ?? "more than 2^63")",
                      at: location)
            return false
        }
        let height = checkedProduct([b.p - 1, layer.strideH]).flatMap { a in
            checkedProduct([b.r - 1, layer.dilationH]).map { a + $0 + 1 } }
        let width = checkedProduct([b.q - 1, layer.strideW]).flatMap { a in
            checkedProduct([b.s - 1, layer.dilationW]).map { a + $0 + 1 } }
        let inputs = height.flatMap { h in width.flatMap { w in checkedProduct([b.g, b.n, b.c, h, w, 2]) } }
        guard let inputs, inputs <= Limits.layerOperations else {
            log.error("\(label) is too large: its input tensor (from P, Q, R, S, stride and dilation) must have at most \(Limits.layerOperations) (\(Limits.layerOperationsLabel)) elements",
                      at: location)
            return false
        }
        return true
    }

    /// Names, producers and cycles, by `Network.check`, each problem at the layer or
    /// `inputs` entry that causes it.
    private static func checkGraph(_ raw: [RawLayer], inputNames: [[String]], log: DiagnosticLog) {
        // Only layers with a name take part; `positions` maps back to the raw list.
        let positions = raw.indices.filter { raw[$0].name != nil }
        guard !positions.isEmpty else { return }
        let skeletons = positions.map {
            Layer(name: raw[$0].name!.value, op: .conv, bounds: .ones, inputNames: inputNames[$0])
        }
        func nameLocation(_ name: String) -> SourceLocation? {
            raw.first { $0.name?.value == name }?.name?.location
        }
        func inputLocation(_ layer: RawLayer, naming producer: String) -> SourceLocation {
            layer.inputs?.first { $0.value == producer }?.location ?? layer.inputsLocation ?? layer.location
        }
        let names = skeletons.map(\.name)
        for (index, error) in Network.check(layers: skeletons) {
            let layer = raw[positions[index]]
            switch error {
            case .empty, .layerTooLarge, .networkTooLarge, .shapeMismatch:
                break   // skeletons have unit bounds; sizes and shapes are checked on the real layers
            case .duplicateName(let name, let first, _):
                log.error("layer name '\(name)' is used twice; layer names must be unique",
                          at: layer.name!.location,
                          notes: [.note("'\(name)' is first used here", at: raw[positions[first]].name!.location)])
            case .unknownProducer(_, let producer):
                let close = Suggestions.closest(to: producer, among: names.filter { $0 != layer.name?.value })
                var notes: [Diagnostic] = []
                if let best = close.first, let location = nameLocation(best) {
                    notes.append(.note("did you mean \(Suggestions.list(close.map { "'\($0)'" }))?", at: location))
                }
                log.error("unknown producer '\(producer)' in 'inputs' of \(layer.label); no layer has that name",
                          at: inputLocation(layer, naming: producer), notes: notes)
            case .cycle(let cycle):
                // cycle = [v, u1, …, v]: u1 reads v, each next one reads the one before, and
                // v reads the second-to-last; point at that last edge, note the others.
                let closing = cycle[cycle.count - 2]
                var notes: [Diagnostic] = []
                for i in 1..<(cycle.count - 1) {
                    if let reader = raw.first(where: { $0.name?.value == cycle[i] }) {
                        notes.append(.note("'\(cycle[i])' reads from '\(cycle[i - 1])' here",
                                           at: inputLocation(reader, naming: cycle[i - 1])))
                    }
                }
                let path = cycle.joined(separator: " -> ")
                log.error("the layer graph has a cycle: \(path) (each layer feeds the next through 'inputs')",
                          at: inputLocation(layer, naming: closing), notes: notes)
            case .producerAfterConsumer(_, let producer):
                var notes: [Diagnostic] = []
                if let location = nameLocation(producer) {
                    notes.append(.note("'\(producer)' is defined here", at: location))
                }
                log.error("\(layer.label) reads from '\(producer)', which comes later; layers are listed in execution order",
                          at: inputLocation(layer, naming: producer), notes: notes)
            }
        }
    }
}
