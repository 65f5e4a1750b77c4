import CodesignCore
import CodesignWorkflow
import Foundation
import SpecIO
import Testing
import TestSupport
import Vendors

@Suite struct CompareWorkflowTests {
    static let vendors = Result { try VendorInputs(profilesDirectory: Paths.bundled("Designs/vendors"),
                                                   calibrationPath: Paths.bundled("Designs/vendors/calibration.csv")) }
    static let workloads = ["alexnet-conv", "keyword-spotting", "mobilenet_v2", "resnet18", "smart-camera"]

    static func compare(_ workload: String, devices names: String = "all", designs: [ComparedDesign] = [],
                        variant: VariantChoice = VariantChoice()) throws -> [String: Any] {
        let inputs = try vendors.get()
        let devices = try inputs.catalog.select(names).get()
        let report = try Codesign.compare(workloadPath: workload.hasPrefix("/") ? workload : Paths.bundled("Workloads/\(workload).yaml"),
                                          variant: variant, devices: devices, rows: inputs.rows, designs: designs)
        return try jsonObject(report.json())
    }

    /// Every bundled workload compares on every device: feasible devices carry figures,
    /// refused ones a reason and no invented figures (INTERFACE.md).
    @Test(arguments: workloads)
    func everyBundledWorkloadCompares(workload: String) throws {
        let root = try Self.compare(workload)
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
                // Latency is one invocation of the batch; fps counts images, with the frames
                // a runtime keeps in flight (concurrency 1 to 8): fps x latency is the batch
                // times the concurrency.
                let inFlight = fps * latency / batch
                #expect(latency > 0 && inFlight > 1 - 1e-4 && inFlight <= 8, "\(workload) \(d["device"]!): \(inFlight)")
            }
        }
    }

    /// AlexNet's conv layers are 16-bit: int8-only devices refuse them with the reason.
    @Test func int8DevicesRefuseSixteenBitVariants() throws {
        let devices = try #require(try Self.compare("alexnet-conv", devices: "edgetpu-usb,myriad-x")["devices"] as? [[String: Any]])
        #expect(devices[0]["reason"] as? String == "edgetpu-usb runs 8-bit models only; this variant is 16-bit")
        #expect(devices[0]["latency_s"] is NSNull)
        #expect(devices[1]["latency_s"] is Double)
    }

    /// A published result of the calibration table is shown with the error against it.
    @Test func publishedFigureAndError() throws {
        let path = TestFiles.write("""
        workload: mobilenet_v1
        network: {zoo: mobilenet_v1}
        input: {resolution: 224, channels: 3, batch: 1}
        precision: {weights: 8, activations: 8}
        """)
        let device = try #require((try Self.compare(path, devices: "edgetpu-usb")["devices"] as? [[String: Any]])?.first)
        let published = try #require(device["published"] as? [String: Any])
        // Coral benchmark table: MobileNet v1 on the USB Accelerator, 2.4 ms.
        #expect(published["latency_s"] as? Double == 0.0024)
        let latency = try #require(device["latency_s"] as? Double)
        let error = try #require(device["error"] as? Double)
        #expect(isClose(error, latency / 0.0024 - 1, relative: 1e-4, absolute: 1e-4))
    }

    @Test func userDesignIsComparedBesideTheDevices() throws {
        let root = try Self.compare("resnet18", devices: "jetson-nano",
                                    designs: [.designFile(Paths.bundled("Designs/simba-like.yaml"))])
        let devices = try #require(root["devices"] as? [[String: Any]])
        #expect(devices.map { $0["device"] as? String } == ["jetson-nano", "simba-like"])
        #expect(devices[1]["kind"] as? String == "design")
        #expect(devices[1]["latency_s"] is Double)
    }

    /// The best point of an exploration store (least EDP among feasible points) joins the table.
    @Test func bestPointOfAStoreIsCompared() async throws {
        let store = Paths.scratch() + "/x.sqlite"
        let outcome = try await Codesign.explore(.tiny(store: store, refines: false))
        let best = try #require(outcome.report.points.filter(\.feasible)
            .min { ($0.metrics!.energyJ * $0.metrics!.latencyS, $0.id) < ($1.metrics!.energyJ * $1.metrics!.latencyS, $1.id) })
        let root = try Self.compare(Paths.tinyWorkload, devices: "rk1808", designs: [.bestStoredPoint(storePath: store)])
        let devices = try #require(root["devices"] as? [[String: Any]])
        #expect(devices.count == 2)
        #expect(devices[1]["device"] as? String == best.designName)
        #expect(devices[1]["kind"] as? String == "design")
    }

    /// The workload's production volume prices a design, as in explore and evaluate.
    @Test func productionVolumePricesTheComparedDesign() throws {
        let base = try String(contentsOfFile: Paths.bundled("Workloads/keyword-spotting.yaml"), encoding: .utf8)
        func price(_ volume: Int) throws -> Double {
            let path = TestFiles.write(base + "production: {volume: \(volume)}\n")
            let root = try Self.compare(path, devices: "cortex-m7", designs: [.designFile(Paths.bundled("Designs/mcu-npu.yaml"))])
            let devices = try #require(root["devices"] as? [[String: Any]])
            return try #require(devices[1]["unit_price_usd"] as? Double)
        }
        #expect(try price(1_000) > price(1_000_000))
    }
}
