import CodesignCore
import Foundation
import MappingSearch
import SpecIO

/// One device's calibration: the fit of its accelerator parameters on its rows (or the
/// prior), its host CPU's rate fitted on its host rows, and every row with its prediction.
public struct DeviceCalibration: Sendable {
    public var device: String
    /// The profile's class, whose fitted devices give the prior of the ones without rows.
    public var deviceClass: DeviceClass
    public var fit: CalibrationFit
    /// Host rate fitted on the device's host rows; nil when it has none.
    public var hostMacsPerS: Double?
    /// The profile's published power, which energy falls back to without energy rows.
    public var publishedPowerW: Double?
    public var hostRows: [CalibrationRow]
    /// Rows of the device that are not used, with their reasons.
    public var unusedRows: [CalibrationRow]
    /// The same rows predicted with the fitted calibration, for comparison only.
    public var unusedPredictions: [RowPrediction]
    /// The engine's terms of every fitted row, so that other calibrations (a profile's
    /// stored one) can be weighed against the rows without running the engine again.
    public var samples: [(row: CalibrationRow, terms: DeviceTerms)]
    /// Every fitted row predicted by the same procedure run without it (leave-one-out):
    /// the figure a published result the fit never saw can expect. A row whose device has
    /// no other time row is predicted with the prior, as a device without rows would be
    /// (with the published power, if any, for its energy).
    public var leaveOneOut: [RowPrediction] = []

    /// Median |error| of `leaveOneOut`; nil without rows.
    public var leaveOneOutMedianAbsError: Double? {
        leaveOneOut.isEmpty ? nil : median(leaveOneOut.map { abs($0.relativeError) })
    }
}

