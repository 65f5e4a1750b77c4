import CodesignCore

/// Why a zoo family cannot build a requested variant.
public enum ZooError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Width that is not a finite positive number.
    case invalidWidth(family: String, width: Double)
    case widthTooLarge(family: String, width: Double, maximum: Double)
    /// A width other than 1.0 for a family whose papers define no width multiplier.
    case widthNotSupported(family: String, width: Double)
    /// Some layer's output would be smaller than 1×1.
    case resolutionTooSmall(family: String, resolution: Int, minimum: Int)
    case resolutionTooLarge(family: String, resolution: Int, maximum: Int)
    case invalidWeightBits(family: String, bits: Int)
    case invalidActivationBits(family: String, bits: Int)
    /// The family's own layer list failed the graph check: a bug in the zoo, reported
    /// instead of crashing the caller.
    case inconsistentGraph(family: String, Network.GraphError)

    public var description: String {
        switch self {
        case .invalidWidth(let family, let width):
            "\(family): width must be a positive number, found \(width)"
        case .widthTooLarge(let family, let width, let maximum):
            "\(family): width \(width) is above the largest supported multiplier \(maximum)"
        case .widthNotSupported(let family, let width):
            "\(family) has no width multiplier (only 1.0), found \(width)"
        case .resolutionTooSmall(let family, let resolution, let minimum):
            "\(family): resolution \(resolution) is too small; every layer needs an output of at least 1x1, which takes a resolution of at least \(minimum)"
        case .resolutionTooLarge(let family, let resolution, let maximum):
            "\(family): resolution \(resolution) is above the largest supported \(maximum)"
        case .invalidWeightBits(let family, let bits):
            "\(family): weight bit-width must be from \(ZooFamily.bitWidthRange.lowerBound) to \(ZooFamily.bitWidthRange.upperBound), found \(bits)"
        case .invalidActivationBits(let family, let bits):
            "\(family): activation bit-width must be from \(ZooFamily.bitWidthRange.lowerBound) to \(ZooFamily.bitWidthRange.upperBound), found \(bits)"
        case .inconsistentGraph(let family, let error):
            "\(family): internal error in the built-in network: \(error)"
        }
    }
}

/// A built-in network family: a function from a variant to a `Network`, with the knobs it
/// supports. The layer lists follow the reference implementations named in `summary`, so
/// that MAC and parameter counts reproduce the published tables (see ZooTests).
public struct ZooFamily: Sendable {
    /// snake_case, as written in workload files (`zoo: NAME`).
    public let name: String
    /// One line, with the paper and the reference code the layers follow.
    public let summary: String
    public let defaultResolution: Int
    /// Whether the width multiplier knob is meaningful (defined by the family's papers).
    public let supportsWidth: Bool
    /// Smallest input that keeps every layer's output at least 1×1.
    public let minimumResolution: Int

    let input: ZooInput
    let layers: ZooLayerList

    /// The same cap the command line puts on `--variant width=`.
    static let maximumWidth = 4.0
    static let maximumResolution = 4096
    static let bitWidthRange = 1...32

    init(name: String, summary: String, defaultResolution: Int, supportsWidth: Bool,
         input: ZooInput = .rgbImage, layers: @escaping ZooLayerList) {
        self.name = name
        self.summary = summary
        self.defaultResolution = defaultResolution
        self.supportsWidth = supportsWidth
        self.input = input
        self.layers = layers
        // Found by building rather than stated by hand, so it cannot drift from the layers.
        var minimum = ZooFamily.maximumResolution
        for resolution in 1...ZooFamily.maximumResolution {
            var builder = ZooNetworkBuilder(input: input.tensor(resolution: resolution), weightBits: 8, activationBits: 8)
            if (try? layers(&builder, 1.0)) != nil {
                minimum = resolution
                break
            }
        }
        self.minimumResolution = minimum
    }

    public func network(_ variant: ModelVariant) throws(ZooError) -> Network {
        try build(variant).network
    }

    /// The network plus how each layer is normalised, which the published parameter
    /// counts depend on (see `ZooBuild.parameterCount(_:)`).
    func build(_ variant: ModelVariant) throws(ZooError) -> ZooBuild {
        try validate(variant)
        var builder = ZooNetworkBuilder(input: input.tensor(resolution: variant.resolution),
                                        weightBits: variant.weightBits, activationBits: variant.activationBits)
        do {
            try layers(&builder, variant.width)
        } catch {
            throw .resolutionTooSmall(family: name, resolution: variant.resolution, minimum: minimumResolution)
        }
        let networkName = supportsWidth
            ? "\(name)_\(variant.width)_\(variant.resolution)" : "\(name)_\(variant.resolution)"
        do {
            let network = try Network(name: networkName, layers: builder.layers)
            return ZooBuild(network: network, normalization: builder.normalization)
        } catch {
            throw .inconsistentGraph(family: name, error)
        }
    }

    func validate(_ variant: ModelVariant) throws(ZooError) {
        guard variant.width.isFinite, variant.width > 0 else {
            throw .invalidWidth(family: name, width: variant.width)
        }
        if !supportsWidth && variant.width != 1.0 {
            throw .widthNotSupported(family: name, width: variant.width)
        }
        if variant.width > ZooFamily.maximumWidth {
            throw .widthTooLarge(family: name, width: variant.width, maximum: ZooFamily.maximumWidth)
        }
        if variant.resolution < minimumResolution {
            throw .resolutionTooSmall(family: name, resolution: variant.resolution, minimum: minimumResolution)
        }
        if variant.resolution > ZooFamily.maximumResolution {
            throw .resolutionTooLarge(family: name, resolution: variant.resolution, maximum: ZooFamily.maximumResolution)
        }
        if !ZooFamily.bitWidthRange.contains(variant.weightBits) {
            throw .invalidWeightBits(family: name, bits: variant.weightBits)
        }
        if !ZooFamily.bitWidthRange.contains(variant.activationBits) {
            throw .invalidActivationBits(family: name, bits: variant.activationBits)
        }
    }
}

/// The built-in networks, listed by `npu-codesign zoo` and named in workloads by `zoo:`.
public enum NetworkZoo {
    /// Stable order: mobile CNNs, classic CNNs, EfficientNets, detection and segmentation,
    /// microcontroller-sized (MLPerf Tiny) models, then transformers.
    public static let families: [ZooFamily] = [
        mobileNetV1, mobileNetV2, mobileNetV3Large, mobileNetV3Small,
        resNet18, resNet34, resNet50,
        squeezeNet1_0, squeezeNet1_1, alexNet, vgg16, vgg19, googLeNet,
        efficientNetLite0, efficientNetEdgeTPUS, efficientNetEdgeTPUM,
        ssdMobileNetV1, deepLabV3MobileNetV2,
        dsCNN, resNet8,
        vitTiny, vitSmall,
    ]

    public static func family(named name: String) -> ZooFamily? {
        families.first { $0.name == name }
    }
}
