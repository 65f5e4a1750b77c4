import CodesignCore
import CodesignWorkflow
import NetworkScheduling
import SpecIO
import Testing

@Suite struct MapWorkflowTests {
    static let design = Paths.bundled("Designs/eyeriss-like.yaml")
    static let workload = Paths.bundled("Workloads/resnet18.yaml")

    /// Every ILP solved comes back as CPLEX-LP text with an objective and constraints.
    @Test func ilpModelsAreKeptAsCPLEXLP() throws {
        let outcome = try Codesign.map(designPath: Self.design, workloadPath: Self.workload, variant: VariantChoice(),
                                       layerName: "layer1.0.conv1", objective: .edp, mapper: .ilp, ilpTimeLimitS: 10,
                                       keepLP: true)
        #expect(outcome.layers.map(\.layer.name) == ["layer1.0.conv1"])
        #expect(outcome.lpFiles.count >= 2)
        #expect(Set(outcome.lpFiles.map(\.name)).count == outcome.lpFiles.count)
        for file in outcome.lpFiles {
            #expect(file.name.hasPrefix("layer1_0_conv1-v") && file.name.hasSuffix(".lp"))
            #expect(file.text.contains("Minimize") && file.text.contains("Subject To") && file.text.contains("End"))
        }
        let unasked = try Codesign.map(designPath: Self.design, workloadPath: Self.workload, variant: VariantChoice(),
                                       layerName: "layer1.0.conv1", objective: .edp, mapper: .search, ilpTimeLimitS: 10,
                                       keepLP: false)
        #expect(unasked.lpFiles.isEmpty)
    }

    @Test func unknownLayerIsALocatedError() throws {
        let error = #expect(throws: DiagnosticsError.self) {
            try Codesign.map(designPath: Self.design, workloadPath: Self.workload, variant: VariantChoice(), layerName: "nope",
                             objective: .edp, mapper: .search, ilpTimeLimitS: 10, keepLP: false)
        }
        let diagnostic = try #require(error?.diagnostics.first)
        #expect(diagnostic.location.path == Self.workload)
        #expect(diagnostic.message.contains("no layer named 'nope'"))
    }
}
