extension NetworkZoo {
    /// One row of the MobileNet v3 tables (paper Tables 1 and 2) as TF-slim writes it:
    /// expansion factor over the (scaled) input depth, output depth, depthwise kernel,
    /// stride, and whether a squeeze-and-excite block follows the depthwise conv.
    private struct V3Block {
        var expansion: Double
        var out: Int
        var kernel: Int
        var stride: Int
        var squeezeExcite: Bool
    }

    /// TF-slim `mobilenet_v3.py`: a strided 3×3 stem of 16, the bottlenecks, a 1×1 conv, a
    /// global pool, a 1×1 conv without batch norm (an fc on the pooled vector) and 1001
    /// logits. Depths are `_make_divisible(depth × width, 8)`, except the pooled head conv,
    /// which keeps its size below width 1: the published dm=0.75 checkpoints were trained
    /// with `finegrain_classification_mode` (their 4.0 M / 2.0 M parameters need the full
    /// head), and Keras' MobileNetV3 scales it only above 1, as for MobileNet v2. SE squeezes
    /// to `_make_divisible(expanded / 4, 8)`. Hard-swish and the SE gates' hard-sigmoid are
    /// activations, not MACs.
    private static func mobileNetV3(_ b: inout ZooNetworkBuilder, width: Double, blocks: [V3Block],
                                    lastConv: Int, head: Int) throws(ZooShapeError) {
        func depth(_ channels: Int) -> Int { ChannelRounding.makeDivisible(Double(channels) * width) }

        try b.conv("Conv", out: depth(16), kernel: 3, stride: 2)
        for (index, block) in blocks.enumerated() {
            let expanded = ChannelRounding.makeDivisible(Double(b.current.channels) * block.expansion)
            try b.invertedResidual(
                "expanded_conv_\(index)", expanded: expanded, out: depth(block.out),
                kernel: block.kernel, stride: block.stride,
                squeezeChannels: block.squeezeExcite ? ChannelRounding.makeDivisible(Double(expanded) / 4) : nil)
        }
        try b.conv("Conv_1", out: depth(lastConv), kernel: 1)
        b.globalAveragePool("AvgPool")
        b.fullyConnected("Conv_2", out: width > 1 ? depth(head) : head)
        b.fullyConnected("Logits", out: 1001)
    }

    static let mobileNetV3Large = ZooFamily(
        name: "mobilenet_v3_large",
        summary: "MobileNetV3-Large (Howard et al. 2019, arXiv:1905.02244); TF-slim mobilenet_v3.py V3_LARGE, 1001 classes",
        defaultResolution: 224, supportsWidth: true
    ) { b, width throws(ZooShapeError) in
        let blocks: [V3Block] = [
            V3Block(expansion: 1, out: 16, kernel: 3, stride: 1, squeezeExcite: false),
            V3Block(expansion: 4, out: 24, kernel: 3, stride: 2, squeezeExcite: false),
            V3Block(expansion: 3, out: 24, kernel: 3, stride: 1, squeezeExcite: false),
            V3Block(expansion: 3, out: 40, kernel: 5, stride: 2, squeezeExcite: true),
            V3Block(expansion: 3, out: 40, kernel: 5, stride: 1, squeezeExcite: true),
            V3Block(expansion: 3, out: 40, kernel: 5, stride: 1, squeezeExcite: true),
            V3Block(expansion: 6, out: 80, kernel: 3, stride: 2, squeezeExcite: false),
            V3Block(expansion: 2.5, out: 80, kernel: 3, stride: 1, squeezeExcite: false),
            V3Block(expansion: 184.0 / 80, out: 80, kernel: 3, stride: 1, squeezeExcite: false),
            V3Block(expansion: 184.0 / 80, out: 80, kernel: 3, stride: 1, squeezeExcite: false),
            V3Block(expansion: 6, out: 112, kernel: 3, stride: 1, squeezeExcite: true),
            V3Block(expansion: 6, out: 112, kernel: 3, stride: 1, squeezeExcite: true),
            V3Block(expansion: 6, out: 160, kernel: 5, stride: 2, squeezeExcite: true),
            V3Block(expansion: 6, out: 160, kernel: 5, stride: 1, squeezeExcite: true),
            V3Block(expansion: 6, out: 160, kernel: 5, stride: 1, squeezeExcite: true),
        ]
        try mobileNetV3(&b, width: width, blocks: blocks, lastConv: 960, head: 1280)
    }

    static let mobileNetV3Small = ZooFamily(
        name: "mobilenet_v3_small",
        summary: "MobileNetV3-Small (Howard et al. 2019, arXiv:1905.02244); TF-slim mobilenet_v3.py V3_SMALL, 1001 classes",
        defaultResolution: 224, supportsWidth: true
    ) { b, width throws(ZooShapeError) in
        let blocks: [V3Block] = [
            V3Block(expansion: 1, out: 16, kernel: 3, stride: 2, squeezeExcite: true),
            V3Block(expansion: 72.0 / 16, out: 24, kernel: 3, stride: 2, squeezeExcite: false),
            V3Block(expansion: 88.0 / 24, out: 24, kernel: 3, stride: 1, squeezeExcite: false),
            V3Block(expansion: 4, out: 40, kernel: 5, stride: 2, squeezeExcite: true),
            V3Block(expansion: 6, out: 40, kernel: 5, stride: 1, squeezeExcite: true),
            V3Block(expansion: 6, out: 40, kernel: 5, stride: 1, squeezeExcite: true),
            V3Block(expansion: 3, out: 48, kernel: 5, stride: 1, squeezeExcite: true),
            V3Block(expansion: 3, out: 48, kernel: 5, stride: 1, squeezeExcite: true),
            V3Block(expansion: 6, out: 96, kernel: 5, stride: 2, squeezeExcite: true),
            V3Block(expansion: 6, out: 96, kernel: 5, stride: 1, squeezeExcite: true),
            V3Block(expansion: 6, out: 96, kernel: 5, stride: 1, squeezeExcite: true),
        ]
        try mobileNetV3(&b, width: width, blocks: blocks, lastConv: 576, head: 1024)
    }
}
