import ArgumentParser
import CodesignCore
import Reporting
import Vendors

enum CalibrateFormat: String, ExpressibleByArgument, CaseIterable { case table, yaml }

/// Fits every vendor profile on the calibration table and prints the fit per row, or the
/// `calibration:` blocks to paste into the profiles (`--format yaml`). `--check` fails when
/// a profile's stored calibration is not the one the table gives.
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit the vendor profiles' efficiency parameters on their published results.")

    @OptionGroup var vendorOptions: VendorOptions

    @Option(help: "Output format: table (every row, predicted vs published) or yaml (blocks for the profiles).")
    var format: CalibrateFormat = .table

    @Flag(help: "Exit 1 if a stored calibration differs from the fit.")
    var check = false

    func run() throws {
        let inputs = try vendorOptions.load()
        let results = try CalibrationRun.run(catalog: inputs.catalog, rows: inputs.rows, leaveOneOut: format == .table)
        let report = CalibrationReport(results: results, catalog: inputs.catalog)
        Terminal.write(format == .yaml ? report.yaml() : report.table())
        if check {
            let stale = report.staleDevices()
            if !stale.isEmpty {
                throw DiagnosticsError("stored calibration differs from the fit for \(stale.joined(separator: ", ")); "
                                   + "run `npu-codesign calibrate --format yaml` and update the profiles",
                                   at: .file(vendorOptions.profiles))
            }
        }
    }
}
