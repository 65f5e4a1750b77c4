import ArgumentParser
import CodesignWorkflow
import SpecIO
import Vendors

enum CompareFormat: String, ExpressibleByArgument, CaseIterable { case table, json, html }

/// Where the bundled vendor profiles and calibration table live, relative to the project.
struct VendorOptions: ParsableArguments {
    @Option(help: "Directory of vendor profiles.")
    var profiles: String = "Designs/vendors"

    @Option(help: "Calibration table (published results the profiles are fitted on).")
    var calibration: String = "Designs/vendors/calibration.csv"

    func load() throws -> VendorInputs {
        try VendorInputs(profilesDirectory: profiles, calibrationPath: calibration)
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

    @Option(help: "Output format: table, json or html (a self-contained page with plots; redirect it to a file).")
    var format: CompareFormat = .table

    @OptionGroup var vendorOptions: VendorOptions

    func validate() throws {
        if db?.isEmpty == true { throw ValidationError("--db needs the path of a results store") }
    }

    func run() throws {
        let inputs = try vendorOptions.load()
        let devices: [VendorProfile]
        switch inputs.catalog.select(vendors) {
        case .success(let p): devices = p
        case .failure(let refusal): throw ValidationError("--vendors: \(refusal)")
        }
        let choice: VariantChoice
        do { choice = try variant.map { try VariantChoice.parse($0) } ?? VariantChoice() } catch {
            throw ValidationError("--variant: \(error)")
        }
        let designs = (design.map { [ComparedDesign.designFile($0)] } ?? [])
            + (db.map { [ComparedDesign.bestStoredPoint(storePath: $0)] } ?? [])
        let report = try Codesign.compare(workloadPath: workload, variant: choice, devices: devices, rows: inputs.rows,
                                          designs: designs)
        switch format {
        case .table: Terminal.write(report.table())
        case .json: Terminal.write(report.json())
        case .html: Terminal.write(report.html())
        }
    }
}
