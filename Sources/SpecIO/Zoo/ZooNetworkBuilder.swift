import CodesignCore

/// A family's layer list: appends layers to the builder for a width multiplier.
typealias ZooLayerList = @Sendable (inout ZooNetworkBuilder, Double) throws(ZooShapeError) -> Void

/// A layer whose output would be empty at the requested resolution.
struct ZooShapeError: Error, Sendable, Hashable {
    var layer: String
}

/// What a family reads: an RGB image of `resolution`², or a feature map of fixed width.
struct ZooInput: Sendable {
    var channels: Int
    /// nil: square input; otherwise the fixed width (e.g. 10 MFCC coefficients).
    var fixedWidth: Int?

    static let rgbImage = ZooInput(channels: 3, fixedWidth: nil)

    func tensor(resolution: Int) -> ZooTensor {
        ZooTensor(channels: channels, height: resolution, width: fixedWidth ?? resolution, tokens: 1, producers: [])
    }
}

/// An activation tensor and the layers that wrote it (several after a concatenation).
struct ZooTensor: Sendable, Hashable {
    var channels: Int
    var height: Int
    var width: Int
    /// Rows that share the weights, batch-like: 1 for images, the sequence length for
    /// transformer tokens (the loop nest's N).
    var tokens: Int
    /// Empty for the network input.
    var producers: [String]
}

/// How the reference implementation follows a conv or fc layer; decides which parameters
/// a published total counts (see `ZooParameterConvention`).
enum ZooNormalization: Sendable, Hashable {
    /// Batch norm, no conv bias (scale and offset, plus moving mean and variance).
    case batchNorm
    /// A bias and no normalisation (classifiers, squeeze-excite, pre-BN-era networks).
    case bias
    /// A bias followed by batch norm (ARM's DS-CNN keeps both).
    case biasAndBatchNorm
    /// Neither bias nor normalisation (attention matmuls).
    case neither
}

/// Spatial padding rule of a conv or pool, as in the reference framework.
enum ZooPadding: Sendable, Hashable {
    /// TensorFlow 'SAME': output = ceil(input / stride), whatever the kernel.
    case same
    /// PyTorch symmetric zero padding, output rounded down.
    case explicit(Int)
    /// PyTorch pooling with `ceil_mode=True`: rounded up, but no window may start in the
    /// right padding.
    case explicitCeil(Int)

    static let valid = ZooPadding.explicit(0)

    /// Output extent, or 0 when the window does not fit.
    func outputSize(input: Int, kernel: Int, stride: Int) -> Int {
        switch self {
        case .same:
            return (input + stride - 1) / stride
        case .explicit(let pad):
            let span = input + 2 * pad - kernel
            return span < 0 ? 0 : span / stride + 1
        case .explicitCeil(let pad):
            let span = input + 2 * pad - kernel
            if span < 0 { return 0 }
            var output = (span + stride - 1) / stride + 1
            if (output - 1) * stride >= input + pad { output -= 1 }
            return output
        }
    }
}

/// Appends layers while tracking the current tensor's shape and producers, so that a
/// family reads like its paper's layer table and the graph edges (residuals,
/// concatenations, branches) come out right by construction.
///
/// Branching: save `current`, build one path, set `current` back, build the other; join
/// with `add(_:_:)` or `concatenate(_:)`.
struct ZooNetworkBuilder {
    private(set) var layers: [Layer] = []
    /// By layer name, for the PE-array layers.
    private(set) var normalization: [String: ZooNormalization] = [:]
    var current: ZooTensor
    let weightBits: Int
    let activationBits: Int

    init(input: ZooTensor, weightBits: Int, activationBits: Int) {
        self.current = input
        self.weightBits = weightBits
        self.activationBits = activationBits
    }

    // MARK: PE-array layers

    /// A k×k convolution (`groups` > 1 for grouped convolutions); 1×1 ones are `pointwise`.
    mutating func conv(_ name: String, out: Int, kernel: Int, kernelWidth: Int? = nil, stride: Int = 1,
                       dilation: Int = 1, padding: ZooPadding = .same, groups: Int = 1,
                       normalization norm: ZooNormalization = .batchNorm) throws(ZooShapeError) {
        let input = current
        let (kh, kw) = (kernel, kernelWidth ?? kernel)
        let (p, q) = try outputSize(name, kernel: (kh, kw), stride: stride, dilation: dilation, padding: padding)
        let op: LayerOp = groups > 1 ? .grouped : (kh == 1 && kw == 1 ? .pointwise : .conv)
        let bounds = DimensionVector(g: groups, n: input.tokens, k: out / groups, c: input.channels / groups,
                                     p: p, q: q, r: kh, s: kw)
        append(Layer(name: name, op: op, bounds: bounds, strideH: stride, strideW: stride,
                     dilationH: dilation, dilationW: dilation,
                     weightBits: weightBits, activationBits: activationBits),
               reading: input, output: ZooTensor(channels: out, height: p, width: q, tokens: input.tokens, producers: [name]),
               normalization: norm)
    }

