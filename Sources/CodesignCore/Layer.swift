/// The kind of a layer, as written in workload files (`op:`).
public enum LayerOp: String, CaseIterable, Codable, Sendable, Hashable {
    case conv, depthwise, grouped, pointwise, fc, matmul, pool, add

    /// Pooling and element-wise additions are not multiply-accumulates: they run on the
    /// accelerator's vector unit, not on the PE array.
    public var runsOnPEArray: Bool { self != .pool && self != .add }
}

/// One layer as a loop nest over `LoopDimension`s with operands of given bit-widths.
///
/// `bounds.k` and `bounds.c` are per group. Depthwise layers have `G = channels`,
/// `K = C = 1`; pooling and element-wise layers are expressed the same way (one group
/// per channel) so that their traffic is computed by the same reuse analysis.
public struct Layer: Sendable, Hashable, Codable {
    public var name: String
    public var op: LayerOp
    public var bounds: DimensionVector
    public var strideH: Int
    public var strideW: Int
    public var dilationH: Int
    public var dilationW: Int
    public var weightBits: Int
    public var activationBits: Int
    /// True for attention-style matmuls whose second operand is produced at run time:
    /// it cannot stay resident and does not count as parameters.
    public var weightsAreActivations: Bool
    /// Producers of this layer's inputs, by name; empty means "the previous layer", unless
    /// `readsNetworkInput`.
    public var inputNames: [String]
    /// The layer reads the network's input, not the layer before it (a second branch from
    /// an imported graph's input); its producers are none.
    public var readsNetworkInput: Bool = false
    /// Fraction of the weights left after unstructured pruning (1: dense). The array still
    /// multiplies the zeros (no modelled accelerator skips them); only storage and traffic
    /// shrink, when the sparse format is smaller than the dense one (`storageBits(of:)`).
    public var weightDensity: Double = 1
    /// Bits of relative position index stored with each kept weight of a pruned layer.
    public var sparseIndexBits: Int = 0

    public init(name: String, op: LayerOp, bounds: DimensionVector,
                strideH: Int = 1, strideW: Int = 1, dilationH: Int = 1, dilationW: Int = 1,
                weightBits: Int = 8, activationBits: Int = 8,
                weightsAreActivations: Bool = false, inputNames: [String] = []) {
        self.name = name
        self.op = op
        self.bounds = bounds
        self.strideH = strideH
        self.strideW = strideW
        self.dilationH = dilationH
        self.dilationW = dilationW
        self.weightBits = weightBits
        self.activationBits = activationBits
        self.weightsAreActivations = weightsAreActivations
        self.inputNames = inputNames
    }

    /// Multiply-accumulates per inference (zero for vector-unit ops).
    public var macs: Int { op.runsOnPEArray ? bounds.product : 0 }

    /// Element operations on the vector unit per inference (zero for PE-array ops):
    /// one per window element for pooling, one per output element for an addition.
    public var vectorOps: Int { op.runsOnPEArray ? 0 : bounds.product }

    /// Trainable weights, excluding biases and batch-norm parameters.
    public var weightCount: Int {
        guard op.runsOnPEArray, !weightsAreActivations else { return 0 }
        return bounds.g * bounds.k * bounds.c * bounds.r * bounds.s
    }

    /// Biases: one per output channel of a conv / fc layer, as counted by the published
    /// parameter totals (batch norm folded into the bias).
    public var biasCount: Int {
        guard op.runsOnPEArray, !weightsAreActivations else { return 0 }
        return bounds.g * bounds.k
    }

    public var inputHeight: Int { (bounds.p - 1) * strideH + (bounds.r - 1) * dilationH + 1 }
    public var inputWidth: Int { (bounds.q - 1) * strideW + (bounds.s - 1) * dilationW + 1 }

    /// Elements of each operand for the whole layer.
    public func elementCount(of operand: Operand) -> Int {
        elementCount(of: operand, tile: bounds)
    }

    /// Elements of `operand` touched by a tile of the loop nest, including the
    /// sliding-window halo for inputs.
    public func elementCount(of operand: Operand, tile: DimensionVector) -> Int {
        switch operand {
        case .weights:
            return tile.g * tile.k * tile.c * tile.r * tile.s
        case .outputs:
            return tile.g * tile.n * tile.k * tile.p * tile.q
        case .inputs:
            // Input rows p·stride + r·dilation: the window's span, or fewer when the windows
            // leave gaps (a 1×1 or 2×2 window at stride 2 reads 1 or 2 rows of every 2):
            // never more than p·r. Exact without dilation.
            let h = Swift.min((tile.p - 1) * strideH + (tile.r - 1) * dilationH + 1, tile.p * tile.r)
            let w = Swift.min((tile.q - 1) * strideW + (tile.s - 1) * dilationW + 1, tile.q * tile.s)
            // Multiple input channels per output channel only for additions (two inputs).
            let inputsPerChannel = op == .add ? 2 : 1
            return tile.g * tile.n * tile.c * h * w * inputsPerChannel
        }
    }

    /// Bits per element; the second operand of an attention matmul is an activation and
    /// has the activations' width.
    public func bits(of operand: Operand) -> Int {
        operand == .weights && !weightsAreActivations ? weightBits : activationBits
    }

    /// Bits stored and moved per element of `operand`: the arithmetic width, except for the
    /// weights of a pruned layer, kept as (value, index) pairs of the surviving fraction when
    /// that is smaller than the dense tensor (Han et al., Deep Compression, ICLR 2016).
    public func storageBits(of operand: Operand) -> Double {
        let dense = Double(bits(of: operand))
        guard operand == .weights, !weightsAreActivations, weightDensity < 1 else { return dense }
        return min(dense, weightDensity * (dense + Double(sparseIndexBits)))
    }
}

extension Layer {
    /// The layer without its identity (name, producers): everything its mapping and cost
    /// depend on, so layers of the same shape can share one mapping.
    public var shape: Layer {
        var shape = self
        shape.name = ""
        shape.inputNames = []
        return shape
    }
}

/// `ceil(a / b)` for positive integers: the number of tiles of size `b` that cover `a`.
@inlinable public func ceilDiv(_ a: Int, _ b: Int) -> Int { (a + b - 1) / b }
