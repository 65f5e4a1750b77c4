extension NetworkZoo {
    /// TF-slim `mobilenet_v2.py` `V2_DEF` up to its last bottleneck (`layer_18`), read as
    /// the paper's Table 2 (t, c, n, s). Output depths are `depth(c)`, which is where the
    /// users of the base differ; expansions are `_make_divisible(input × t, 8)` whatever the
    /// width (`expand_input_by_factor`), and the first block, with t = 1, has none.
    ///
    /// `outputStride` is `mobilenet_base`'s: once the strides so far reach it, later strides
    /// become 1 and multiply the atrous rate of the depthwise convs that follow instead.
    static func mobileNetV2Base(_ b: inout ZooNetworkBuilder, depth: (Int) -> Int,
                                outputStride: Int? = nil) throws(ZooShapeError) {
        var currentStride = 1
        var rate = 1
        /// The stride a layer really uses and its atrous rate, updating the running state.
        func strideAndRate(_ stride: Int) -> (stride: Int, dilation: Int) {
            if let outputStride, currentStride == outputStride {
                let dilation = rate
                rate *= stride
                return (1, dilation)
            }
            currentStride *= stride
            return (stride, 1)
        }

        try b.conv("Conv", out: depth(32), kernel: 3, stride: strideAndRate(2).stride)
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
                let (stride, dilation) = strideAndRate(repeat_ == 0 ? row.s : 1)
                try b.invertedResidual("expanded_conv_\(index)", expanded: expanded, out: depth(row.c),
                                       kernel: 3, stride: stride, dilation: dilation)
                index += 1
            }
        }
    }

    /// The classifier: channels `_make_divisible(c × width, 8)`. The last 1×1 conv keeps
    /// 1280 channels below width 1 (the published checkpoints use
    /// `finegrain_classification_mode`, as Keras' MobileNetV2 does) and scales above it.
    static let mobileNetV2 = ZooFamily(
        name: "mobilenet_v2",
        summary: "MobileNet v2 (Sandler et al. 2018, arXiv:1801.04381); TF-slim mobilenet_v2.py, 1001 classes",
        defaultResolution: 224, supportsWidth: true
    ) { b, width throws(ZooShapeError) in
        func depth(_ channels: Int) -> Int { ChannelRounding.makeDivisible(Double(channels) * width) }

        try mobileNetV2Base(&b, depth: depth)
        try b.conv("Conv_1", out: width > 1 ? depth(1280) : 1280, kernel: 1)
        b.classifier("Logits", classes: 1001)
    }
}
