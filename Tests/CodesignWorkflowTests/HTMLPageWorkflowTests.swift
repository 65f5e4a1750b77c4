import CodesignCore
import CodesignWorkflow
import CostModels
import Foundation
import MappingSearch
import SpecIO
import Testing
import TestSupport
import Vendors

/// `evaluate --format html` and `compare --format html` on every bundled workload (issue 14):
/// a page with its charts and one table row per layer or device; latency split by resource
/// adds up to each layer's latency, scheduled or not. (BrowserTests renders such pages in
/// Chromium; here only what the text itself shows.)
@Suite struct HTMLPageWorkflowTests {
    static let workloads = ["alexnet-conv", "keyword-spotting", "mobilenet_v2", "mobilenet_v2-onnx", "resnet18", "smart-camera"]

    static func charts(_ html: String) -> Int { html.components(separatedBy: "<svg ").count - 1 }

    @Test(arguments: workloads)
    func everyBundledWorkloadEvaluatesToAPage(workload: String) throws {
        let report = try Codesign.evaluate(designPath: Paths.bundled("Designs/eyeriss-like.yaml"),
                                           workloadPath: Paths.bundled("Workloads/\(workload).yaml"),
                                           variant: VariantChoice(), objective: .edp, mapper: .search)
        let html = report.html()
        // Latency by layer, energy in total and by layer, the roofline.
        #expect(Self.charts(html) == 4)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        let layerRows = html.components(separatedBy: "<section id=\"layers\">")[1].components(separatedBy: "<tr>").count - 2
        #expect(layerRows == report.evaluation.layers.count)
        #expect(html == report.html())
        for bad in ["NaN", "nan\"", ">nan", "inf\"", ">inf", "<script"] { #expect(!html.contains(bad), "\(bad)") }
        for l in report.evaluation.layers {
            // What the latency chart draws is the latency model's own split of the layer.
            let split = CycleSplit(computeCycles: l.cost.computeCycles, levels: l.cost.levels)
            #expect(split.cycles == l.cycles, "\(l.layer.name)")
            let parts = split.computeCycles + report.evaluation.levelNames.reduce(0) { $0 + split.cycles(of: $1) }
            #expect(isClose(parts, l.cycles, relative: 1e-9), "\(l.layer.name)")
        }
    }

    @Test(arguments: workloads)
    func everyBundledWorkloadComparesToAPage(workload: String) throws {
        let inputs = try VendorInputs(profilesDirectory: Paths.bundled("Designs/vendors"),
                                      calibrationPath: Paths.bundled("Designs/vendors/calibration.csv"))
        let report = try Codesign.compare(workloadPath: Paths.bundled("Workloads/\(workload).yaml"), variant: VariantChoice(),
                                          devices: try inputs.catalog.select("all").get(), rows: inputs.rows,
                                          designs: [.designFile(Paths.bundled("Designs/edge-tpu-like.yaml"))])
        let html = report.html()
        // Latency, throughput, energy and price bars, and the trade-off scatter.
        #expect(Self.charts(html) == 5)
        let table = html.components(separatedBy: "<section id=\"devices\">")[1]
        #expect(table.components(separatedBy: "<tr").count - 2 == report.devices.count)
        #expect(table.contains("<tr class=\"design\""))
        for bad in ["NaN", "nan\"", ">nan", "inf\"", ">inf", "<script"] { #expect(!html.contains(bad), "\(bad)") }
    }
}
