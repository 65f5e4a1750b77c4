import CodesignCore
import SpecIO
import Testing

/// Tests/Fixtures/zigzag holds ZigZag 3.9.1's per-layer results for ResNet-18 on its own
/// edge_tpu_like and tpu_like accelerators (see that folder's README). Before any figure is
/// compared, the two tools must run the same network: every layer ZigZag read from its ONNX
/// file has the zoo layer's MACs, weights and outputs, counted independently by each tool.
@Test func zigZagRunsTheZoosResNet18() throws {
    let zoo = Dictionary(try ScheduleFixtures.network("resnet18").layers.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    var checked = Set<String>()
    for row in try ZigZagFixture.rows.get() {
        // ZigZag names layers as torchvision does; the zoo names the classifier fc/fc and
        // the shortcut convolutions without torchvision's ".0".
        let name = row.layer == "fc" ? "fc/fc" : row.layer.replacingOccurrences(of: "downsample.0", with: "downsample")
        let layer = try #require(zoo[name], "\(row.accelerator): no zoo layer \(name)")
        #expect(row.macs == layer.macs, "\(name): MACs")
        #expect(row.weightElements == layer.weightCount, "\(name): weights")
        #expect(row.outputElements == layer.elementCount(of: .outputs), "\(name): outputs")
        checked.insert("\(row.accelerator)/\(name)")
    }
    // 20 convolutions and the classifier, on both accelerators.
    #expect(checked.count == 42)
}
