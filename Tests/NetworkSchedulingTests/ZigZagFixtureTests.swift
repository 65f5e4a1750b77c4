import CodesignCore
import Foundation
import SpecIO
import Testing

/// Tests/Fixtures/zigzag holds ZigZag 3.9.1's per-layer results for ResNet-18 on its own
/// edge_tpu_like and tpu_like accelerators (see that folder's README). Before any figure is
/// compared, the two tools must run the same network: every layer ZigZag read from its ONNX
/// file has the zoo layer's MACs, weights and outputs, counted independently by each tool.
@Test func zigZagRunsTheZoosResNet18() throws {
    let url = ScheduleFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/zigzag/zigzag_resnet18.csv")
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",").map(String.init)
    func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name), "no column \(name)") }
    let (accelerator, layerName, macs, weights, outputs) =
        (try column("accelerator"), try column("layer"), try column("macs"), try column("W_elems"), try column("O_elems"))
    let zoo = Dictionary(try ScheduleFixtures.network("resnet18").layers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var checked = Set<String>()
    for line in lines.dropFirst() {
        let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // ZigZag names layers as torchvision does; the zoo names the classifier fc/fc and
        // the shortcut convolutions without torchvision's ".0".
        let name = f[layerName] == "fc" ? "fc/fc" : f[layerName].replacingOccurrences(of: "downsample.0", with: "downsample")
        let layer = try #require(zoo[name], "\(f[accelerator]): no zoo layer \(name)")
        #expect(Int(f[macs]) == layer.macs, "\(name): MACs")
        #expect(Int(f[weights]) == layer.weightCount, "\(name): weights")
        #expect(Int(f[outputs]) == layer.elementCount(of: .outputs), "\(name): outputs")
        checked.insert("\(f[accelerator])/\(name)")
    }
    // 20 convolutions and the classifier, on both accelerators.
    #expect(checked.count == 42)
}
