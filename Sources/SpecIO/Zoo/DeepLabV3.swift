extension NetworkZoo {
    /// DeepLabV3 on MobileNet v2 as tensorflow/models `research/deeplab` builds the PASCAL
    /// VOC checkpoints `mobilenetv2_coco_voc_*` (g3doc/model_zoo.md: "All frozen inference
    /// graphs by default use output stride of 8", MobileNet-v2 models have no ASPP
    /// (atrous rates) and no decoder):
    ///
    /// - `feature_extractor.py` `_mobilenet_v2`: the MobileNet v2 base up to `layer_18`
    ///   (the 320-channel block, no 1280 conv) at `outputStride`, depths
    ///   `_make_divisible(c × width, 8, min 8)` at width 1 and with `divisible_by = 1`,
    ///   `min_depth = 1` otherwise;
    /// - `model.py` `extract_features`: image pooling (average over the whole feature map
    ///   at the export crop size, a 1×1 conv of 256, bilinear resize back) and `aspp0`, a
    ///   1×1 conv of 256, concatenated and projected by a 1×1 conv to 256, all with batch
    ///   norm; then `get_branch_logits`, a 1×1 conv to 21 classes with a bias.
    ///
    /// The final bilinear upsampling of the logits to the input size is vector work the
    /// layer model has no op for.
    ///
    /// The 8-bit checkpoints of g3doc/quantize.md, from which the TFLite and Edge TPU
    /// DeepLab models are converted, are evaluated at output stride 16 instead: everything
    /// from the 64-channel stage on, head included, then runs on 33×33 rather than 65×65
    /// pixels at 513×513 (2.74 G instead of 8.83 G MACs).
    static func deepLabV3(outputStride: Int) -> ZooFamily {
        ZooFamily(
            name: "deeplabv3_mobilenet_v2",
            summary: "DeepLabV3 MobileNet v2, output stride \(outputStride) (Chen et al. 2017, arXiv:1706.05587; Sandler et al. 2018, arXiv:1801.04381); tensorflow/models research/deeplab model.py (mobilenetv2_coco_voc), 21 classes",
            defaultResolution: 513, supportsWidth: true
        ) { b, width throws(ZooShapeError) in
            func depth(_ channels: Int) -> Int {
                width == 1 ? ChannelRounding.makeDivisible(Double(channels))
                    : ChannelRounding.makeDivisible(Double(channels) * width, divisor: 1)
            }
            let asppDepth = 256

            try mobileNetV2Base(&b, depth: depth, outputStride: outputStride)
            let features = b.current
            b.globalAveragePool("image_pooling/pool")
            try b.conv("image_pooling", out: asppDepth, kernel: 1)
            b.resize(height: features.height, width: features.width)
            let imagePooling = b.current
            b.current = features
            try b.conv("aspp0", out: asppDepth, kernel: 1)
            b.concatenate([imagePooling, b.current])
            try b.conv("concat_projection", out: asppDepth, kernel: 1)
            try b.conv("logits/semantic", out: 21, kernel: 1, normalization: .bias)
        }
    }

    /// Output stride 8, as the released float frozen graphs run.
    static let deepLabV3MobileNetV2 = deepLabV3(outputStride: 8)
}
