extension NetworkZoo {
    /// TF-slim `mobilenet_v2.py` (`V2_DEF`), read as the paper's Table 2 (t, c, n, s).
    /// Channels are `_make_divisible(c × width, 8)`; expansions `_make_divisible(input × t, 8)`.
    /// The last 1×1 conv keeps 1280 channels below width 1 (the published checkpoints use
    /// `finegrain_classification_mode`, as Keras' MobileNetV2 does) and scales above it.
    static let mobileNetV2 = ZooFamily(
        name: "mobilenet_v2",
        summary: "MobileNet v2 (Sandler et al. 2018, arXiv:1801.04381); TF-slim mobilenet_v2.py, 1001 classes",
        defaultResolution: 224, supportsWidth: true
    ) { b, width throws(ZooShapeError) in
        func depth(_ channels: Int) -> Int { ChannelRounding.makeDivisible(Double(channels) * width) }

        try b.conv("Conv", out: depth(32), kernel: 3, stride: 2)
        let bottlenecks: [(t: Int, c: Int, n: Int, s: Int)] = [
            (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
            (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
        ]
        var index = 0
        for row in bottlenecks {
            for repeat_ in 0..<row.n {
                // The first block's expansion uses divisible_by=1, i.e. no expansion at all.
                let expanded = row.t == 1 ? b.current.channels
                    : ChannelRounding.makeDivisible(Double(b.current.channels * row.t))
                try b.invertedResidual("expanded_conv_\(index)", expanded: expanded, out: depth(row.c),
                                       kernel: 3, stride: repeat_ == 0 ? row.s : 1)
                index += 1
            }
        }
        try b.conv("Conv_1", out: width > 1 ? depth(1280) : 1280, kernel: 1)
        b.classifier("Logits", classes: 1001)
    }
}
