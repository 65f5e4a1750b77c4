extension NetworkZoo {
    /// tensorflow/tpu `efficientnet_lite_builder.py` with EfficientNet-B0's block arguments
    /// (`r1_k3_s11_e1_i32_o16`, …): squeeze-and-excite removed, ReLU6, stem (32) and head
    /// (1280) not scaled (`fix_head_stem`). The width multiplier scales block filters by
    /// `round_filters` (= `_make_divisible(·, 8)`); expansions are input × ratio, unrounded.
    /// Lite1–4 also scale depth, which is not a zoo knob.
    static let efficientNetLite0 = ZooFamily(
        name: "efficientnet_lite0",
        summary: "EfficientNet-Lite0 (Tan & Le 2019, arXiv:1905.11946; tensorflow/tpu lite); efficientnet_lite_builder.py, 1000 classes",
        defaultResolution: 224, supportsWidth: true
    ) { b, width throws(ZooShapeError) in
        func filters(_ channels: Int) -> Int { ChannelRounding.makeDivisible(Double(channels) * width) }

        try b.conv("stem", out: 32, kernel: 3, stride: 2)
        let stages: [(repeats: Int, kernel: Int, stride: Int, expandRatio: Int, out: Int)] = [
            (1, 3, 1, 1, 16), (2, 3, 2, 6, 24), (2, 5, 2, 6, 40), (3, 3, 2, 6, 80),
            (3, 5, 1, 6, 112), (4, 5, 2, 6, 192), (1, 3, 1, 6, 320),
        ]
        var index = 0
        for stage in stages {
            for repeat_ in 0..<stage.repeats {
                try b.invertedResidual("blocks_\(index)", expanded: b.current.channels * stage.expandRatio,
                                       out: filters(stage.out), kernel: stage.kernel,
                                       stride: repeat_ == 0 ? stage.stride : 1)
                index += 1
            }
        }
        try b.conv("head", out: 1280, kernel: 1)
        b.classifier("classifier", classes: 1000)
    }
}
