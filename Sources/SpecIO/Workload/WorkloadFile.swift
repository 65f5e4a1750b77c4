import CodesignCore
import ONNXImport

/// Where the network of a workload comes from (`network:` has exactly one of these keys).
public enum NetworkSource: Sendable, Hashable {
    /// A built-in family of the network zoo, by name.
    case zoo(name: String)
    /// An explicit layer list, already mapped onto loop nests and checked as a graph.
    case layers([Layer])
    /// An ONNX model, path resolved against the workload file's directory. Import is a later
    /// issue: loading a workload with this source currently fails with a located error.
    case onnx(path: String)
}

/// The network's input tensor.
public struct InputSpec: Sendable, Hashable, Codable {
    /// Height (and width) of the input in pixels, or time steps for audio features.
    public var resolution: Int
    public var channels: Int
    public var batch: Int

    public init(resolution: Int, channels: Int = 3, batch: Int = 1) {
        self.resolution = resolution
        self.channels = channels
        self.batch = batch
    }
}

/// Bit widths of the network's operands.
public struct PrecisionSpec: Sendable, Hashable, Codable {
    public var weights: Int
    public var activations: Int

    public init(weights: Int = 8, activations: Int = 8) {
        self.weights = weights
        self.activations = activations
    }
}

/// The model side of the co-design space. A knob the file leaves out holds the workload's
/// own value alone (width 1, the input resolution, the weight precision, no pruning), so
/// every list has at least one entry and the space is their product.
public struct VariantSpace: Sendable, Hashable, Codable {
    /// Channel-width multipliers, each in (0, 4].
    public var width: [Double]
    /// Input resolutions, each in [8, 4096].
    public var resolution: [Int]
    /// Bit widths applied to weights and activations alike, each 4, 8 or 16.
    public var precision: [Int]
    /// Fractions of weights removed, each in [0, 1).
    public var pruning: [Double]

    public init(width: [Double], resolution: [Int], precision: [Int], pruning: [Double]) {
        self.width = width
        self.resolution = resolution
        self.precision = precision
        self.pruning = pruning
    }

    public var count: Int { width.count * resolution.count * precision.count * pruning.count }
}

/// Source locations of a workload's parts, for diagnostics raised after loading (a layer
/// that does not fit a chip, a zoo variant that cannot be built).
public struct WorkloadLocations: Sendable, Hashable {
    /// The whole file (line 1, column 1).
    public var file: SourceLocation
    /// The `workload:` name.
    public var name: SourceLocation
    /// The `network:` mapping.
    public var network: SourceLocation
    /// The value of `zoo:` / `onnx:` / `layers:`.
    public var networkSource: SourceLocation
    /// Each explicit layer's mapping, in layer order (empty for zoo and ONNX networks).
    public var layers: [SourceLocation]
    /// Each explicit layer's `inputs:` entries, in layer order.
    public var layerInputs: [[SourceLocation]]
    public var input: SourceLocation?
    public var precision: SourceLocation?
    public var variants: SourceLocation?
    public var accuracyTable: SourceLocation?
    /// The value of every node by dotted path: `input.resolution`,
    /// `network.layers[2].K`, `variants.width[1]`, `constraints.fps`.
    public var values: [String: SourceLocation]
}

/// A validated workload file.
public struct WorkloadSpec: Sendable {
    public var name: String
    public var description: String?
    /// The file this was loaded from, as given to the loader.
    public var path: String
    public var network: NetworkSource
    /// For explicit layer lists without an `input:` block, derived from the first layer
    /// (its input height, total input channels and batch).
    public var input: InputSpec
    public var precision: PrecisionSpec
    /// The model variants to explore; nil when the file has no `variants:` block.
    public var variants: VariantSpace?
    /// The accuracy table's path, resolved against the workload file's directory
    /// (the path as written is relative to the workload file); it exists.
    public var accuracyTable: String?
    /// The accuracy table, read and checked with the workload; nil when it names none.
    public var accuracy: AccuracyTable?
    /// The ONNX model of `network: {onnx: …}`, read and checked with the workload.
    public var onnxModel: ONNXModel?
    /// In the order the file lists them.
    public var constraints: [Constraint]
    /// The search's objectives, in the order the file lists them (each once).
    public var objectives: [Metric]
    /// Chips made (`production.volume`, default `ProductionVolume.defaultUnits`): the volume
    /// $/chip is judged at.
    public var productionVolume: Int
    public var locations: WorkloadLocations
}
