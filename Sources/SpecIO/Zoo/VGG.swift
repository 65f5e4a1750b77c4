extension NetworkZoo {
    /// torchvision `vgg.py` configuration "D" without batch norm: 13 3×3 convs in five
    /// stages, each closed by a 2×2 max pool, adaptive pool to 7×7, three fc layers.
    static let vgg16 = ZooFamily(
        name: "vgg16",
        summary: "VGG-16 (Simonyan & Zisserman 2015, arXiv:1409.1556, config D); torchvision vgg.py, 1000 classes",
        defaultResolution: 224, supportsWidth: false
    ) { b, _ throws(ZooShapeError) in
        let stages = [[64, 64], [128, 128], [256, 256, 256], [512, 512, 512], [512, 512, 512]]
        for (stage, convs) in stages.enumerated() {
            for (index, channels) in convs.enumerated() {
                try b.conv("conv\(stage + 1)_\(index + 1)", out: channels, kernel: 3, padding: .explicit(1),
                           normalization: .bias)
            }
            try b.pool("pool\(stage + 1)", kernel: 2, stride: 2, padding: .valid)
        }
        b.adaptiveAveragePool("avgpool", size: 7)
        b.fullyConnected("fc6", out: 4096)
        b.fullyConnected("fc7", out: 4096)
        b.fullyConnected("fc8", out: 1000)
    }
}
