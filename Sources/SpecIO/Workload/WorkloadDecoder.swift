import CodesignCore
import Foundation
import ONNXImport
import Yams

/// A workload file as written: phase one's output, types checked, nothing else.
struct RawWorkload {
    enum Source {
        case zoo(Located<String>)
        case onnx(Located<String>)
        case layers([RawLayer], SourceLocation)

        var location: SourceLocation {
            switch self {
            case .zoo(let name): name.location
            case .onnx(let path): path.location
            case .layers(_, let location): location
            }
        }
    }

    struct Block {
        var location: SourceLocation
        var values: [String: Located<NumberLiteral>] = [:]
    }

    struct VariantList {
        var keyLocation: SourceLocation
        var location: SourceLocation
        var values: [Located<NumberLiteral>]
    }

    var location: SourceLocation
    var name: Located<String>?
    var description: Located<String>?
    var networkLocation: SourceLocation?
    var source: Source?
    var input: Block?
    var precision: Block?
    var production: Block?
    var variantsLocation: SourceLocation?
    var variants: [String: VariantList] = [:]
    var accuracyTable: Located<String>?
    var constraints: [(key: Located<String>, value: Located<String>)] = []
    var objectives: [Located<String>] = []
}

/// Reads, checks and builds a workload file (INTERFACE.md, "Workload file").
enum WorkloadDecoder {
    static let topLevelKeys = ["workload", "description", "network", "input", "precision", "variants",
                               "accuracy", "constraints", "objectives", "production"]
    static let variantKeys = ["width", "resolution", "precision", "pruning"]

    static func load(document: YAMLDocument, log: DiagnosticLog) -> WorkloadSpec? {
        guard let raw = decode(document.root, reader: NodeReader(log: log)) else { return nil }
        return validateAndBuild(raw, document: document, log: log)
    }

    // MARK: Phase 1: decode

    static func decode(_ root: Node, reader: NodeReader) -> RawWorkload? {
        guard var top = reader.mapping(root, "the top level", context: "the workload") else { return nil }
        var raw = RawWorkload(location: top.location)
        if let n = top.required("workload") { raw.name = reader.string(n, "workload") }
        if let n = top.optional("description") { raw.description = reader.string(n, "description") }
        if let n = top.required("network") {
            raw.networkLocation = reader.location(of: n)
            raw.source = decodeNetwork(n, reader: reader)
        }
        if let n = top.optional("input") {
            raw.input = decodeBlock(n, "'input'", keys: ["resolution", "channels", "batch"], reader: reader)
        }
        if let n = top.optional("precision") {
            raw.precision = decodeBlock(n, "'precision'", keys: ["weights", "activations"], reader: reader)
        }
        if let n = top.optional("production") {
            raw.production = decodeBlock(n, "'production'", keys: ["volume"], reader: reader)
        }
        if let n = top.optional("variants") {
            raw.variantsLocation = reader.location(of: n)
            if var map = reader.mapping(n, "'variants'") {
                for key in variantKeys {
                    guard let list = map.optional(key) else { continue }
                    let expected = key == "width" || key == "pruning" ? "a number" : "an integer"
                    raw.variants[key] = RawWorkload.VariantList(
                        keyLocation: map.keyLocation(key)!, location: reader.location(of: list),
                        values: reader.listOrScalar(list).compactMap { reader.number($0, key, expected: expected) })
                }
                map.reportUnknownKeys()
            }
        }
        if let n = top.optional("accuracy"), var map = reader.mapping(n, "'accuracy'") {
            if let table = map.required("table") { raw.accuracyTable = reader.string(table, "table") }
            map.reportUnknownKeys()
        }
        if let n = top.optional("constraints"), let map = reader.mapping(n, "'constraints'") {
            for entry in map.entries {
                if let value = reader.string(entry.value, entry.key) {
                    raw.constraints.append((Located(value: entry.key, location: entry.keyLocation), value))
                }
            }
        }
        if let n = top.optional("objectives") {
            raw.objectives = reader.listOrScalar(n).compactMap { reader.string($0, "objectives") }
        }
        top.reportUnknownKeys()
        return raw
    }

