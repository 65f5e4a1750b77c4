extension NetworkZoo {
    /// SSD (Liu et al. 2016) on MobileNet v1 as the TF object-detection API builds
    /// `ssd_mobilenet_v1_coco` (samples/configs/ssd_mobilenet_v1_coco.config, and the
    /// `_0.75_depth_` config with `depth_multiplier: 0.75`):
    ///
    /// - `ssd_mobilenet_v1_feature_extractor.py`: the MobileNet v1 base with `min_depth: 16`,
    ///   feature maps `Conv2d_11_pointwise` and `Conv2d_13_pointwise`, then four extra
    ///   layers of depth 512, 256, 256, 128 (`feature_map_generators.py`
    ///   `multi_resolution_feature_maps`: a 1×1 conv to half the depth, then a 3×3 stride-2
    ///   conv; depths `max(int(d × width), 16)`), all with batch norm;
    /// - `ssd_anchor_generator` with 6 layers and 5 aspect ratios: 3 anchors per cell on the
    ///   first map (`reduce_boxes_in_lowest_layer`, default true) and 5 + 1 interpolated
    ///   scale on the others, 1917 anchors at 300×300;
    /// - `convolutional_box_predictor` with `kernel_size: 1` and no extra layers: per map a
    ///   1×1 conv to anchors × 4 box codes and one to anchors × 91 class scores (90 COCO
    ///   classes + background), with biases and no batch norm.
    ///
    /// Box decoding and non-maximum suppression run on the host and are not layers here.
    static let ssdMobileNetV1 = ZooFamily(
        name: "ssd_mobilenet_v1",
        summary: "SSD300 MobileNet v1 (Liu et al. 2016, arXiv:1512.02325; Howard et al. 2017, arXiv:1704.04861); TF object detection API ssd_mobilenet_v1_feature_extractor.py (ssd_mobilenet_v1_coco), 91 classes; width = depth multiplier",
        defaultResolution: 300, supportsWidth: true
    ) { b, width throws(ZooShapeError) in
        let minimumDepth = 16
        func depth(_ channels: Int) -> Int { ChannelRounding.truncated(channels, width: width, minimum: minimumDepth) }

        let endpoints = try mobileNetV1Base(&b, width: width, minimumDepth: minimumDepth)
        var featureMaps = [endpoints[11], endpoints[13]]
        for (index, layerDepth) in [(2, 512), (3, 256), (4, 256), (5, 128)] {
            let prefix = "Conv2d_13_pointwise"
            let half = depth(layerDepth / 2)
            try b.conv("\(prefix)_1_Conv2d_\(index)_1x1_\(half)", out: half, kernel: 1)
            try b.conv("\(prefix)_2_Conv2d_\(index)_3x3_s2_\(depth(layerDepth))", out: depth(layerDepth),
                       kernel: 3, stride: 2)
            featureMaps.append(b.current)
        }
        let classes = 91
        for (index, featureMap) in featureMaps.enumerated() {
            let anchors = index == 0 ? 3 : 6
            b.current = featureMap
            try b.conv("BoxPredictor_\(index)/BoxEncodingPredictor", out: anchors * 4, kernel: 1, normalization: .bias)
            b.current = featureMap
            try b.conv("BoxPredictor_\(index)/ClassPredictor", out: anchors * classes, kernel: 1, normalization: .bias)
        }
    }
}
