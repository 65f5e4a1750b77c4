import CodesignCore

/// How a published table counts "parameters". The conventions differ only in what they
/// count per batch-normalised output channel, which is why published totals of the same
/// network differ by up to 2 % (MobileNet v2: 3.47 M in TF-slim, 3.49 M in Hailo's zoo, 3.50 M
/// in Keras' trainable count). `Network.parameterCount` is `.foldedBatchNorm`: what an
/// inference engine stores.
enum ZooParameterConvention: String, Sendable, Hashable, CaseIterable {
    /// Kernels and the biases the layers really have; batch norm not counted at all
    /// (TF-slim MobileNet v2/v3 README).
    case weightsAndBiases = "weights_and_biases"
    /// Batch norm folded into one bias per output channel (Hailo model zoo, compiled models).
    case foldedBatchNorm = "folded_batch_norm"
    /// Trainable variables: biases plus batch norm's scale and offset per channel
    /// (torchvision's sum over `parameters()`, TF `trainable_variables`).
    case trainable
    /// Every checkpoint variable: trainable ones plus batch norm's moving mean and variance
    /// (Keras "Total params", TF checkpoints).
    case allVariables = "all_variables"
}

/// A zoo network together with the normalisation of each PE-array layer.
struct ZooBuild: Sendable {
    var network: Network
    var normalization: [String: ZooNormalization]

    /// Parameters of the layers passing `filter` (all layers by default) under `convention`.
    func parameterCount(_ convention: ZooParameterConvention,
                        where filter: (Layer) -> Bool = { _ in true }) -> Int {
        network.layers.filter(filter).reduce(0) { total, layer in
            let channels = layer.bounds.g * layer.bounds.k
            let (biases, normalised): (Int, Int) = switch normalization[layer.name] {
            case .bias: (channels, 0)
            case .batchNorm: (0, channels)
            case .biasAndBatchNorm: (channels, channels)
            case .neither, nil: (0, 0)
            }
            let perChannel = switch convention {
            case .weightsAndBiases: biases
            case .foldedBatchNorm: biases > 0 || normalised > 0 ? channels : 0
            case .trainable: biases + 2 * normalised
            case .allVariables: biases + 4 * normalised
            }
            return total + layer.weightCount + perChannel
        }
    }

    func macs(where filter: (Layer) -> Bool = { _ in true }) -> Int {
        network.layers.filter(filter).reduce(0) { $0 + $1.macs }
    }
}