    private static func decodeNetwork(_ node: Node, reader: NodeReader) -> RawWorkload.Source? {
        guard var map = reader.mapping(node, "'network'") else { return nil }
        let given = ["zoo", "onnx", "layers"].filter { map.contains($0) }
        let zoo = map.optional("zoo"), onnx = map.optional("onnx"), layers = map.optional("layers")
        map.reportUnknownKeys()
        guard given.count == 1 else {
            if given.isEmpty {
                reader.log.error("'network' must have exactly one of 'zoo', 'onnx' or 'layers', found none",
                                 at: map.location)
            } else {
                reader.log.error("'network' must have exactly one of 'zoo', 'onnx' or 'layers', found both '\(given[0])' and '\(given[1])'",
                                 at: map.keyLocation(given[1])!,
                                 notes: [.note("'\(given[0])' is given here", at: map.keyLocation(given[0])!)])
            }
            return nil
        }
        if let zoo { return reader.string(zoo, "zoo").map { .zoo($0) } }
        if let onnx { return reader.string(onnx, "onnx").map { .onnx($0) } }
        if let layers {
            let location = reader.location(of: layers)
            return LayerListDecoder.decode(layers, reader: reader).map { RawWorkload.Source.layers($0, location) }
        }
        return nil
    }

    private static func decodeBlock(_ node: Node, _ name: String, keys: [String], reader: NodeReader) -> RawWorkload.Block? {
        guard var map = reader.mapping(node, name) else { return nil }
        var block = RawWorkload.Block(location: map.location)
        for key in keys {
            if let n = map.optional(key), let value = reader.number(n, key, expected: "a positive integer") {
                block.values[key] = value
            }
        }
        map.reportUnknownKeys()
        return block
    }

    // MARK: Phase 2 and 3: validate, then build