/// Fits every profile of a catalog on the calibration table (README, "Vendor profiles").
/// Devices with rows are fitted first; the others get the prior of the fitted ones of
/// their class.
public enum CalibrationRun {
    /// `leaveOneOut` also refits every device once per row without it (`DeviceCalibration.leaveOneOut`).
    public static func run(catalog: VendorCatalog, rows: [CalibrationRow], cache: MappingCache = MappingCache(),
                           leaveOneOut: Bool = true) throws -> [DeviceCalibration] {
        var diagnostics: [Diagnostic] = []
        for row in rows where !catalog.names.contains(row.device) {
            diagnostics.append(.error("unknown device '\(row.device)'\(Suggestions.didYouMean(row.device, among: catalog.names))",
                                      at: row.location))
        }
        var networks: [String: Network] = [:]
        for row in rows {
            do { networks[networkKey(row)] = try network(for: row) } catch {
                // An unused row may name a model the zoo lacks: it is listed, not predicted.
                if row.use != .no { diagnostics.append(.error("\(error)", at: row.location)) }
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }

        // The engine runs once per (device, row network), in parallel; the fits are cheap.
        // Rows of one device that differ only in batch or metric share the network's terms
        // (the batch is applied by DeviceModel.predict), so each network runs once.
        let jobs = catalog.profiles.flatMap { profile in
            rows.filter { $0.device == profile.name && $0.use != .host && networks[networkKey($0)] != nil }
                .map { (profile, $0) }
        }
        var engineRuns: [(profile: VendorProfile, key: String)] = []
        var runOfJob: [Int] = []
        var runIndex: [String: Int] = [:]
        for (profile, row) in jobs {
            let key = profile.name + "|" + networkKey(row)
            if let i = runIndex[key] { runOfJob.append(i); continue }
            runIndex[key] = engineRuns.count
            runOfJob.append(engineRuns.count)
            engineRuns.append((profile, networkKey(row)))
        }
        let built = networks
        let runs = engineRuns
        let terms = ResultSlots<Result<DeviceTerms, any Error>>(count: runs.count)
        DispatchQueue.concurrentPerform(iterations: runs.count) { i in
            terms[i] = Result {
                try DeviceTerms.evaluate(built[runs[i].key]!, on: runs[i].profile.accelerator,
                                         vendor: runs[i].profile.vendor, cache: cache)
            }
        }
        let evaluated = runOfJob.map { terms[$0] }
        var results: [DeviceCalibration] = []
        for profile in catalog.profiles {
            let mine = rows.filter { $0.device == profile.name }
            let hostRows = mine.filter { $0.use == .host && $0.metric != .energyUJ }
            var hostRate = profile.vendor.host?.macsPerS
            if !hostRows.isEmpty {
                hostRate = median(hostRows.map { row in
                    Double(networks[networkKey(row)]!.macs) * (row.metric == .fps ? row.value : 1 / (row.value * 1e-3))
                })
            }
            var samples: [(row: CalibrationRow, terms: DeviceTerms)] = []
            var unused: [(row: CalibrationRow, terms: DeviceTerms)] = []
            for (i, job) in jobs.enumerated() where job.0.name == profile.name {
                switch evaluated[i]! {
                case .success(let terms):
                    if job.1.use == .fit { samples.append((job.1, terms)) } else { unused.append((job.1, terms)) }
                case .failure(let error) where job.1.use == .fit:
                    diagnostics.append(.error("\(profile.name) cannot run this row's network: \(error)", at: job.1.location))
                case .failure:
                    continue
                }
            }
            let published = profile.vendor.powerW?.value
            let fit = Calibrator.fit(samples: samples, hostMacsPerS: hostRate, publishedPowerW: published)
            let model = DeviceModel(calibration: fit.calibration, hostMacsPerS: hostRate, publishedPowerW: published)
            let unusedPredictions = unused.compactMap { u in
                Calibrator.predicted(u.row, terms: u.terms, model: model).map { RowPrediction(row: u.row, predicted: $0) }
            }
            results.append(DeviceCalibration(device: profile.name, deviceClass: profile.vendor.deviceClass, fit: fit,
                                             hostMacsPerS: hostRate, publishedPowerW: published, hostRows: hostRows,
                                             unusedRows: mine.filter { $0.use == .no }, unusedPredictions: unusedPredictions,
                                             samples: samples))
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        for i in results.indices where results[i].fit.predictions.isEmpty {
            if let prior = prior(for: results[i], excludingItself: false, results: results) {
                results[i].fit.calibration = prior
            }
        }
        if leaveOneOut { Self.leaveOneOut(&results) }
        return results
    }

    /// Refits every device once per fitted row without that row and predicts it. A device
    /// left with no time row takes the prior of the other devices' full fits (its own fit
    /// would otherwise enter its prior). The fits run in parallel; results are in row order.
    static func leaveOneOut(_ results: inout [DeviceCalibration]) {
        let jobs = results.indices.flatMap { d in results[d].samples.indices.map { (d, $0) } }
        let snapshot = results
        let predictions = ResultSlots<RowPrediction?>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { j in
            let (d, i) = jobs[j]
            let device = snapshot[d]
            var rest = device.samples
            let heldOut = rest.remove(at: i)
            let calibration: VendorCalibration
            if rest.contains(where: { $0.row.metric != .energyUJ }) {
                calibration = Calibrator.fit(samples: rest, hostMacsPerS: device.hostMacsPerS,
                                             publishedPowerW: device.publishedPowerW).calibration
            } else {
                guard let prior = prior(for: device, excludingItself: true, results: snapshot) else {
                    predictions[j] = .some(nil)
                    return
                }
                calibration = prior
            }
            let model = DeviceModel(calibration: calibration, hostMacsPerS: device.hostMacsPerS,
                                    publishedPowerW: device.publishedPowerW)
            predictions[j] = .some(Calibrator.predicted(heldOut.row, terms: heldOut.terms, model: model).map {
                RowPrediction(row: heldOut.row, predicted: $0)
            })
        }
        for (j, job) in jobs.enumerated() {
            if let prediction = predictions[j] ?? nil { results[job.0].leaveOneOut.append(prediction) }
        }
    }

    /// The prior of a device without rows: the median of the fitted devices of its class
    /// (a CPU's efficiency says little about an NPU's), of all fitted devices when its class
    /// has none; `excludingItself` leaves the device's own fit out. Nil when nothing is fitted.
    static func prior(for device: DeviceCalibration, excludingItself: Bool,
                      results: [DeviceCalibration]) -> VendorCalibration? {
        let fitted = results.filter { !$0.fit.predictions.isEmpty && !(excludingItself && $0.device == device.device) }
        guard !fitted.isEmpty else { return nil }
        let sameClass = fitted.filter { $0.deviceClass == device.deviceClass }
        return Calibrator.prior(from: (sameClass.isEmpty ? fitted : sameClass).map(\.fit.calibration))
    }

    static func networkKey(_ row: CalibrationRow) -> String {
        "\(row.network)|\(row.width)|\(row.resolution)|\(row.precision)"
    }

    /// The zoo network a row names, at the row's width, resolution and precision.
    public static func network(for row: CalibrationRow) throws -> Network {
        guard let family = NetworkZoo.family(named: row.network) else {
            throw DeviceRefusal("unknown zoo network '\(row.network)'\(Suggestions.didYouMean(row.network, among: NetworkZoo.families.map(\.name)))")
        }
        return try family.network(ModelVariant(width: row.width, resolution: row.resolution,
                                             weightBits: row.precision, activationBits: row.precision))
    }
}

/// Fixed slots filled from concurrent iterations, each slot by one iteration only; read
/// after the iterations end, so results come out in job order whatever the timing.
final class ResultSlots<Value>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { values[index] } }
        set { lock.withLock { values[index] = newValue } }
    }
}
