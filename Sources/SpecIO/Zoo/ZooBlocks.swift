/// Building blocks shared by several families, each as its reference code builds it.
extension ZooNetworkBuilder {
    /// MobileNet v1 / DS-CNN separable convolution: depthwise k×k, then pointwise 1×1.
    mutating func depthwiseSeparable(_ name: String, out: Int, kernel: Int = 3, stride: Int = 1,
                                     normalization norm: ZooNormalization = .batchNorm) throws(ZooShapeError) {
        try depthwise("\(name)_depthwise", kernel: kernel, stride: stride, normalization: norm)
        try conv("\(name)_pointwise", out: out, kernel: 1, normalization: norm)
    }

    /// MobileNet v2/v3 and EfficientNet inverted residual (MBConv): 1×1 expansion (skipped
    /// when it would not widen, as in TF-slim `expanded_conv` and EfficientNet with expand
    /// ratio 1), depthwise k×k, optional squeeze-and-excite on the expanded tensor, linear
    /// 1×1 projection, and the residual addition when stride is 1 and the depth is unchanged.
    /// `dilation` is the depthwise conv's atrous rate (TF-slim `mobilenet_base` with an
    /// `output_stride`, as DeepLab uses it).
    mutating func invertedResidual(_ name: String, expanded: Int, out: Int, kernel: Int, stride: Int,
                                   dilation: Int = 1, squeezeChannels: Int? = nil) throws(ZooShapeError) {
        let input = current
        if expanded > input.channels {
            try conv("\(name)/expand", out: expanded, kernel: 1)
        }
        try depthwise("\(name)/depthwise", kernel: kernel, stride: stride, dilation: dilation)
        if let squeezeChannels {
            squeezeExcite("\(name)/squeeze_excite", squeezeChannels: squeezeChannels)
        }
        try conv("\(name)/project", out: out, kernel: 1)
        if stride == 1 && out == input.channels {
            add("\(name)/add", input)
        }
    }

    /// Fused MBConv of EfficientNet-EdgeTPU, as tensorflow/tpu `efficientnet_model.py`
    /// `MBConvBlockWithoutDepthwise` builds it (block type `c1`): a full 3×3 expansion conv
    /// at stride 1 (skipped when `expanded` is nil, expand ratio 1), then the 1×1 projection,
    /// which carries the block's stride, so the expensive 3×3 runs at the input
    /// resolution. The residual is added when `residual` (the block's `id_skip` and its
    /// block-argument depths are equal) and the stride is 1.
    mutating func fusedInvertedResidual(_ name: String, expanded: Int?, out: Int, stride: Int,
                                        residual: Bool) throws(ZooShapeError) {
        let input = current
        if let expanded {
            try conv("\(name)/expand", out: expanded, kernel: 3)
        }
        try conv("\(name)/project", out: out, kernel: 1, stride: stride)
        if residual && stride == 1 {
            add("\(name)/add", input)
        }
    }

    /// Squeeze-and-excite (Hu et al. 2018) as in MobileNet v3: global pool, 1×1 squeeze and
    /// excite convolutions with biases (fc layers on a 1×1 map), then the channel-wise gate.
    mutating func squeezeExcite(_ name: String, squeezeChannels: Int) {
        let gated = current
        globalAveragePool("\(name)/pool")
        fullyConnected("\(name)/squeeze", out: squeezeChannels)
        fullyConnected("\(name)/excite", out: gated.channels)
        let gate = current
        scale("\(name)/scale", gated, by: gate)
    }

    /// Global average pool and a fully connected classifier with biases.
    mutating func classifier(_ name: String, classes: Int) {
        globalAveragePool("\(name)/pool")
        fullyConnected("\(name)/fc", out: classes)
    }
}