    static func validateAndBuild(_ raw: RawWorkload, document: YAMLDocument, log: DiagnosticLog) -> WorkloadSpec? {
        let path = document.path
        if let name = raw.name, name.value.trimmingCharacters(in: .whitespaces).isEmpty {
            log.error("'workload' must be a non-empty name", at: name.location)
        }

        let precision = PrecisionSpec(
            weights: log.integer(raw.precision?.values["weights"], "weights", .init(min: 1, max: 32)) ?? 8,
            activations: log.integer(raw.precision?.values["activations"], "activations", .init(min: 1, max: 32)) ?? 8)
        let inputResolution = log.integer(raw.input?.values["resolution"], "resolution", .init(min: 8, max: 4096))
        let inputChannels = log.integer(raw.input?.values["channels"], "channels", .dimension)
        let inputBatch = log.integer(raw.input?.values["batch"], "batch", .dimension)
        let volume = log.integer(raw.production?.values["volume"], "volume",
                                 .positive(max: ProductionVolume.maxUnits, label: "10^10"))

        let variantLists = validateVariants(raw, log: log)
        var network: NetworkSource?
        var onnxModel: ONNXModel?
        var input: InputSpec?
        switch raw.source {
        case .zoo(let name):
            if let family = ZooSupport.family(name, log: log) {
                network = .zoo(name: name.value)
                let channels = family.input.channels
                if let given = inputChannels, given != channels, let literal = raw.input?.values["channels"] {
                    log.error("'channels' is \(given), but zoo network '\(family.name)' reads \(channels) input channel\(channels == 1 ? "" : "s")",
                              at: literal.location)
                }
                let zooInput = InputSpec(resolution: inputResolution ?? family.defaultResolution, channels: channels,
                                         batch: inputBatch ?? 1)
                input = zooInput
                let base = ModelVariant(width: 1.0, resolution: zooInput.resolution, weightBits: precision.weights,
                                      activationBits: precision.activations)
                // Invalid knob values are already reported and left out; the rest must build.
                let baseLocation = inputResolution != nil ? raw.input?.values["resolution"]?.location : nil
                ZooSupport.checkVariants(family, base: base, batch: zooInput.batch, baseLocation: baseLocation ?? name.location,
                                         widths: variantLists.width ?? [], resolutions: variantLists.resolution ?? [],
                                         log: log)
            }
        case .onnx(let file):
            if let resolved = checkFile(file, relativeTo: path, what: "ONNX model", log: log),
               let model = ONNXSupport.load(resolved, at: file.location, log: log) {
                network = .onnx(path: resolved)
                onnxModel = model
                if let given = inputChannels, let channels = model.inputChannels, given != channels,
                   let literal = raw.input?.values["channels"] {
                    log.error("'channels' is \(given), but the ONNX model reads \(channels) input channel\(channels == 1 ? "" : "s")",
                              at: literal.location)
                }
                guard let resolution = inputResolution ?? model.inputResolution ?? (model.hasSpatialInput ? nil : 1) else {
                    log.error("the ONNX model's input size is not fixed in the file; give 'input: {resolution: …}'",
                              at: file.location)
                    break
                }
                let onnxInput = InputSpec(resolution: resolution, channels: model.inputChannels ?? inputChannels ?? 3,
                                          batch: inputBatch ?? 1)
                input = onnxInput
                ONNXSupport.checkVariants(model, input: onnxInput, precision: precision, at: file.location,
                                          widths: variantLists.width ?? [], resolutions: variantLists.resolution ?? [],
                                          log: log)
            }
        case .layers(let layers, let location):
            if var built = LayerListDecoder.validateAndBuild(layers, listLocation: location, precision: precision,
                                                             log: log) {
                // A written input batch runs that many inputs through every layer (N is
                // images per input, 1 unless written), as for a zoo network.
                if let batch = inputBatch, batch != 1 {
                    for i in built.indices {
                        let (n, overflow) = built[i].bounds.n.multipliedReportingOverflow(by: batch)
                        if overflow {
                            log.error("'batch' \(batch) times layer '\(built[i].name)''s N overflows",
                                      at: raw.input?.values["batch"]?.location ?? location)
                            break
                        }
                        built[i].bounds.n = n
                    }
                }
                network = .layers(built)
                // Without an input block, the first layer says what the network reads.
                let first = built[0]
                if let given = inputChannels, first.op != .matmul, given != first.bounds.g * first.bounds.c,
                   let literal = raw.input?.values["channels"] {
                    log.error("'channels' is \(given), but the first layer '\(first.name)' reads \(first.bounds.g * first.bounds.c) input channels (C·G)",
                              at: literal.location)
                }
                input = InputSpec(resolution: inputResolution ?? first.inputHeight,
                                  channels: inputChannels ?? first.bounds.g * first.bounds.c,
                                  batch: inputBatch ?? first.bounds.n)
            }
            for key in ["width", "resolution"] {
                if let list = raw.variants[key] {
                    log.error("'\(key)' variants need a zoo or ONNX network; an explicit layer list cannot be rescaled",
                              at: list.keyLocation)
                }
            }
        case nil:
            break
        }
        var variants: VariantSpace?
        if raw.variantsLocation != nil {
            variants = VariantSpace(width: variantLists.width?.map(\.value) ?? [1.0],
                                    resolution: variantLists.resolution?.map(\.value) ?? [input?.resolution ?? 224],
                                    precision: variantLists.precision ?? [precision.weights],
                                    pruning: variantLists.pruning ?? [0.0])
        }

        let accuracyTable = raw.accuracyTable.flatMap { checkFile($0, relativeTo: path, what: "accuracy table", log: log) }
        var accuracy: AccuracyTable?
        if let accuracyTable, let written = raw.accuracyTable {
            // Read with the workload, so that validate and every command refuse a bad table alike.
            do { accuracy = try AccuracyTable.load(path: accuracyTable) } catch {
                var problems = error.diagnostics
                if !problems.isEmpty { problems[0].notes.append(.note("the workload names the accuracy table here", at: written.location)) }
                log.append(problems)
            }
        }
        let constraints = raw.constraints.compactMap { validateConstraint(key: $0.key, value: $0.value, log: log) }
        var objectives: [Metric] = []
        var objectiveLocations: [Metric: SourceLocation] = [:]
        for objective in raw.objectives {
            guard let metric = log.choice(objective, "objective", Metric.objectives.map { ($0.rawValue, $0) })
            else { continue }
            if let first = objectiveLocations[metric] {
                log.error("objective '\(metric.rawValue)' is listed twice", at: objective.location,
                          notes: [.note("first listed here", at: first)])
                continue
            }
            objectives.append(metric)
            objectiveLocations[metric] = objective.location
        }

        guard !log.hasErrors, let name = raw.name, let network, let input, let source = raw.source,
              let networkLocation = raw.networkLocation else { return nil }
        var layerLocations: [SourceLocation] = []
        var layerInputs: [[SourceLocation]] = []
        if case .layers(let layers, _) = source {
            layerLocations = layers.map(\.location)
            layerInputs = layers.map { $0.inputs?.map(\.location) ?? [] }
        }
        let locations = WorkloadLocations(
            file: .file(path), name: name.location, network: networkLocation, networkSource: source.location,
            layers: layerLocations, layerInputs: layerInputs, input: raw.input?.location,
            precision: raw.precision?.location, variants: raw.variantsLocation,
            accuracyTable: raw.accuracyTable?.location,
            values: NodeLocations.collect(document.root, path: path))
        return WorkloadSpec(name: name.value, description: raw.description?.value, path: path, network: network,
                            input: input, precision: precision, variants: variants, accuracyTable: accuracyTable, accuracy: accuracy,
                            onnxModel: onnxModel,
                            constraints: constraints, objectives: objectives,
                            productionVolume: volume ?? ProductionVolume.defaultUnits, locations: locations)
    }