    /// A depthwise k×k convolution: one filter per channel (G = channels, K = C = 1).
    /// `dilation` > 1 is atrous convolution (DeepLab): the same MACs over a wider window.
    mutating func depthwise(_ name: String, kernel: Int, stride: Int = 1, dilation: Int = 1,
                            padding: ZooPadding = .same,
                            normalization norm: ZooNormalization = .batchNorm) throws(ZooShapeError) {
        let input = current
        let (p, q) = try outputSize(name, kernel: (kernel, kernel), stride: stride, dilation: dilation, padding: padding)
        let bounds = DimensionVector(g: input.channels, n: input.tokens, k: 1, c: 1, p: p, q: q, r: kernel, s: kernel)
        append(Layer(name: name, op: .depthwise, bounds: bounds, strideH: stride, strideW: stride,
                     dilationH: dilation, dilationW: dilation,
                     weightBits: weightBits, activationBits: activationBits),
               reading: input, output: ZooTensor(channels: input.channels, height: p, width: q, tokens: input.tokens, producers: [name]),
               normalization: norm)
    }

    /// A fully connected layer over the flattened current tensor, once per token.
    mutating func fullyConnected(_ name: String, out: Int, normalization norm: ZooNormalization = .bias) {
        let input = current
        let bounds = DimensionVector(n: input.tokens, k: out, c: input.channels * input.height * input.width)
        append(Layer(name: name, op: .fc, bounds: bounds, weightBits: weightBits, activationBits: activationBits),
               reading: input, output: ZooTensor(channels: out, height: 1, width: 1, tokens: input.tokens, producers: [name]),
               normalization: norm)
    }

    /// A batched matmul whose both operands are activations (attention): per head,
    /// (rows × reduction)·(reduction × columns), laid out as the workload decoder lays out
    /// `op: matmul` (rows on P, columns on K, reduction on C, heads on G). The second operand
    /// sits in the weight slot, so it takes the activation bit-width.
    mutating func activationMatmul(_ name: String, heads: Int, rows: Int, columns: Int, reduction: Int,
                                   reading inputs: [ZooTensor]) {
        let bounds = DimensionVector(g: heads, k: columns, c: reduction, p: rows)
        let merged = ZooTensor(channels: 0, height: 1, width: 1, tokens: rows, producers: inputs.flatMap(\.producers))
        append(Layer(name: name, op: .matmul, bounds: bounds, weightBits: activationBits, activationBits: activationBits,
                     weightsAreActivations: true),
               reading: merged, output: ZooTensor(channels: heads * columns, height: 1, width: 1, tokens: rows, producers: [name]),
               normalization: .neither)
    }

    // MARK: Vector-unit layers

    /// Max or average pooling (the same loop nest: one operation per window element).
    mutating func pool(_ name: String, kernel: Int, stride: Int, padding: ZooPadding = .same) throws(ZooShapeError) {
        let (p, q) = try outputSize(name, kernel: (kernel, kernel), stride: stride, dilation: 1, padding: padding)
        appendPool(name, kernelHeight: kernel, kernelWidth: kernel, stride: stride, outputHeight: p, outputWidth: q)
    }

    /// Average over the whole feature map, down to 1×1.
    mutating func globalAveragePool(_ name: String) {
        appendPool(name, kernelHeight: current.height, kernelWidth: current.width, stride: 1, outputHeight: 1, outputWidth: 1)
    }

    /// PyTorch's `AdaptiveAvgPool2d(size)`: nothing to do when the map already has that
    /// size (the case at the reference resolution). Otherwise its varying windows are
    /// approximated by the largest one with a uniform stride; pooling is not MACs, so only
    /// the vector-unit work is approximate.
    mutating func adaptiveAveragePool(_ name: String, size: Int) {
        guard current.height != size || current.width != size else { return }
        func window(_ extent: Int) -> (kernel: Int, stride: Int) {
            (kernel: (extent + size - 1) / size, stride: max(1, extent / size))
        }
        let (h, w) = (window(current.height), window(current.width))
        appendPool(name, kernelHeight: h.kernel, kernelWidth: w.kernel, stride: h.stride, strideWidth: w.stride,
                   outputHeight: size, outputWidth: size)
    }

    /// Element-wise sum of the current tensor and `other` (a residual connection).
    mutating func add(_ name: String, _ other: ZooTensor) {
        elementwise(name, current, other)
    }

    /// Element-wise multiply of `tensor` by a per-channel `gate` (squeeze-and-excite). It is
    /// an `add`-class layer: one vector operation per output element, two inputs.
    mutating func scale(_ name: String, _ tensor: ZooTensor, by gate: ZooTensor) {
        elementwise(name, tensor, gate)
    }

