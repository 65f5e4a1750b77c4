extension NetworkZoo {
    /// One inception module of the paper's Table 1: #1×1, #3×3 reduce, #3×3, #5×5 reduce,
    /// #5×5, pool proj.
    private struct Inception {
        var name: String
        var conv1x1: Int
        var reduce3x3: Int
        var conv3x3: Int
        var reduce5x5: Int
        var conv5x5: Int
        var poolProjection: Int
    }

    /// Four parallel branches on the module input, concatenated. As in torchvision (and
    /// TF-slim's inception_v1), the "5×5" branch uses a 3×3 kernel; the paper's 5×5 would
    /// add about 6 % MACs.
    private static func inception(_ b: inout ZooNetworkBuilder, _ m: Inception) throws(ZooShapeError) {
        let input = b.current
        try b.conv("\(m.name).branch1", out: m.conv1x1, kernel: 1, padding: .valid)
        let branch1 = b.current
        b.current = input
        try b.conv("\(m.name).branch2.0", out: m.reduce3x3, kernel: 1, padding: .valid)
        try b.conv("\(m.name).branch2.1", out: m.conv3x3, kernel: 3, padding: .explicit(1))
        let branch2 = b.current
        b.current = input
        try b.conv("\(m.name).branch3.0", out: m.reduce5x5, kernel: 1, padding: .valid)
        try b.conv("\(m.name).branch3.1", out: m.conv5x5, kernel: 3, padding: .explicit(1))
        let branch3 = b.current
        b.current = input
        try b.pool("\(m.name).branch4.pool", kernel: 3, stride: 1, padding: .explicitCeil(1))
        try b.conv("\(m.name).branch4.1", out: m.poolProjection, kernel: 1, padding: .valid)
        b.concatenate([branch1, branch2, branch3, b.current])
    }

    /// torchvision `googlenet.py` in inference form (no auxiliary classifiers): convs with
    /// batch norm and no bias, max pools with `ceil_mode`, nine inception modules.
    static let googLeNet = ZooFamily(
        name: "googlenet",
        summary: "GoogLeNet / Inception v1 (Szegedy et al. 2015, arXiv:1409.4842); torchvision googlenet.py (3x3 in the 5x5 branch), 1000 classes",
        defaultResolution: 224, supportsWidth: false
    ) { b, _ throws(ZooShapeError) in
        try b.conv("conv1", out: 64, kernel: 7, stride: 2, padding: .explicit(3))
        try b.pool("maxpool1", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try b.conv("conv2", out: 64, kernel: 1, padding: .valid)
        try b.conv("conv3", out: 192, kernel: 3, padding: .explicit(1))
        try b.pool("maxpool2", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try inception(&b, Inception(name: "inception3a", conv1x1: 64, reduce3x3: 96, conv3x3: 128, reduce5x5: 16, conv5x5: 32, poolProjection: 32))
        try inception(&b, Inception(name: "inception3b", conv1x1: 128, reduce3x3: 128, conv3x3: 192, reduce5x5: 32, conv5x5: 96, poolProjection: 64))
        try b.pool("maxpool3", kernel: 3, stride: 2, padding: .explicitCeil(0))
        try inception(&b, Inception(name: "inception4a", conv1x1: 192, reduce3x3: 96, conv3x3: 208, reduce5x5: 16, conv5x5: 48, poolProjection: 64))
        try inception(&b, Inception(name: "inception4b", conv1x1: 160, reduce3x3: 112, conv3x3: 224, reduce5x5: 24, conv5x5: 64, poolProjection: 64))
        try inception(&b, Inception(name: "inception4c", conv1x1: 128, reduce3x3: 128, conv3x3: 256, reduce5x5: 24, conv5x5: 64, poolProjection: 64))
        try inception(&b, Inception(name: "inception4d", conv1x1: 112, reduce3x3: 144, conv3x3: 288, reduce5x5: 32, conv5x5: 64, poolProjection: 64))
        try inception(&b, Inception(name: "inception4e", conv1x1: 256, reduce3x3: 160, conv3x3: 320, reduce5x5: 32, conv5x5: 128, poolProjection: 128))
        try b.pool("maxpool4", kernel: 2, stride: 2, padding: .explicitCeil(0))
        try inception(&b, Inception(name: "inception5a", conv1x1: 256, reduce3x3: 160, conv3x3: 320, reduce5x5: 32, conv5x5: 128, poolProjection: 128))
        try inception(&b, Inception(name: "inception5b", conv1x1: 384, reduce3x3: 192, conv3x3: 384, reduce5x5: 48, conv5x5: 128, poolProjection: 128))
        b.classifier("fc", classes: 1000)
    }
}