    /// The checked variant lists, each nil when absent or invalid.
    private static func validateVariants(_ raw: RawWorkload, log: DiagnosticLog)
        -> (width: [Located<Double>]?, resolution: [Located<Int>]?, precision: [Int]?, pruning: [Double]?) {
        func values<T: Equatable>(_ key: String, _ check: (Located<NumberLiteral>) -> T?) -> [Located<T>]? {
            guard let list = raw.variants[key] else { return nil }
            if list.values.isEmpty {
                log.error("'\(key)' must list at least one value, found an empty list", at: list.location)
                return nil
            }
            var result: [Located<T>] = []
            for literal in list.values {
                guard let value = check(literal) else { continue }
                if let first = result.first(where: { $0.value == value }) {
                    log.error("'\(key)' lists \(literal.value.text) twice", at: literal.location,
                              notes: [.note("first listed here", at: first.location)])
                    continue
                }
                result.append(Located(value: value, location: literal.location))
            }
            return result.count == list.values.count ? result : nil
        }
        let width = values("width") {
            log.real($0, "width", RealRule(lower: 0, lowerInclusive: false, upper: 4, upperInclusive: true,
                                           phrase: "a number in (0, 4]"))
        }
        let resolution = values("resolution") { log.integer($0, "resolution", .init(min: 8, max: 4096)) }
        let bits = values("precision") { (literal: Located<NumberLiteral>) -> Int? in
            guard let value = literal.value.integer, [4, 8, 16].contains(value) else {
                log.error("'precision' must be 4, 8 or 16 bits, found \(literal.value.text)", at: literal.location)
                return nil
            }
            return value
        }
        let pruning = values("pruning") {
            log.real($0, "pruning", RealRule(lower: 0, lowerInclusive: true, upper: 1, upperInclusive: false,
                                             phrase: "a fraction in [0, 1)"))
        }
        return (width, resolution, bits?.map(\.value), pruning?.map(\.value))
    }

    private static func validateConstraint(key: Located<String>, value: Located<String>,
                                           log: DiagnosticLog) -> Constraint? {
        let parsed = parseComparison(value.value)
        let constraintKey = log.choice(key, "constraint", Metric.constrainable.map { ($0.constraintKey, $0) })
        guard let parsed else {
            log.error("constraint '\(key.value)' must be a comparison such as '>= 30' (one of >=, <=, >, <, == and a number), found '\(value.value)'",
                      at: value.location)
            return nil
        }
        guard let constraintKey else { return nil }
        let upper = constraintKey == .top1 ? 100.0 : Double.greatestFiniteMagnitude
        guard parsed.value >= 0, parsed.value <= upper else {
            let range = constraintKey == .top1 ? "a number from 0 to 100" : "a non-negative number"
            log.error("constraint '\(key.value)' must compare with \(range), found '\(value.value)'", at: value.location)
            return nil
        }
        return Constraint(metric: constraintKey, comparator: parsed.comparator, value: parsed.value)
    }

    /// ">= 30" → (>=, 30); two-character comparators are tried first so ">=" is not read as ">".
    static func parseComparison(_ text: String) -> (comparator: Comparison, value: Double)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let order: [Comparison] = [.atLeast, .atMost, .equal, .greater, .less]
        for comparator in order where trimmed.hasPrefix(comparator.rawValue) {
            let number = trimmed.dropFirst(comparator.rawValue.count).trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value.isFinite else { return nil }
            return (comparator, value)
        }
        return nil
    }

    /// Resolves `file` against the directory of `path` and checks that it is a file.
    static func checkFile(_ file: Located<String>, relativeTo path: String, what: String,
                          log: DiagnosticLog) -> String? {
        let resolved = resolve(file.value, relativeTo: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            log.error("\(what) '\(file.value)' not found (looked for '\(resolved)'; relative paths are relative to the workload file)",
                      at: file.location)
            return nil
        }
        return resolved
    }

    static func resolve(_ file: String, relativeTo path: String) -> String {
        if file.hasPrefix("/") { return file }
        let directory = (path as NSString).deletingLastPathComponent
        return directory.isEmpty ? file : (directory as NSString).appendingPathComponent(file)
    }
}

/// Every node's location by dotted path, for diagnostics raised after loading.
enum NodeLocations {
    static func collect(_ root: Node, path: String) -> [String: SourceLocation] {
        var result: [String: SourceLocation] = [:]
        func visit(_ node: Node, _ prefix: String) {
            if let mark = node.mark, !prefix.isEmpty {
                result[prefix] = SourceLocation(path: path, line: mark.line, column: mark.column)
            }
            switch node {
            case .mapping(let mapping):
                for (key, value) in mapping {
                    guard let name = key.scalar?.string else { continue }
                    visit(value, prefix.isEmpty ? name : prefix + "." + name)
                }
            case .sequence(let sequence):
                for (index, item) in sequence.enumerated() { visit(item, "\(prefix)[\(index)]") }
            case .scalar, .alias:
                break
            }
        }
        visit(root, "")
        return result
    }
}
