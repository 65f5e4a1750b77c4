import CodesignCore

/// A product's predicted time per inference, from the engine's terms and the profile's
/// calibration.
///
/// Per image at batch B (one invocation per batch):
///
///     T = t_inv / B + n·t_layer
///       + Σ_accelerator max(t_chip / u, (a + w / B) / (BW · e), t_floor)
///       + Σ_host (ops / host_rate + transfer / (BW · e))
///
/// n counts the PE-array layers on the accelerator (pooling and additions are fused into
/// their producers by vendor compilers), t_chip is the engine's on-chip time, u the achieved utilisation (a separate u_dw for
/// depthwise layers), a and w the activation
/// and weight bytes over the link (weights are fetched once per batch), BW the link's nominal
/// bandwidth and e its achieved efficiency, n the layers on the accelerator. This is the
/// roofline per layer that Timeloop-style models use, plus the two fixed costs every vendor
/// runtime has (driver invocation, per-layer set-up), which dominate small networks, and a
/// floor t_floor under every PE-array layer (a pipeline stage or a kernel never takes less,
/// however little work it has: the latency floor of GPU-kernel and dataflow models). The
/// invocation is paid once per batch; the per-layer set-up once per image, since every image
/// passes through every layer (in a pipelined device, as its stage time).
public struct DeviceModel: Sendable, Hashable {
    public var calibration: VendorCalibration
    public var hostMacsPerS: Double?
    public var publishedPowerW: Double?

    public init(vendor: VendorSpec) {
        self.calibration = vendor.calibration
        self.hostMacsPerS = vendor.host?.macsPerS
        self.publishedPowerW = vendor.powerW?.value
    }

    public init(calibration: VendorCalibration, hostMacsPerS: Double?, publishedPowerW: Double?) {
        self.calibration = calibration
        self.hostMacsPerS = hostMacsPerS
        self.publishedPowerW = publishedPowerW
    }

    /// The parts of a prediction, so reports can say what bounds the device.
    public struct Prediction: Sendable, Hashable {
        public var latencyS: Double
        public var overheadS: Double
        public var onChipBoundS: Double
        public var linkBoundS: Double
        public var hostS: Double
        public var hostLayers: Int
    }

    public func predict(_ terms: DeviceTerms, batch: Int = 1) -> Prediction {
        let c = calibration
        let b = Double(max(1, batch))
        let bandwidth = terms.linkBytesPerS.map { $0 * c.linkEfficiency } ?? .infinity
        var onChip = 0.0, link = 0.0, host = 0.0, floorTime = 0.0
        var accelerated = 0, hostLayers = 0
        for layer in terms.layers {
            if layer.onAccelerator {
                if layer.isArrayLayer { accelerated += 1 }
                let chip = layer.onChipS / (layer.isDepthwise ? c.depthwiseUtilization : c.utilization)
                let transfer = (layer.activationLinkBytes + layer.weightLinkBytes / b) / bandwidth
                let floor = layer.isArrayLayer ? c.layerFloorS : 0
                if floor > max(chip, transfer) { floorTime += floor }
                else if transfer > chip { link += transfer } else { onChip += chip }
            } else {
                hostLayers += 1
                host += layer.hostOps / (hostMacsPerS ?? .infinity) + layer.hostTransferBytes / bandwidth
            }
        }
        let overhead = c.invocationOverheadS / b + Double(accelerated) * c.layerOverheadS + floorTime
        return Prediction(latencyS: overhead + onChip + link + host, overheadS: overhead, onChipBoundS: onChip,
                          linkBoundS: link, hostS: host, hostLayers: hostLayers)
    }

    /// Average power while running: fitted on published energy rows when the device has
    /// them, otherwise the published figure.
    public var powerW: Double? { calibration.powerW ?? publishedPowerW }

    /// Which of the two `powerW` is; nil when the device has neither.
    public var powerBasis: EnergyBasis? {
        calibration.powerW != nil ? .measured : publishedPowerW != nil ? .rated : nil
    }
}

/// Where a device's energy per inference comes from.
public enum EnergyBasis: String, Sendable, Hashable {
    /// Power fitted on published energy per inference.
    case measured
    /// A published typical or rated power, not measured under the workload.
    case rated
    /// A design's modelled energy (the engine).
    case engine
}
