import CodesignCore
import Exploration
import Foundation
import MappingSearch
import NetworkScheduling
import Reporting
import SpecIO
import Vendors

/// The vendor profiles and the calibration table they are fitted on, loaded and checked
/// together so every problem of both is reported at once.
public struct VendorInputs: Sendable {
    public var catalog: VendorCatalog
    public var rows: [CalibrationRow]

    public init(profilesDirectory: String, calibrationPath: String) throws(DiagnosticsError) {
        let (catalog, rows) = try loadTogether({ () throws(DiagnosticsError) in try VendorCatalog.load(directory: profilesDirectory) },
                                               { () throws(DiagnosticsError) in try CalibrationTable.load(path: calibrationPath) })
        self.catalog = catalog
        self.rows = rows
        try Self.crossCheck(catalog: catalog, rows: rows, profilesDirectory: profilesDirectory, calibrationPath: calibrationPath)
    }

    /// Each file may be right on its own and the two still disagree: a row for a device no
    /// profile defines, a profile fitted on rows the table does not have (or has for another
    /// device), or no profile at all. Each would silently drop a device or a fit.
    private static func crossCheck(catalog: VendorCatalog, rows: [CalibrationRow], profilesDirectory: String,
                                   calibrationPath: String) throws(DiagnosticsError) {
        if catalog.profiles.isEmpty {
            throw DiagnosticsError("no vendor profile in '\(profilesDirectory)': expected .yaml files with a 'vendor:' block",
                                   at: .file(profilesDirectory))
        }
        var diagnostics: [Diagnostic] = []
        let devices = Set(catalog.names)
        for row in rows where !devices.contains(row.device) {
            diagnostics.append(.error("row '\(row.id)' is for device '\(row.device)', which no profile in '\(profilesDirectory)' defines",
                                      at: row.location))
        }
        let byID = Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for profile in catalog.profiles {
            for id in profile.vendor.calibration.rows {
                guard let row = byID[id] else {
                    diagnostics.append(.error("the calibration lists row '\(id)', which \(calibrationPath) does not have",
                                              at: profile.vendor.location))
                    continue
                }
                if row.device != profile.name {
                    diagnostics.append(.error("the calibration lists row '\(id)', which is a row of device '\(row.device)', not '\(profile.name)'",
                                              at: profile.vendor.location, notes: [.note("the row", at: row.location)]))
                }
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
    }
}

/// What `compare` puts beside the vendor devices: the user's design, or the best point of
/// an exploration's store.
public enum ComparedDesign: Sendable {
    case designFile(String)
    case bestStoredPoint(storePath: String)
}

extension Codesign {
    /// A workload variant on each vendor device through its calibrated model, and on the
    /// user's designs through the engine alone, with every workload constraint checked.
    public static func compare(workloadPath: String, variant choice: VariantChoice, devices profiles: [VendorProfile],
                               rows: [CalibrationRow], designs: [ComparedDesign]) throws(DiagnosticsError) -> ComparisonReport {
        let spec: WorkloadSpec
        do { spec = try SpecLoader.loadWorkload(path: workloadPath) } catch { throw DiagnosticsError(error.diagnostics) }
        if let pruning = choice.pruning, pruning != 0 {
            throw DiagnosticsError("compare models dense networks only; pruning=\(pruning) is not supported",
                                   at: spec.locations.network)
        }
        let variant = choice.variant(in: spec)
        let network: Network
        do { network = try spec.network(variant) } catch { throw DiagnosticsError(error.diagnostics) }
        let top1 = spec.accuracy?.top1(for: variant).value
        var family: String?
        if case .zoo(let name) = spec.network { family = name }
        let compared = ComparedWorkload(network: network, zooFamily: family, width: variant.width, resolution: variant.resolution,
                                        constraints: spec.constraints, top1: top1,
                                        productionVolume: spec.productionVolume)
        var devices = profiles.map { DeviceComparison.evaluate(compared, on: $0, rows: rows) }
        for design in designs {
            switch design {
            case .designFile(let path):
                let spec = try loadDesign(path: path)
                if spec.isSpace {
                    throw DiagnosticsError("'\(spec.name)' is a design space with \(spec.pointCount) points; give one design",
                                           at: .file(path))
                }
                devices.append(designResult(spec.accelerator(at: 0), product: "your design (engine estimate, not calibrated)",
                                            workload: compared))
            case .bestStoredPoint(let storePath):
                let (accelerator, pointName) = try bestStoredDesign(storePath: storePath)
                devices.append(designResult(accelerator, product: "best point of \(storePath) (\(pointName); engine estimate)",
                                            workload: compared))
            }
        }
        let variantText = "width \(JSONValue.format(variant.width)), resolution \(variant.resolution), \(variant.precision)-bit"
        return ComparisonReport(workload: spec.name, variantText: variantText, devices: devices, batch: compared.batch)
    }

    private static func loadDesign(path: String) throws(DiagnosticsError) -> DesignSpec {
        do { return try SpecLoader.loadDesign(path: path) } catch { throw DiagnosticsError(error.diagnostics) }
    }

    /// The design of the store's feasible point with the least energy-delay product, from the
    /// design space the run explored (its path is among the store's arguments).
    private static func bestStoredDesign(storePath: String) throws(DiagnosticsError) -> (Accelerator, String) {
        let location = SourceLocation.file(storePath)
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw DiagnosticsError("no results store at '\(storePath)'", at: location)
        }
        let run: RunDescription?
        let points: [EvaluatedPoint]
        do {
            let store = try ResultsStore(path: storePath)
            run = try store.run()
            points = try store.allPoints()
        } catch {
            throw DiagnosticsError(store: error, fallback: location)
        }
        guard let arguments = run?.arguments, let i = arguments.firstIndex(of: "--space"), i + 1 < arguments.count else {
            throw DiagnosticsError("the store '\(storePath)' does not record its design space", at: location)
        }
        let best = points.filter(\.feasible).compactMap { p in p.metrics.map { (p, $0.energyJ * $0.latencyS) } }
            .min { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
        guard let best else { throw DiagnosticsError("the store '\(storePath)' has no feasible point", at: location) }
        let space = try loadDesign(path: arguments[i + 1])
        guard (0..<space.pointCount).contains(best.0.id.designIndex) else {
            throw DiagnosticsError("the store's design space has changed since the run", at: .file(arguments[i + 1]))
        }
        var accelerator = space.accelerator(at: best.0.id.designIndex)
        accelerator.name = best.0.designName
        return (accelerator, "design #\(best.0.id.designIndex)")
    }

    /// A user's design through the engine alone (ILP mapper, network schedule): no
    /// calibration exists for a chip that is not built yet, and the result says so.
    private static func designResult(_ accelerator: Accelerator, product: String, workload: ComparedWorkload) -> DeviceResult {
        var result = DeviceResult(device: accelerator.name, product: product, kind: .design, feasible: true, reason: nil)
        let evaluation: NetworkEvaluation
        do {
            var evaluator = try NetworkEvaluator(accelerator: accelerator, objective: .edp)
            evaluator.productionVolume = workload.productionVolume
            evaluation = try evaluator.evaluate(workload.network)
        } catch {
            result.feasible = false
            result.reason = "\(error)"
            return result
        }
        // The engine's latency and energy are per run (a batch); compare's energy is per image.
        result.latencyS = evaluation.latencyS
        result.throughputFps = evaluation.throughputFps
        result.energyJ = evaluation.energyPerImageJ
        result.powerW = evaluation.powerW
        result.energyBasis = .engine
        result.unitPriceUSD = evaluation.unitCostUSD
        let peakOps = 2 * Double(accelerator.peArray.macCount) * accelerator.technology.clockMHz * 1e6
            * Double(accelerator.chips)
        result.topsPerW = evaluation.powerW > 0 ? peakOps / 1e12 / evaluation.powerW : nil
        DeviceComparison.applyConstraints(workload, to: &result, areaMM2: evaluation.area.totalMM2)
        return result
    }
}
