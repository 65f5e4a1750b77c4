import Foundation
import Testing

@Suite struct CompareCommandTests {
    static let workloads = ["Workloads/alexnet-conv.yaml", "Workloads/keyword-spotting.yaml",
                            "Workloads/mobilenet_v2.yaml", "Workloads/resnet18.yaml", "Workloads/smart-camera.yaml"]

    /// Every bundled workload compares on every device: feasible devices carry figures,
    /// refused ones a reason and no invented figures (INTERFACE.md).
    @Test(arguments: workloads)
    func everyBundledWorkloadCompares(workload: String) throws {
        let r = try CLIRunner.run(["compare", "--workload", workload, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let devices = try #require(root["devices"] as? [[String: Any]])
        let batch = Double(try #require(root["batch"] as? Int))
        #expect(devices.count == 15)
        for d in devices {
            for key in ["device", "class", "latency_s", "throughput_fps", "energy_j", "energy_basis", "power_w",
                        "unit_price_usd", "feasible", "reason", "published", "error", "assumptions"] {
                #expect(d.keys.contains(key), "\(workload): \(key)")
            }
            if d["latency_s"] is NSNull {
                #expect(d["feasible"] as? Bool == false)
                #expect(d["reason"] is String)
            } else {
                let latency = try #require(d["latency_s"] as? Double)
                let fps = try #require(d["throughput_fps"] as? Double)
                // Latency is one invocation of the batch; fps counts images, with the
                // frames a runtime keeps in flight (concurrency 1 to 8): fps x latency is
                // the batch times the concurrency.
                let inFlight = fps * latency / batch
                #expect(latency > 0 && inFlight > 1 - 1e-4 && inFlight <= 8, "\(workload) \(d["device"]!): \(inFlight)")
            }
        }
    }

    /// AlexNet's conv layers are 16-bit: int8-only devices refuse them with the reason.
    @Test func int8DevicesRefuseSixteenBitVariants() throws {
        let r = try CLIRunner.run(["compare", "--workload", "Workloads/alexnet-conv.yaml", "--vendors", "edgetpu-usb,myriad-x",
                                   "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let devices = try #require(root["devices"] as? [[String: Any]])
        #expect(devices[0]["reason"] as? String == "edgetpu-usb runs 8-bit models only; this variant is 16-bit")
        #expect(devices[0]["latency_s"] is NSNull)
        #expect(devices[1]["latency_s"] is Double)
    }

    /// A published result of the calibration table is shown with the error against it.
    @Test func publishedFigureAndError() throws {
        let workload = """
        workload: mobilenet_v1
        network: {zoo: mobilenet_v1}
        input: {resolution: 224, channels: 3, batch: 1}
        precision: {weights: 8, activations: 8}
        """
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("compare-\(UUID().uuidString).yaml")
        try workload.write(to: path, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["compare", "--workload", path.path, "--vendors", "edgetpu-usb", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let device = try #require((root["devices"] as? [[String: Any]])?.first)
        let published = try #require(device["published"] as? [String: Any])
        // Coral benchmark table: MobileNet v1 on the USB Accelerator, 2.4 ms.
        #expect(published["latency_s"] as? Double == 0.0024)
        let latency = try #require(device["latency_s"] as? Double)
        let error = try #require(device["error"] as? Double)
        #expect(abs(error - (latency / 0.0024 - 1)) < 1e-4)
    }

    @Test func unknownVendorIsAUsageError() throws {
        let r = try CLIRunner.run(["compare", "--workload", "Workloads/mobilenet_v2.yaml", "--vendors", "coral"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("unknown vendor 'coral'"))
        #expect(r.stderr.contains("edgetpu-usb"))
    }

    @Test func userDesignIsComparedBesideTheDevices() throws {
        let r = try CLIRunner.run(["compare", "--workload", "Workloads/resnet18.yaml", "--vendors", "jetson-nano",
                                   "--design", "Designs/simba-like.yaml", "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let devices = try #require(root["devices"] as? [[String: Any]])
        #expect(devices.map { $0["device"] as? String } == ["jetson-nano", "simba-like"])
        #expect(devices[1]["kind"] as? String == "design")
        #expect(devices[1]["latency_s"] is Double)
    }

    /// The best point of an exploration store (least EDP among feasible points) joins the table.
    @Test func bestPointOfAStoreIsCompared() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("compare-db-\(UUID().uuidString)")
        let db = dir.appendingPathComponent("x.sqlite").path
        let explored = try CLIRunner.run(["explore", "--workload", "Workloads/smart-camera.yaml", "--space",
                                          "Designs/edge-npu-space.yaml", "--strategy", "random", "--budget", "6",
                                          "--no-refine", "--db", db, "--out", dir.appendingPathComponent("out").path])
        #expect(explored.status == 0, "\(explored.stderr)")
        let r = try CLIRunner.run(["compare", "--workload", "Workloads/smart-camera.yaml", "--vendors", "rk1808",
                                   "--db", db, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let devices = try #require(root["devices"] as? [[String: Any]])
        #expect(devices.count == 2)
        #expect((devices[1]["device"] as? String)?.hasPrefix("edge-npu[") == true)
        #expect(devices[1]["kind"] as? String == "design")
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
