import CodesignCore
import CodesignWorkflow
import Foundation
import SpecIO
import Testing
import Vendors

/// The bundled ONNX workload (Workloads/mobilenet_v2-onnx.yaml) through the operations a
/// zoo workload goes through: evaluate, explore with its width and resolution variants, and
/// compare against the vendor devices; its figures are the zoo network's where the network
/// is the same.
@Suite struct ONNXWorkflowTests {
    static let onnx = Paths.bundled("Workloads/mobilenet_v2-onnx.yaml")

    @Test func exploresItsVariantsLikeAZooNetwork() async throws {
        let store = Paths.scratch() + "/onnx.sqlite"
        let outcome = try await Codesign.explore(.tiny(store: store, refines: false, workload: Self.onnx))
        // 4 designs × 3 widths × 2 resolutions.
        #expect(outcome.pointCount == 24)
        let widths = Set(outcome.report.points.map(\.variant.width)), resolutions = Set(outcome.report.points.map(\.variant.resolution))
        #expect(widths == [0.5, 0.75, 1.0] && resolutions == [160, 224])
        // Accuracy comes from the MobileNet v2 table, as for the zoo network.
        #expect(outcome.report.points.contains { $0.variant.width == 1.0 && $0.variant.resolution == 224 && $0.metrics?.top1 != nil })
    }

    @Test func comparesOnTheVendorDevices() throws {
        let inputs = try CompareWorkflowTests.vendors.get()
        let report = try Codesign.compare(workloadPath: Self.onnx, variant: VariantChoice(), devices: try inputs.catalog.select("edgetpu-usb,hailo-8").get(),
                                          rows: inputs.rows, designs: [])
        let json = try jsonObject(report.json())
        let devices = try #require(json["devices"] as? [[String: Any]])
        #expect(devices.count == 2)
        #expect(devices.allSatisfy { ($0["latency_s"] as? Double ?? 0) > 0 })
    }
}
