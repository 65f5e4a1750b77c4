extension NetworkZoo {
    /// One block-argument string of `efficientnet_edgetpu_builder.py`, e.g.
    /// `r2_k3_s22_e8_i24_o32_c1`: repeats, kernel, stride, expand ratio, input and output
    /// depth, fused (`c1`) or depthwise (`c0`) MBConv, and `noskip`.
    private struct EdgeTPUStage {
        var repeats: Int
        var kernel: Int
        var stride: Int
        var expandRatio: Int
        var input: Int
        var output: Int
        var fused: Bool
        var skip: Bool
    }

    /// tensorflow/tpu `efficientnet_edgetpu_builder.py` run through `efficientnet_model.py`:
    /// a strided 3×3 stem of 32, three stages of fused MBConv (`MBConvBlockWithoutDepthwise`)
    /// then three of depthwise MBConv without squeeze-excite, a 1×1 head of 1280, global
    /// pool and 1001 logits (background + ImageNet); ReLU, batch norm, no conv biases.
    /// `round_filters` (= `_make_divisible(· × width, 8)`) scales the stem, the head and every
    /// block depth; `round_repeats` is `ceil(depthCoefficient × repeats)`. Expansions are the
    /// block argument's input depth × ratio, unrounded, so the first block expands 24 × 4 =
    /// 96 although it reads the stem's 32 channels. S, M and L differ in (width, depth,
    /// resolution) = (1.0, 1.0, 224), (1.0, 1.1, 240), (1.2, 1.4, 300); depth is no zoo
    /// knob, so S and M are separate families.
    private static func efficientNetEdgeTPU(size: String, depthCoefficient: Double, resolution: Int) -> ZooFamily {
        ZooFamily(
            name: "efficientnet_edgetpu_\(size.lowercased())",
            summary: "EfficientNet-EdgeTPU-\(size) (Gupta & Akin 2020, arXiv:2003.02838); tensorflow/tpu efficientnet_edgetpu_builder.py, 1001 classes",
            defaultResolution: resolution, supportsWidth: true
        ) { b, width throws(ZooShapeError) in
            func filters(_ channels: Int) -> Int { ChannelRounding.makeDivisible(Double(channels) * width) }

            try b.conv("stem", out: filters(32), kernel: 3, stride: 2)
            let stages = [
                EdgeTPUStage(repeats: 1, kernel: 3, stride: 1, expandRatio: 4, input: 24, output: 24, fused: true, skip: false),
                EdgeTPUStage(repeats: 2, kernel: 3, stride: 2, expandRatio: 8, input: 24, output: 32, fused: true, skip: true),
                EdgeTPUStage(repeats: 4, kernel: 3, stride: 2, expandRatio: 8, input: 32, output: 48, fused: true, skip: true),
                EdgeTPUStage(repeats: 5, kernel: 5, stride: 2, expandRatio: 8, input: 48, output: 96, fused: false, skip: true),
                EdgeTPUStage(repeats: 4, kernel: 5, stride: 1, expandRatio: 8, input: 96, output: 144, fused: false, skip: true),
                EdgeTPUStage(repeats: 2, kernel: 5, stride: 2, expandRatio: 8, input: 144, output: 192, fused: false, skip: true),
            ]
            var index = 0
            for stage in stages {
                let repeats = Int((depthCoefficient * Double(stage.repeats)).rounded(.up))
                for repeat_ in 0..<repeats {
                    let input = repeat_ == 0 ? filters(stage.input) : filters(stage.output)
                    let (output, stride) = (filters(stage.output), repeat_ == 0 ? stage.stride : 1)
                    let name = "blocks_\(index)"
                    if stage.fused {
                        try b.fusedInvertedResidual(name, expanded: stage.expandRatio == 1 ? nil : input * stage.expandRatio,
                                                    out: output, stride: stride, residual: stage.skip && input == output)
                    } else {
                        try b.invertedResidual(name, expanded: input * stage.expandRatio, out: output,
                                               kernel: stage.kernel, stride: stride)
                    }
                    index += 1
                }
            }
            try b.conv("head", out: filters(1280), kernel: 1)
            b.classifier("classifier", classes: 1001)
        }
    }

    static let efficientNetEdgeTPUS = efficientNetEdgeTPU(size: "S", depthCoefficient: 1.0, resolution: 224)
    static let efficientNetEdgeTPUM = efficientNetEdgeTPU(size: "M", depthCoefficient: 1.1, resolution: 240)
}
