/// One variant of a network: the knobs the co-design search turns on the model side. The
/// zoo builds it (width, resolution, bit-widths), pruning is applied to the built network,
/// explorations enumerate and store it, accuracy tables are looked up by it and reports
/// show it: one type from the workload file to the report.
public struct ModelVariant: Sendable, Hashable, Codable {
    /// Width (depth) multiplier applied to channel counts, rounded as the family's reference
    /// code rounds them; 1.0 is the published base network.
    public var width: Double
    /// Input height = width in pixels (for `ds_cnn`: the number of MFCC frames).
    public var resolution: Int
    public var weightBits: Int
    public var activationBits: Int
    /// Fraction of weights removed.
    public var pruning: Double

    public init(width: Double = 1.0, resolution: Int, weightBits: Int = 8, activationBits: Int = 8, pruning: Double = 0) {
        self.width = width
        self.resolution = resolution
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.pruning = pruning
    }

    /// A variant whose weights and activations share one bit-width, as explorations vary it.
    public init(width: Double, resolution: Int, precision: Int, pruning: Double) {
        self.init(width: width, resolution: resolution, weightBits: precision, activationBits: precision, pruning: pruning)
    }

    /// The wider of the two bit-widths: the precision an exploration varies, an accuracy
    /// table is looked up by, and a report shows.
    public var precision: Int { max(weightBits, activationBits) }
}
