extension NetworkZoo {
    /// The MLPerf Tiny image-classification reference model, mlcommons/tiny
    /// `benchmark/training/image_classification/keras_model.py` `resnet_v1_eembc`: a 3×3
    /// conv of 16 on a 32×32×3 CIFAR-10 image, three residual stacks of two 3×3 convs with
    /// 16, 32 and 64 filters (stride 2 on the first conv of stacks 2 and 3, whose shortcut
    /// is a strided 1×1 conv), average pool over the whole map and a 10-way dense layer.
    /// Keras' `Conv2D` keeps its bias (`use_bias` defaults to true) ahead of each batch
    /// norm; the shortcut convs have a bias and no batch norm. Padding is 'SAME'. The
    /// reference has no width multiplier (a later revision of the file makes the 16 a
    /// `conv_filters` argument, but the benchmark's trained model is the 16-filter one).
    static let resNet8 = ZooFamily(
        name: "resnet8",
        summary: "ResNet-8 (He et al. 2016, arXiv:1512.03385; MLPerf Tiny, Banbury et al. 2021, arXiv:2106.07597); mlcommons/tiny image_classification keras_model.py, CIFAR-10, 10 classes",
        defaultResolution: 32, supportsWidth: false
    ) { b, _ throws(ZooShapeError) in
        try b.conv("conv1", out: 16, kernel: 3, normalization: .biasAndBatchNorm)
        for (stack, filters) in [16, 32, 64].enumerated() {
            let prefix = "stack\(stack + 1)"
            let stride = stack == 0 ? 1 : 2
            let input = b.current
            try b.conv("\(prefix).conv1", out: filters, kernel: 3, stride: stride, normalization: .biasAndBatchNorm)
            try b.conv("\(prefix).conv2", out: filters, kernel: 3, normalization: .biasAndBatchNorm)
            let residual = b.current
            var shortcut = input
            if stride != 1 {
                b.current = input
                try b.conv("\(prefix).shortcut", out: filters, kernel: 1, stride: stride, normalization: .bias)
                shortcut = b.current
            }
            b.current = residual
            b.add("\(prefix).add", shortcut)
        }
        b.classifier("classifier", classes: 10)
    }
}
