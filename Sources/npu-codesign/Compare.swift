import ArgumentParser
import CodesignCore
import Exploration
import Foundation
import MappingSearch
import NetworkScheduling
import Reporting
import SpecIO
import Vendors

enum CompareFormat: String, ExpressibleByArgument, CaseIterable { case table, json }

/// Where the bundled vendor profiles and calibration table live, relative to the project.
struct VendorOptions: ParsableArguments {
    @Option(help: "Directory of vendor profiles.")
    var profiles: String = "Designs/vendors"

    @Option(help: "Calibration table (published results the profiles are fitted on).")
    var calibration: String = "Designs/vendors/calibration.csv"

    func load() throws -> (VendorCatalog, [CalibrationRow]) {
        var diagnostics: [Diagnostic] = []
        var catalog: VendorCatalog?
        var rows: [CalibrationRow] = []
        do { catalog = try VendorCatalog.load(directory: profiles) } catch { diagnostics += error.diagnostics }
        do { rows = try CalibrationTable.load(path: calibration) } catch { diagnostics += error.diagnostics }
        guard let catalog, diagnostics.isEmpty else { throw InputFailure(diagnostics) }
        return (catalog, rows)
    }
}

struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare vendor NPUs (and optionally your design) on a workload.")

    @Option(help: "Workload file.")
    var workload: String

    @Option(help: "Devices: a comma-separated list of vendor names, or all.")
    var vendors: String = "all"

    @Option(help: "Your design file, evaluated with the same engine (uncalibrated) beside the devices.")
    var design: String?

    @Option(help: "An exploration store: its feasible point of least energy-delay product is compared as your design.")
    var db: String?

    @Option(help: "Model variant, e.g. width=0.5,resolution=160,precision=8.")
    var variant: String?

    @Option(help: "Output format: table or json.")
    var format: CompareFormat = .table

    @OptionGroup var vendorOptions: VendorOptions

    func run() throws {
        let (catalog, rows) = try vendorOptions.load()
        let profiles: [VendorProfile]
        switch catalog.select(vendors) {
        case .success(let p): profiles = p
        case .failure(let refusal): throw ValidationError("--vendors: \(refusal)")
        }
        let choice: VariantChoice
        do { choice = try variant.map { try VariantChoice.parse($0) } ?? VariantChoice() } catch {
            throw ValidationError("--variant: \(error)")
        }
        let spec: WorkloadSpec
        do { spec = try SpecLoader.loadWorkload(path: workload) } catch { throw InputFailure(error.diagnostics) }
        if let pruning = choice.pruning, pruning != 0 {
            throw InputFailure("compare models dense networks only; pruning=\(pruning) is not supported",
                               at: spec.locations.network)
        }
        let zoo = choice.zooVariant(in: spec)
        let network: Network
        do { network = try spec.network(zoo) } catch { throw InputFailure(error.diagnostics) }
        let bits = max(zoo.weightBits, zoo.activationBits)
        let top1 = try spec.loadAccuracyTable()?
            .top1(for: VariantPoint(width: zoo.width, resolution: zoo.resolution, precision: bits, pruning: 0)).value
        var family: String?
        if case .zoo(let name) = spec.network { family = name }
        let compared = ComparedWorkload(network: network, zooFamily: family, width: zoo.width, resolution: zoo.resolution,
                                        constraints: spec.constraints, top1: top1,
                                        productionVolume: spec.productionVolume)
        let cache = MappingCache()
        var devices = profiles.map { DeviceComparison.evaluate(compared, on: $0, rows: rows, cache: cache) }
        if let design {
            let spec = try loadDesign(path: design)
            if spec.isSpace {
                throw InputFailure("'\(spec.name)' is a design space with \(spec.pointCount) points; give one design",
                                   at: .file(design))
            }
            devices.append(designResult(spec.accelerator(at: 0), product: "your design (engine estimate, not calibrated)",
                                        workload: compared))
        }
        if let db {
            let (accelerator, pointName) = try bestStoredDesign(db: db)
            devices.append(designResult(accelerator, product: "best point of \(db) (\(pointName); engine estimate)",
                                        workload: compared))
        }
        let variantText = "width \(JSONValue.format(zoo.width)), resolution \(zoo.resolution), \(bits)-bit"
        let report = ComparisonReport(workload: spec.name, variantText: variantText, devices: devices, batch: compared.batch)
        Terminal.write(format == .json ? report.json() : report.table())
    }

    private func loadDesign(path: String) throws -> DesignSpec {
        do { return try SpecLoader.loadDesign(path: path) } catch { throw InputFailure(error.diagnostics) }
    }

    /// The design of the store's feasible point with the least energy-delay product, from the
    /// design space the run explored (its path is among the store's arguments).
    private func bestStoredDesign(db: String) throws -> (Accelerator, String) {
        guard FileManager.default.fileExists(atPath: db) else { throw InputFailure("no results store at '\(db)'", at: .file(db)) }
        let run: RunDescription?
        let points: [EvaluatedPoint]
        do {
            let store = try ResultsStore(path: db)
            run = try store.run()
            points = try store.allPoints()
        } catch {
            throw InputFailure("\(error)", at: .file(db))
        }
        guard let arguments = run?.arguments, let i = arguments.firstIndex(of: "--space"), i + 1 < arguments.count else {
            throw InputFailure("the store '\(db)' does not record its design space", at: .file(db))
        }
        let best = points.filter(\.feasible).compactMap { p in p.metrics.map { (p, $0.energyJ * $0.latencyS) } }
            .min { ($0.1, $0.0.id) < ($1.1, $1.0.id) }
        guard let best else { throw InputFailure("the store '\(db)' has no feasible point", at: .file(db)) }
        let space = try loadDesign(path: arguments[i + 1])
        guard best.0.id.designIndex < space.pointCount else {
            throw InputFailure("the store's design space has changed since the run", at: .file(arguments[i + 1]))
        }
        var accelerator = space.accelerator(at: best.0.id.designIndex)
        accelerator.name = best.0.designName
        return (accelerator, "design #\(best.0.id.designIndex)")
    }

    /// A user's design through the engine alone (ILP mapper, network schedule): no
    /// calibration exists for a chip that is not built yet, and the result says so.
    private func designResult(_ accelerator: Accelerator, product: String, workload: ComparedWorkload) -> DeviceResult {
        var result = DeviceResult(device: accelerator.name, product: product, kind: "design", feasible: true, reason: nil)
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
