import CodesignCore
import Foundation
import SpecIO
import Testing
@testable import Vendors

@Suite struct DeviceTests {
    static func profile(_ name: String) -> VendorProfile { Bundled.catalog.profiles.first { $0.name == name }! }

    static func zoo(_ family: String, width: Double = 1, resolution: Int = 224, bits: Int = 8) -> Network {
        try! NetworkZoo.family(named: family)!.network(ModelVariant(width: width, resolution: resolution,
                                                                   weightBits: bits, activationBits: bits))
    }

    /// The nine fixed names of INTERFACE.md plus the CPUs and Gyrfalcon chips a buyer weighs
    /// beside them (issue 10), each with its class.
    @Test func everyNamedDeviceIsBundledWithItsClass() {
        let classes = Dictionary(uniqueKeysWithValues: Bundled.catalog.profiles.map { ($0.name, $0.vendor.deviceClass) })
        #expect(classes == ["edgetpu-usb": .npu, "edgetpu-pcie": .npu, "rk1808": .npu, "myriad-x": .npu, "hailo-8": .npu,
                            "kl520": .npu, "ethos-u55": .npu, "jetson-nano": .gpu, "cortex-m7": .mcu,
                            "gyrfalcon-2801s": .npu, "gyrfalcon-2803s": .npu, "x86-desktop": .cpu, "cortex-a53": .cpu,
                            "rpi4": .cpu, "rpi5": .cpu])
    }

    /// An Edge TPU gets much slower once the weights no longer fit its 8 MiB: the same
    /// profile with a 1 GiB SRAM keeps VGG-16's 138 M weights on chip and is several times
    /// faster; MobileNet v1 (4.2 M weights) stays on chip either way, so the link never
    /// bounds it.
    @Test func edgeTPUSlowsDownWhenWeightsExceedItsSRAM() throws {
        let tpu = Self.profile("edgetpu-usb")
        var big = tpu.accelerator
        let sram = try #require(big.memory.firstIndex { $0.name == "SRAM" })
        big.memory[sram].sizeBytes = 1 << 30
        let model = DeviceModel(vendor: tpu.vendor)
        for family in ["vgg16", "mobilenet_v1"] {
            let network = Self.zoo(family)
            let weightBytes = Double(network.parameterCount)
            let smallTerms = try DeviceTerms.evaluate(network, on: tpu.accelerator, vendor: tpu.vendor)
            let small = model.predict(smallTerms)
            let large = model.predict(try DeviceTerms.evaluate(network, on: big, vendor: tpu.vendor))
            let streamed = smallTerms.layers.reduce(0) { $0 + $1.weightLinkBytes }
            if weightBytes > 8 * 1024 * 1024 {
                // At least the weights beyond 8 MiB cross USB every inference.
                #expect(streamed >= weightBytes - 8 * 1024 * 1024, "\(family)")
                #expect(small.latencyS > 3 * large.latencyS, "\(family): \(small.latencyS) vs \(large.latencyS)")
                #expect(small.linkBoundS > small.onChipBoundS)
            } else {
                #expect(streamed == 0, "\(family)")
            }
        }
    }

    /// A streaming device (Hailo-8) splits a network at every attention matmul into contexts
    /// that take the chip in turn, so every weight crosses the link once per batch although
    /// 32 MiB would hold them; without attention, or run layer by layer, the same weights stay
    /// resident. Hand count: two 256×256 fc layers at 8 bits are 2 × 65,536 weight bytes; the
    /// matmul's second operand is an activation and is not reloaded.
    @Test(arguments: [(true, VendorSpec.Execution.streaming, 2, 131_072.0),
                      (false, VendorSpec.Execution.streaming, 1, 0.0),
                      (true, VendorSpec.Execution.layerByLayer, 1, 0.0)])
    func streamingDevicesReloadWeightsPerBatchAcrossContexts(attention: Bool, execution: VendorSpec.Execution,
                                                             contexts: Int, reloadedBytes: Double) throws {
        let p = Self.profile("hailo-8")
        var vendor = p.vendor
        vendor.execution = execution
        var layers = [Layer(name: "q", op: .fc, bounds: DimensionVector(k: 256, c: 256, p: 64))]
        if attention {
            layers.append(Layer(name: "qk", op: .matmul, bounds: DimensionVector(g: 4, k: 64, c: 64, p: 64),
                                weightsAreActivations: true))
        }
        layers.append(Layer(name: "o", op: .fc, bounds: DimensionVector(k: 256, c: 256, p: 64)))
        let network = try Network(name: "n", layers: layers)
        let terms = try DeviceTerms.evaluate(network, on: p.accelerator, vendor: vendor)
        #expect(terms.contexts == contexts)
        let reloaded = terms.layers.reduce(0) { $0 + $1.weightLinkBytes }
        #expect(abs(reloaded - reloadedBytes) <= 1e-9 * max(1, reloadedBytes))
        #expect(terms.layers.first { $0.name == "qk" }?.weightLinkBytes ?? 0 == 0)
        // Per batch: at batch 8 each image pays an eighth of the reload.
        let model = DeviceModel(vendor: vendor)
        let perImage1 = model.predict(terms, batch: 1).latencyS, perImage8 = model.predict(terms, batch: 8).latencyS
        let invocationShare = vendor.calibration.invocationOverheadS * 7 / 8
        if reloadedBytes > 0 { #expect(perImage1 - perImage8 > invocationShare) }
        else { #expect(abs(perImage1 - perImage8 - invocationShare) < 1e-12) }
    }

    @Test(arguments: [("edgetpu-usb", 16, "edgetpu-usb runs 8-bit models only; this variant is 16-bit"),
                      ("hailo-8", 16, "hailo-8 runs 8-bit models only; this variant is 16-bit")])
    func unsupportedPrecisionIsRefused(device: String, bits: Int, message: String) {
        let p = Self.profile(device)
        #expect(throws: DeviceRefusal(message)) {
            try DeviceTerms.evaluate(Self.zoo("mobilenet_v1", bits: bits), on: p.accelerator, vendor: p.vendor)
        }
    }

    /// An int8 model on an FP16-only device runs converted to FP16.
    @Test func narrowerModelsRunAtTheDevicePrecision() throws {
        let p = Self.profile("myriad-x")
        let terms = try DeviceTerms.evaluate(Self.zoo("mobilenet_v1", width: 0.25, resolution: 128), on: p.accelerator,
                                             vendor: p.vendor)
        #expect(terms.runBits == 16)
    }

    /// AlexNet's grouped convolutions are not among the Edge TPU's operators: they run on the
    /// host at its fitted rate, and cost at least their MACs at that rate.
    @Test func unsupportedOperatorsFallBackToTheHost() throws {
        let p = Self.profile("edgetpu-usb")
        let layers: [Layer] = [
            Layer(name: "c1", op: .conv, bounds: DimensionVector(k: 32, c: 3, p: 16, q: 16, r: 3, s: 3)),
            Layer(name: "c2", op: .grouped, bounds: DimensionVector(g: 2, k: 16, c: 16, p: 16, q: 16, r: 3, s: 3)),
        ]
        let network = try Network(name: "n", layers: layers)
        let terms = try DeviceTerms.evaluate(network, on: p.accelerator, vendor: p.vendor)
        let prediction = DeviceModel(vendor: p.vendor).predict(terms)
        #expect(prediction.hostLayers == 1)
        let hostRate = try #require(p.vendor.host?.macsPerS)
        #expect(prediction.hostS >= Double(layers[1].macs) / hostRate)
    }

    @Test func unknownVendorNamesAreRefusedWithASuggestion() {
        guard case .failure(let refusal) = Bundled.catalog.select("edgetpu-usb,hailo8") else {
            Issue.record("an unknown name was accepted")
            return
        }
        #expect(refusal.description.contains("unknown vendor 'hailo8'; did you mean 'hailo-8'?"))
        guard case .success(let all) = Bundled.catalog.select("all") else { return }
        #expect(all.count == 15)
    }
}
