extension NetworkZoo {
    /// torchvision `vgg.py` without batch norm: 3×3 convs in five stages of 64, 128, 256,
    /// 512 and 512 channels, each stage closed by a 2×2 max pool, adaptive pool to 7×7, and
    /// three fc layers. The configurations differ only in convs per stage ("D" for VGG-16,
    /// "E" for VGG-19, the paper's Table 1).
    private static func vgg(depth: Int, configuration: String, convsPerStage: [Int]) -> ZooFamily {
        ZooFamily(
            name: "vgg\(depth)",
            summary: "VGG-\(depth) (Simonyan & Zisserman 2015, arXiv:1409.1556, config \(configuration)); torchvision vgg.py, 1000 classes",
            defaultResolution: 224, supportsWidth: false
        ) { b, _ throws(ZooShapeError) in
            let channels = [64, 128, 256, 512, 512]
            for (stage, convs) in convsPerStage.enumerated() {
                for index in 0..<convs {
                    try b.conv("conv\(stage + 1)_\(index + 1)", out: channels[stage], kernel: 3, padding: .explicit(1),
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

    static let vgg16 = vgg(depth: 16, configuration: "D", convsPerStage: [2, 2, 3, 3, 3])
    static let vgg19 = vgg(depth: 19, configuration: "E", convsPerStage: [2, 2, 4, 4, 4])
}
