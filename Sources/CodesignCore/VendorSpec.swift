
/// The `vendor:` block of a vendor profile (INTERFACE.md, "vendor profile"): what a product
/// publishes, what the profile had to assume, and the calibration it was fitted with.
///
/// The design part of the profile (array, memories, clock) is modelled by the same engine as
/// any user design; this block says how far to trust it and how to turn the engine's figures
/// into the product's (`Vendors.DeviceModel`).
public struct VendorSpec: Sendable, Hashable {
    /// A published figure and where it comes from (source ids of ../shared/reference).
    public struct Figure: Sendable, Hashable {
        public var value: Double
        public var source: String

        public init(value: Double, source: String) {
            self.value = value
            self.source = source
        }
    }

    /// The CPU that runs the layers the accelerator cannot, and how fast it runs them.
    public struct Host: Sendable, Hashable {
        public var name: String
        /// Multiply-accumulates (or vector operations) per second on the host.
        public var macsPerS: Double
        public var source: String

        public init(name: String, macsPerS: Double, source: String) {
            self.name = name
            self.macsPerS = macsPerS
            self.source = source
        }
    }

    /// How the device runs a network's layers.
    public enum Execution: String, Sendable, Hashable, CaseIterable {
        /// One layer (or fused group) after another, as CPUs, GPUs and most NPUs do: weights
        /// the network schedule keeps resident stay on chip across batches.
        case layerByLayer = "layer_by_layer"
        /// A dataflow device that gives every layer its own part of the chip and streams
        /// activations between them row by row (Hailo-8). A layer that needs one activation
        /// operand whole before it can start (an attention matmul of two activations) breaks
        /// the stream, so the compiler splits the network into contexts that take the whole
        /// chip in turn: each batch loads every context's weights over the link again.
        case streaming
    }

    /// Fixed name of the device (INTERFACE.md, "Vendor names"): `edgetpu-usb`, `rk1808`, …
    public var device: String
    public var product: String
    /// What kind of hardware it is (`vendor.class`, default npu): a device without rows
    /// takes the prior of fitted devices of its own class.
    public var deviceClass: DeviceClass
    public var peakTOPS: Figure
    public var powerW: Figure?
    public var priceUSD: Figure?
    /// Bit-widths the device runs (8 for int8-only devices, 16 for FP16 devices).
    public var precisions: [Int]
    /// Layer kinds the accelerator runs; the others fall back to `host`.
    public var operators: Set<LayerOp>
    public var host: Host?
    /// `vendor.execution`, default `layer_by_layer`.
    public var execution: Execution
    /// What the vendor never published and the profile assumes, one sentence each.
    public var assumptions: [String]
    public var calibration: VendorCalibration
    /// Where the block is written, for diagnostics.
    public var location: SourceLocation

    public init(device: String, product: String, deviceClass: DeviceClass = .npu, peakTOPS: Figure, powerW: Figure?,
                priceUSD: Figure?, precisions: [Int], operators: Set<LayerOp>, host: Host?, execution: Execution = .layerByLayer,
                assumptions: [String], calibration: VendorCalibration, location: SourceLocation) {
        self.device = device
        self.product = product
        self.deviceClass = deviceClass
        self.peakTOPS = peakTOPS
        self.powerW = powerW
        self.priceUSD = priceUSD
        self.precisions = precisions
        self.operators = operators
        self.host = host
        self.execution = execution
        self.assumptions = assumptions
        self.calibration = calibration
        self.location = location
    }
}

/// The per-device efficiency parameters of a vendor profile (see `Vendors.DeviceModel` for
/// how each enters the prediction) and how they were obtained.
public struct VendorCalibration: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// Fitted on the device's own rows of benchmarks-calibration.csv.
        case fitted
        /// The device has no rows: the parameters are the median of the fitted devices'.
        case prior
    }

    public var method: Method
    /// Fraction of the engine's on-chip throughput the product achieves (0, 1].
    public var utilization: Double
    /// The same for depthwise convolutions, which NPUs built for dense convolutions run at a
    /// very different efficiency (one channel per filter leaves their reduction trees idle).
    public var depthwiseUtilization: Double
    /// Fraction of the off-chip link's nominal bandwidth the product achieves (0, 1].
    public var linkEfficiency: Double
    /// Fixed time per layer (kernel launch, DMA set-up, synchronisation), seconds.
    public var layerOverheadS: Double
    /// Least time any PE-array layer takes, however small (a pipeline stage's or a kernel's
    /// latency floor), seconds: a layer takes the larger of its work and this floor.
    public var layerFloorS: Double
    /// Fixed time per invocation (driver, host round trip), seconds.
    public var invocationOverheadS: Double
    /// Inferences in flight when a throughput (fps) is measured: a runtime that overlaps
    /// frames (pipelining, two inference threads) delivers `concurrency / latency` fps.
    public var concurrency: Double
    /// Average power while running, fitted on published energy rows; nil: use the published power.
    public var powerW: Double?
    /// Ids of the calibration rows used (Designs/vendors/calibration.csv).
    public var rows: [String]
    /// Median absolute relative error of the fit over `rows`; nil for a prior.
    public var medianAbsError: Double?

    public init(method: Method, utilization: Double, depthwiseUtilization: Double? = nil, linkEfficiency: Double,
                layerOverheadS: Double, layerFloorS: Double = 0,
                invocationOverheadS: Double, concurrency: Double = 1, powerW: Double? = nil, rows: [String] = [],
                medianAbsError: Double? = nil) {
        self.concurrency = concurrency
        self.method = method
        self.utilization = utilization
        self.depthwiseUtilization = depthwiseUtilization ?? utilization
        self.linkEfficiency = linkEfficiency
        self.layerOverheadS = layerOverheadS
        self.layerFloorS = layerFloorS
        self.invocationOverheadS = invocationOverheadS
        self.powerW = powerW
        self.rows = rows
        self.medianAbsError = medianAbsError
    }
}

/// The hardware classes a buyer weighs against a custom chip.
public enum DeviceClass: String, Sendable, Hashable, CaseIterable {
    case npu, gpu, cpu, mcu
}
