extension NetworkZoo {
    /// TF-slim `mobilenet_v1.py` (`_CONV_DEFS`): a strided 3×3 conv, 13 depthwise-separable
    /// layers, global pool and a 1×1 logits conv over 1001 classes (background + ImageNet).
    static let mobileNetV1 = ZooFamily(
        name: "mobilenet_v1",
        summary: "MobileNet v1 (Howard et al. 2017, arXiv:1704.04861); TF-slim mobilenet_v1.py, 1001 classes",
        defaultResolution: 224, supportsWidth: true
    ) { b, width throws(ZooShapeError) in
        func depth(_ channels: Int) -> Int { ChannelRounding.truncated(channels, width: width) }

        try b.conv("Conv2d_0", out: depth(32), kernel: 3, stride: 2)
        let separable: [(stride: Int, depth: Int)] = [
            (1, 64), (2, 128), (1, 128), (2, 256), (1, 256), (2, 512),
            (1, 512), (1, 512), (1, 512), (1, 512), (1, 512), (2, 1024), (1, 1024),
        ]
        for (index, layer) in separable.enumerated() {
            try b.depthwiseSeparable("Conv2d_\(index + 1)", out: depth(layer.depth), stride: layer.stride)
        }
        b.classifier("Logits", classes: 1001)
    }
}
