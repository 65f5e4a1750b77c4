import Foundation
import Testing

/// What only the binary shows of `compare` and `calibrate`: usage errors and `--check`'s exit
/// status. The comparison itself is tested in-process (CompareWorkflowTests).
@Suite struct CompareCommandTests {
    @Test func unknownVendorIsAUsageError() throws {
        let r = try CLIRunner.run(["compare", "--workload", "Workloads/mobilenet_v2.yaml", "--vendors", "coral"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown vendor 'coral'"))
        #expect(r.stderr.contains("edgetpu-usb"))
    }

    /// `calibrate --check` exits 0 on a profile that stores its fit and 1, naming it, on one
    /// that does not. One small device (rpi5, one row) keeps the binary's run short; the
    /// bundled profiles' fits are checked in-process (CalibrationTests).
    @Test func calibrateCheckFailsOnAStaleProfile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("calibrate-\(UUID().uuidString)")
        let profiles = directory.appendingPathComponent("profiles")
        try FileManager.default.createDirectory(at: profiles, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let profile = try String(contentsOf: CLIRunner.root.appendingPathComponent("Designs/vendors/rpi5.yaml"), encoding: .utf8)
        try profile.write(to: profiles.appendingPathComponent("rpi5.yaml"), atomically: true, encoding: .utf8)
        let table = try String(contentsOf: CLIRunner.root.appendingPathComponent("Designs/vendors/calibration.csv"), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("id,") || $0.hasPrefix("rpi5-") }.joined(separator: "\n") + "\n"
        let csv = directory.appendingPathComponent("calibration.csv")
        try table.write(to: csv, atomically: true, encoding: .utf8)
        let fresh = try CLIRunner.run(["calibrate", "--check", "--profiles", profiles.path, "--calibration", csv.path])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        #expect(fresh.stdout.contains("rpi5: fitted"))
        #expect(fresh.stdout.contains("Leave-one-out"))
        let stale = profile.replacingOccurrences(of: "utilization: 0.286,", with: "utilization: 0.3,")
        #expect(stale != profile)
        try stale.write(to: profiles.appendingPathComponent("rpi5.yaml"), atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["calibrate", "--check", "--profiles", profiles.path, "--calibration", csv.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("stored calibration differs from the fit for rpi5"), "\(r.stderr)")
    }
}
