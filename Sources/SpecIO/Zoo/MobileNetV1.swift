extension NetworkZoo {
    /// TF-slim `mobilenet_v1.py` `mobilenet_v1_base` (`_CONV_DEFS`): a strided 3×3 conv and
    /// 13 depthwise-separable layers, depths `max(int(d × width), minimumDepth)`. Returns
    /// the output of each pointwise layer, indexed as the `Conv2d_i_pointwise` endpoints
    /// (index 0 is `Conv2d_0`), for detectors that read intermediate feature maps.
    @discardableResult
    static func mobileNetV1Base(_ b: inout ZooNetworkBuilder, width: Double,
                                minimumDepth: Int) throws(ZooShapeError) -> [ZooTensor] {
        func depth(_ channels: Int) -> Int { ChannelRounding.truncated(channels, width: width, minimum: minimumDepth) }

        try b.conv("Conv2d_0", out: depth(32), kernel: 3, stride: 2)
        var endpoints = [b.current]
        let separable: [(stride: Int, depth: Int)] = [
            (1, 64), (2, 128), (1, 128), (2, 256), (1, 256), (2, 512),
            (1, 512), (1, 512), (1, 512), (1, 512), (1, 512), (2, 1024), (1, 1024),
        ]
        for (index, layer) in separable.enumerated() {
            try b.depthwiseSeparable("Conv2d_\(index + 1)", out: depth(layer.depth), stride: layer.stride)
            endpoints.append(b.current)
        }
        return endpoints
    }

    /// The classifier: the base with TF-slim's default `min_depth` of 8, global pool and a
    /// 1×1 logits conv over 1001 classes (background + ImageNet).
    static let mobileNetV1 = ZooFamily(
        name: "mobilenet_v1",
        summary: "MobileNet v1 (Howard et al. 2017, arXiv:1704.04861); TF-slim mobilenet_v1.py, 1001 classes",
        defaultResolution: 224, supportsWidth: true
    ) { b, width throws(ZooShapeError) in
        try mobileNetV1Base(&b, width: width, minimumDepth: 8)
        b.classifier("Logits", classes: 1001)
    }
}