    // MARK: Shape-only steps

    /// Channel-wise concatenation: no layer; the next layer names every producer.
    mutating func concatenate(_ tensors: [ZooTensor]) {
        var joined = tensors[0]
        joined.channels = tensors.reduce(0) { $0 + $1.channels }
        joined.producers = tensors.flatMap(\.producers)
        current = joined
    }

    /// Transformer patch embedding output: the h×w grid becomes h·w tokens of `channels`,
    /// plus `extraTokens` learned ones (ViT's class token). Adding constants is no MAC work.
    mutating func flattenToTokens(extraTokens: Int) {
        current = ZooTensor(channels: current.channels, height: 1, width: 1,
                            tokens: current.height * current.width * current.tokens + extraTokens,
                            producers: current.producers)
    }

    /// Keeps the first `count` tokens (ViT's head reads the class token only).
    mutating func keepTokens(_ count: Int) {
        current.tokens = count
    }

    /// Bilinear resize to `height` × `width` (DeepLab's upsampling of the image-pooling
    /// branch): interpolation is vector work the layer model has no op for, so the next
    /// layer simply reads the resized shape from the same producers.
    mutating func resize(height: Int, width: Int) {
        current.height = height
        current.width = width
    }

    // MARK: Internals

    /// A dilated window spans (k − 1)·dilation + 1 input pixels.
    private func outputSize(_ name: String, kernel: (Int, Int), stride: Int, dilation: Int,
                            padding: ZooPadding) throws(ZooShapeError) -> (Int, Int) {
        let p = padding.outputSize(input: current.height, kernel: (kernel.0 - 1) * dilation + 1, stride: stride)
        let q = padding.outputSize(input: current.width, kernel: (kernel.1 - 1) * dilation + 1, stride: stride)
        guard p >= 1, q >= 1 else { throw ZooShapeError(layer: name) }
        return (p, q)
    }

    private mutating func appendPool(_ name: String, kernelHeight: Int, kernelWidth: Int, stride: Int,
                                     strideWidth: Int? = nil, outputHeight: Int, outputWidth: Int) {
        let input = current
        let bounds = DimensionVector(g: input.channels, n: input.tokens, p: outputHeight, q: outputWidth,
                                     r: kernelHeight, s: kernelWidth)
        append(Layer(name: name, op: .pool, bounds: bounds, strideH: stride, strideW: strideWidth ?? stride,
                     weightBits: weightBits, activationBits: activationBits),
               reading: input,
               output: ZooTensor(channels: input.channels, height: outputHeight, width: outputWidth,
                                 tokens: input.tokens, producers: [name]),
               normalization: nil)
    }

    private mutating func elementwise(_ name: String, _ first: ZooTensor, _ second: ZooTensor) {
        let bounds = DimensionVector(g: first.channels, n: first.tokens, p: first.height, q: first.width)
        let both = ZooTensor(channels: first.channels, height: first.height, width: first.width,
                             tokens: first.tokens, producers: first.producers + second.producers)
        append(Layer(name: name, op: .add, bounds: bounds, weightBits: weightBits, activationBits: activationBits),
               reading: both,
               output: ZooTensor(channels: first.channels, height: first.height, width: first.width,
                                 tokens: first.tokens, producers: [name]),
               normalization: nil)
    }

    /// Names the producers only where they are not simply the previous layer.
    private mutating func append(_ layer: Layer, reading input: ZooTensor, output: ZooTensor,
                                 normalization norm: ZooNormalization?) {
        var layer = layer
        let previous = layers.last.map { [$0.name] } ?? []
        assert(!input.producers.isEmpty || layers.isEmpty, "only the first layer may read the network input")
        layer.inputNames = input.producers == previous ? [] : input.producers
        layers.append(layer)
        if let norm { normalization[layer.name] = norm }
        current = output
    }
}

// MARK: Channel rounding of the reference implementations

enum ChannelRounding {
    /// `_make_divisible` of TF-slim's mobilenet.py (also the Keras applications and
    /// EfficientNet's `round_filters`): round to the nearest multiple of `divisor`, at least
    /// `minimum`, and never more than 10 % below the exact value.
    static func makeDivisible(_ value: Double, divisor: Int = 8, minimum: Int? = nil) -> Int {
        let minimum = minimum ?? divisor
        var rounded = max(minimum, Int(value + Double(divisor) / 2) / divisor * divisor)
        if Double(rounded) < 0.9 * value { rounded += divisor }
        return rounded
    }

    /// TF-slim mobilenet_v1.py: `max(int(d * depth_multiplier), min_depth)`, truncating.
    static func truncated(_ channels: Int, width: Double, minimum: Int = 8) -> Int {
        max(Int(Double(channels) * width), minimum)
    }
}
