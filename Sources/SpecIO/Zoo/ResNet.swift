extension NetworkZoo {
    private enum ResNetBlock {
        /// Two 3×3 convs (ResNet-18/34).
        case basic
        /// 1×1, 3×3, 1×1 with 4× expansion; stride on the 3×3 ("ResNet v1.5", torchvision).
        case bottleneck

        var expansion: Int { self == .basic ? 1 : 4 }
    }

    /// torchvision `resnet.py`: 7×7/2 stem, 3×3/2 max pool, four stages of 64·2^i planes
    /// (stride 2 on the first block of stages 2–4, 1×1 strided projection shortcut where the
    /// shape changes), global pool and a 1000-way fc. Convs carry batch norm, no bias.
    private static func resNet(name: String, depth: Int, block: ResNetBlock, blocksPerStage: [Int]) -> ZooFamily {
        ZooFamily(
            name: name,
            summary: "ResNet-\(depth) (He et al. 2016, arXiv:1512.03385); torchvision resnet.py\(block == .bottleneck ? " (stride on the 3x3, v1.5)" : ""), 1000 classes",
            defaultResolution: 224, supportsWidth: false
        ) { b, _ throws(ZooShapeError) in
            try b.conv("conv1", out: 64, kernel: 7, stride: 2, padding: .explicit(3))
            try b.pool("maxpool", kernel: 3, stride: 2, padding: .explicit(1))
            for (stage, blocks) in blocksPerStage.enumerated() {
                let planes = 64 << stage
                for index in 0..<blocks {
                    let prefix = "layer\(stage + 1).\(index)"
                    let stride = stage > 0 && index == 0 ? 2 : 1
                    let input = b.current
                    switch block {
                    case .basic:
                        try b.conv("\(prefix).conv1", out: planes, kernel: 3, stride: stride, padding: .explicit(1))
                        try b.conv("\(prefix).conv2", out: planes, kernel: 3, padding: .explicit(1))
                    case .bottleneck:
                        try b.conv("\(prefix).conv1", out: planes, kernel: 1, padding: .valid)
                        try b.conv("\(prefix).conv2", out: planes, kernel: 3, stride: stride, padding: .explicit(1))
                        try b.conv("\(prefix).conv3", out: planes * block.expansion, kernel: 1, padding: .valid)
                    }
                    let residual = b.current
                    var shortcut = input
                    if stride != 1 || input.channels != planes * block.expansion {
                        b.current = input
                        try b.conv("\(prefix).downsample", out: planes * block.expansion, kernel: 1, stride: stride,
                                   padding: .valid)
                        shortcut = b.current
                    }
                    b.current = residual
                    b.add("\(prefix).add", shortcut)
                }
            }
            b.classifier("fc", classes: 1000)
        }
    }

    static let resNet18 = resNet(name: "resnet18", depth: 18, block: .basic, blocksPerStage: [2, 2, 2, 2])
    static let resNet34 = resNet(name: "resnet34", depth: 34, block: .basic, blocksPerStage: [3, 4, 6, 3])
    static let resNet50 = resNet(name: "resnet50", depth: 50, block: .bottleneck, blocksPerStage: [3, 4, 6, 3])
}
