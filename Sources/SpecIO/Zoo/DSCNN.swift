extension NetworkZoo {
    /// ARM ML-KWS-for-MCU `models.py` `create_ds_cnn_model` with the DS-CNN-S row of
    /// `train_commands.txt` (`5 64 10 4 2 2 64 3 3 1 1 ×4`): a 10×4 conv of 64 with stride
    /// 2, four depthwise-separable layers of 64, average pool, fc to 12 keywords. Every
    /// conv has a bias and batch norm; padding is 'SAME'. Input: `resolution` MFCC frames
    /// (49 = 1 s of audio at a 20 ms stride) × 10 coefficients.
    static let dsCNN = ZooFamily(
        name: "ds_cnn",
        summary: "DS-CNN-S keyword spotting (Zhang et al. 2017 \"Hello Edge\", arXiv:1711.07128); ARM ML-KWS-for-MCU, 12 classes; resolution = MFCC frames (x10 coefficients)",
        defaultResolution: 49, supportsWidth: false, input: ZooInput(channels: 1, fixedWidth: 10)
    ) { b, _ throws(ZooShapeError) in
        try b.conv("conv_1", out: 64, kernel: 10, kernelWidth: 4, stride: 2, normalization: .biasAndBatchNorm)
        for index in 1...4 {
            try b.depthwiseSeparable("conv_ds_\(index)", out: 64, normalization: .biasAndBatchNorm)
        }
        b.globalAveragePool("avg_pool")
        b.fullyConnected("fc1", out: 12)
    }
}
