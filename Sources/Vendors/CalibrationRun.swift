import CodesignCore
import Foundation
import MappingSearch
import SpecIO

/// One device's calibration: the fit of its accelerator parameters on its rows (or the
/// prior), its host CPU's rate fitted on its host rows, and every row with its prediction.
public struct DeviceCalibration: Sendable {
    public var device: String
    public var fit: CalibrationFit
    /// Host rate fitted on the device's host rows; nil when it has none.
    public var hostMacsPerS: Double?
    public var hostRows: [CalibrationRow]
    /// Rows of the device that are not used, with their reasons.
    public var unusedRows: [CalibrationRow]
    /// The same rows predicted with the fitted calibration, for comparison only.
    public var unusedPredictions: [RowPrediction]
    /// The engine's terms of every fitted row, so that other calibrations (a profile's
    /// stored one) can be weighed against the rows without running the engine again.
    public var samples: [(row: CalibrationRow, terms: DeviceTerms)]
}

/// Fits every profile of a catalog on the calibration table (README, "Vendor profiles").
/// Devices with rows are fitted first; the others get the prior of the fitted ones.
public enum CalibrationRun {
    public static func run(catalog: VendorCatalog, rows: [CalibrationRow],
                           cache: MappingCache = MappingCache()) throws -> [DeviceCalibration] {
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
        let jobs = catalog.profiles.flatMap { profile in
            rows.filter { $0.device == profile.name && $0.use != .host && networks[networkKey($0)] != nil }
                .map { (profile, $0) }
        }
        let built = networks
        let evaluated = ResultSlots<Result<DeviceTerms, any Error>>(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let (profile, row) = jobs[i]
            evaluated[i] = Result {
                try DeviceTerms.evaluate(built[networkKey(row)]!, on: profile.accelerator, vendor: profile.vendor,
                                         cache: cache)
            }
        }
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
            let fit = Calibrator.fit(samples: samples, hostMacsPerS: hostRate, publishedPowerW: profile.vendor.powerW?.value)
            let model = DeviceModel(calibration: fit.calibration, hostMacsPerS: hostRate,
                                    publishedPowerW: profile.vendor.powerW?.value)
            let unusedPredictions = unused.compactMap { u -> RowPrediction? in
                Calibrator.predicted(u.row, terms: u.terms, model: model).map {
                    RowPrediction(row: u.row, predicted: $0, relativeError: $0 / u.row.value - 1)
                }
            }
            results.append(DeviceCalibration(device: profile.name, fit: fit, hostMacsPerS: hostRate, hostRows: hostRows,
                                             unusedRows: mine.filter { $0.use == .no }, unusedPredictions: unusedPredictions,
                                             samples: samples))
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        let fitted = results.filter { !$0.fit.predictions.isEmpty }.map(\.fit.calibration)
        if !fitted.isEmpty {
            let prior = Calibrator.prior(from: fitted)
            for i in results.indices where results[i].fit.predictions.isEmpty {
                results[i].fit.calibration = prior
            }
        }
        return results
    }

    static func networkKey(_ row: CalibrationRow) -> String {
        "\(row.network)|\(row.width)|\(row.resolution)|\(row.precision)"
    }

    /// The zoo network a row names, at the row's width, resolution and precision.
    public static func network(for row: CalibrationRow) throws -> Network {
        guard let family = NetworkZoo.family(named: row.network) else {
            throw DeviceRefusal("unknown zoo network '\(row.network)'\(Suggestions.didYouMean(row.network, among: NetworkZoo.families.map(\.name)))")
        }
        return try family.network(ZooVariant(width: row.width, resolution: row.resolution,
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
