extension NetworkZoo {
    /// torchvision `alexnet.py` (the single-tower "one weird trick" variant, Krizhevsky 2014:
    /// 64-192-384-256-256 filters, no groups), 224×224 input, adaptive pool to 6×6 and three
    /// fc layers. All layers have biases, none batch norm.
    static let alexNet = ZooFamily(
        name: "alexnet",
        summary: "AlexNet (Krizhevsky et al. 2012; single-tower arXiv:1404.5997); torchvision alexnet.py, 1000 classes",
        defaultResolution: 224, supportsWidth: false
    ) { b, _ throws(ZooShapeError) in
        try b.conv("features.conv1", out: 64, kernel: 11, stride: 4, padding: .explicit(2), normalization: .bias)
        try b.pool("features.maxpool1", kernel: 3, stride: 2, padding: .valid)
        try b.conv("features.conv2", out: 192, kernel: 5, padding: .explicit(2), normalization: .bias)
        try b.pool("features.maxpool2", kernel: 3, stride: 2, padding: .valid)
        try b.conv("features.conv3", out: 384, kernel: 3, padding: .explicit(1), normalization: .bias)
        try b.conv("features.conv4", out: 256, kernel: 3, padding: .explicit(1), normalization: .bias)
        try b.conv("features.conv5", out: 256, kernel: 3, padding: .explicit(1), normalization: .bias)
        try b.pool("features.maxpool5", kernel: 3, stride: 2, padding: .valid)
        b.adaptiveAveragePool("avgpool", size: 6)
        b.fullyConnected("classifier.fc6", out: 4096)
        b.fullyConnected("classifier.fc7", out: 4096)
        b.fullyConnected("classifier.fc8", out: 1000)
    }
}
