import SpecIO
import CodesignCore
import MappingSearch

/// A published figure matched to a compared workload, with where it comes from.
public struct PublishedFigure: Sendable, Hashable {
    public var metric: CalibrationRow.Metric
    public var value: Double
    public var source: String
    public var rowID: String
}

/// One device of a `compare` table: a vendor profile through its calibrated model, or the
/// user's own design through the engine alone.
public struct DeviceResult: Sendable {
    public var device: String
    public var product: String
    /// What stands in the row: a vendor device through its calibrated model, or a design
    /// through the engine alone.
    public enum Kind: String, Sendable, Hashable { case vendor, design }

    public var kind: Kind
    /// The vendor device's hardware class; nil for a design.
    public var deviceClass: DeviceClass?
    public var feasible: Bool
    /// Why the device cannot run the workload, or which constraints it misses.
    public var reason: String?
    /// Time of one invocation: the first result of a batch of `ComparedWorkload.batch`
    /// images (the time per image at batch 1).
    public var latencyS: Double?
    /// Images per second at steady state: batching spreads the fixed costs, and a runtime
    /// that keeps several frames in flight (the profile's concurrency) overlaps them.
    public var throughputFps: Double?
    /// Energy per image at steady state.
    public var energyJ: Double?
    public var powerW: Double?
    /// Where the power behind `energyJ` comes from; nil when there is none.
    public var energyBasis: EnergyBasis?
    public var unitPriceUSD: Double?
    public var topsPerW: Double?
    public var published: PublishedFigure?
    /// predicted / published − 1 for `published`.
    public var error: Double?
    public var calibration: VendorCalibration?
    /// Layers that fell back to the host CPU.
    public var hostLayers: Int
    /// What dominates the predicted time: "overhead", "on-chip", "link" or "host".
    public var bound: String?
    /// Constraints that could not be checked (e.g. area, which no vendor publishes).
    public var unchecked: [String]
    /// What the vendor profile assumes where nothing was published, one sentence each.
    public var assumptions: [String] = []

    public init(device: String, product: String, kind: Kind, feasible: Bool, reason: String?, hostLayers: Int = 0) {
        self.device = device
        self.product = product
        self.kind = kind
        self.feasible = feasible
        self.reason = reason
        self.hostLayers = hostLayers
        self.unchecked = []
    }
}

/// What `compare` evaluates: a network, and how to recognise its published results.
public struct ComparedWorkload: Sendable {
    /// The network as the workload runs it, `batch` images per invocation (what the engine
    /// evaluates for a design).
    public var network: Network
    /// One image of it: vendor device models take per-image terms and the batch apart.
    public var perImageNetwork: Network
    /// Images per invocation.
    public var batch: Int
    /// The zoo family and knobs, used to match calibration rows; nil for explicit networks.
    public var zooFamily: String?
    public var width: Double
    public var resolution: Int
    public var constraints: [Constraint]
    /// Top-1 of the variant when the workload's accuracy table has it.
    public var top1: Double?
    /// Chips made: a design's $/chip is judged at this volume (a device's price is its own).
    public var productionVolume: Int

    public init(network: Network, zooFamily: String?, width: Double, resolution: Int,
                constraints: [Constraint], top1: Double?, productionVolume: Int = ProductionVolume.defaultUnits) {
        self.productionVolume = productionVolume
        self.network = network
        (perImageNetwork, batch) = network.perImage
        self.zooFamily = zooFamily
        self.width = width
        self.resolution = resolution
        self.constraints = constraints
        self.top1 = top1
    }
}

public enum DeviceComparison {
    /// A vendor device: refused with a reason, or predicted through its calibrated model.
    public static func evaluate(_ workload: ComparedWorkload, on profile: VendorProfile, rows: [CalibrationRow]) -> DeviceResult {
        let vendor = profile.vendor
        var result = DeviceResult(device: vendor.device, product: vendor.product, kind: .vendor, feasible: true,
                                  reason: nil)
        result.calibration = vendor.calibration
        result.deviceClass = vendor.deviceClass
        result.assumptions = vendor.assumptions
        result.unitPriceUSD = vendor.priceUSD?.value
        let terms: DeviceTerms
        do {
            terms = try DeviceTerms.evaluate(workload.perImageNetwork, on: profile.accelerator, vendor: vendor)
        } catch {
            result.feasible = false
            result.reason = "\(error)"
            return result
        }
        let model = DeviceModel(vendor: vendor)
        let batch = workload.batch
        // Per image at this batch; the batch's first result takes all of its images.
        let prediction = model.predict(terms, batch: batch)
        let concurrency = vendor.calibration.concurrency
        result.latencyS = prediction.latencyS * Double(batch)
        result.throughputFps = concurrency / prediction.latencyS
        result.powerW = model.powerW
        result.energyJ = model.powerW.map { $0 * prediction.latencyS / concurrency }
        result.energyBasis = model.powerBasis
        result.topsPerW = model.powerW.map { vendor.peakTOPS.value / $0 }
        result.hostLayers = prediction.hostLayers
        let parts = [("overhead", prediction.overheadS), ("on-chip", prediction.onChipBoundS),
                     ("link", prediction.linkBoundS), ("host", prediction.hostS)]
        result.bound = parts.max { $0.1 < $1.1 }?.0
        if let family = workload.zooFamily {
            let matching = rows.filter {
                $0.use == .fit && $0.device == vendor.device && $0.network == family && $0.batch == batch
                    && abs($0.width - workload.width) < 1e-9 && $0.resolution == workload.resolution
                    && $0.precision == terms.runBits && $0.metric != .energyUJ
            }
            if let row = matching.first(where: { $0.metric == .latencyMS }) ?? matching.first {
                let predicted = Calibrator.predicted(row, terms: terms, model: model)
                result.published = PublishedFigure(metric: row.metric, value: row.value, source: row.sourceIDs, rowID: row.id)
                result.error = predicted.map { $0 / row.value - 1 }
            }
        }
        applyConstraints(workload, to: &result)
        return result
    }

    /// Marks a device infeasible for each workload constraint it misses, as exploration does
    /// for design points; a figure the device has not got (area) is listed as unchecked.
    public static func applyConstraints(_ workload: ComparedWorkload, to result: inout DeviceResult, areaMM2: Double? = nil) {
        var misses: [String] = []
        for c in workload.constraints {
            let measured: Double? = switch c.metric {
            case .throughput: result.throughputFps
            case .power: result.powerW
            case .energy: result.energyJ
            case .latency: result.latencyS
            case .cost: result.unitPriceUSD
            case .area: areaMM2
            case .top1: workload.top1
            case .edp: result.energyJ.flatMap { e in result.latencyS.map { e * $0 } }
            }
            guard let measured else {
                if c.metric == .top1 { misses.append("no accuracy for this variant") } else {
                    result.unchecked.append("\(c.metric.constraintKey): not published for this device")
                }
                continue
            }
            if let miss = c.check(measured: measured) { misses.append(miss) }
        }
        if !misses.isEmpty {
            result.feasible = false
            result.reason = misses.joined(separator: "; ")
        }
    }
}
