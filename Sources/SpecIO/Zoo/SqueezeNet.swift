extension NetworkZoo {
    /// Fire module: 1×1 squeeze, then 1×1 and 3×3 expands side by side, concatenated.
    private static func fire(_ b: inout ZooNetworkBuilder, _ name: String,
                             squeeze: Int, expand1x1: Int, expand3x3: Int) throws(ZooShapeError) {
        try b.conv("\(name).squeeze", out: squeeze, kernel: 1, padding: .valid, normalization: .bias)
        let squeezed = b.current
        try b.conv("\(name).expand1x1", out: expand1x1, kernel: 1, padding: .valid, normalization: .bias)
        let narrow = b.current
        b.current = squeezed
        try b.conv("\(name).expand3x3", out: expand3x3, kernel: 3, padding: .explicit(1), normalization: .bias)
        b.concatenate([narrow, b.current])
    }

    /// The classifier of both versions: 1×1 conv to 1000 classes, then global average pool.
    private static func squeezeNetClassifier(_ b: inout ZooNetworkBuilder) throws(ZooShapeError) {
        try b.conv("classifier.conv", out: 1000, kernel: 1, padding: .valid, normalization: .bias)
        b.globalAveragePool("classifier.pool")
    }

    /// torchvision `squeezenet.py` version 1.0: 7×7/2 conv of 96, max pools 3/2 with
    /// `ceil_mode`, fire modules 2–9 (paper Table 1).
    static let squeezeNet1_0 = ZooFamily(
        name: "squeezenet1_0",
        summary: "SqueezeNet 1.0 (Iandola et al. 2016, arXiv:1602.07360); torchvision squeezenet.py, 1000 classes",
        defaultResolution: 224, supportsWidth: false
    ) { b, _ throws(ZooShapeError) in
        try b.conv("features.conv1", out: 96, kernel: 7, stride: 2, padding: .valid, normalization: .bias)
        try b.pool("features.maxpool1", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try fire(&b, "fire2", squeeze: 16, expand1x1: 64, expand3x3: 64)
        try fire(&b, "fire3", squeeze: 16, expand1x1: 64, expand3x3: 64)
        try fire(&b, "fire4", squeeze: 32, expand1x1: 128, expand3x3: 128)
        try b.pool("features.maxpool4", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try fire(&b, "fire5", squeeze: 32, expand1x1: 128, expand3x3: 128)
        try fire(&b, "fire6", squeeze: 48, expand1x1: 192, expand3x3: 192)
        try fire(&b, "fire7", squeeze: 48, expand1x1: 192, expand3x3: 192)
        try fire(&b, "fire8", squeeze: 64, expand1x1: 256, expand3x3: 256)
        try b.pool("features.maxpool8", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try fire(&b, "fire9", squeeze: 64, expand1x1: 256, expand3x3: 256)
        try squeezeNetClassifier(&b)
    }

    /// torchvision `squeezenet.py` version 1.1 (DeepScale's 2.4× cheaper revision): 3×3/2
    /// conv of 64 and the pools moved earlier.
    static let squeezeNet1_1 = ZooFamily(
        name: "squeezenet1_1",
        summary: "SqueezeNet 1.1 (Iandola et al. 2016, DeepScale v1.1 release); torchvision squeezenet.py, 1000 classes",
        defaultResolution: 224, supportsWidth: false
    ) { b, _ throws(ZooShapeError) in
        try b.conv("features.conv1", out: 64, kernel: 3, stride: 2, padding: .valid, normalization: .bias)
        try b.pool("features.maxpool1", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try fire(&b, "fire2", squeeze: 16, expand1x1: 64, expand3x3: 64)
        try fire(&b, "fire3", squeeze: 16, expand1x1: 64, expand3x3: 64)
        try b.pool("features.maxpool3", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try fire(&b, "fire4", squeeze: 32, expand1x1: 128, expand3x3: 128)
        try fire(&b, "fire5", squeeze: 32, expand1x1: 128, expand3x3: 128)
        try b.pool("features.maxpool5", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try fire(&b, "fire6", squeeze: 48, expand1x1: 192, expand3x3: 192)
        try fire(&b, "fire7", squeeze: 48, expand1x1: 192, expand3x3: 192)
        try fire(&b, "fire8", squeeze: 64, expand1x1: 256, expand3x3: 256)
        try fire(&b, "fire9", squeeze: 64, expand1x1: 256, expand3x3: 256)
        try squeezeNetClassifier(&b)
    }
}
