import CodesignWorkflow
import Exploration
import Foundation
import MappingSearch
import SpecIO
import Testing
import Vendors

/// Every kind of HTML page the tool writes, rendered in a real headless Chromium: it must load
/// without console errors, exceptions or requests beyond its own file, draw something in
/// every chart, and keep every text inside its chart and the page inside the viewport. The
/// pages come from the operations themselves on bundled inputs (and the committed example
/// report), so what is checked is what a user opens. `BROWSER_SCREENSHOTS=DIR` keeps a PNG of
/// each page (`make screenshot` refreshes Reports/example/report.png from it); `BROWSER_PAGES=DIR`
/// also checks every `.html` file in a folder (pages a user made with the CLI).
@Suite(.enabled(if: HeadlessChromium.locate() != nil), .serialized)
struct ReportPagesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static func bundled(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// A page to render: its name (and screenshot name), how many charts it must have at least,
    /// and how to make it.
    struct Page: Sendable, CustomTestStringConvertible {
        var name: String
        var minimumCharts: Int
        var make: @Sendable () async throws -> String
        var testDescription: String { name }
    }

    static let pages: [Page] = [
        Page(name: "explore-report", minimumCharts: 8) {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("browser-explore-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let request = ExplorationRequest(
                workloadPath: bundled("Tests/CodesignWorkflowTests/Fixtures/tiny-workload.yaml"),
                spacePath: bundled("Tests/CodesignWorkflowTests/Fixtures/tiny-space.yaml"),
                settings: ExplorationSettings(strategy: .grid, budget: nil, seed: 1, jobs: 2, shard: .whole),
                mapper: .search, refines: true, storePath: folder.appendingPathComponent("tiny.sqlite").path,
                createdBy: "tests", arguments: [])
            let outcome = try await Codesign.explore(request)
            return try #require(outcome.report.files().first { $0.0 == "report.html" }?.1)
        },
        Page(name: "evaluate-mobilenet_v2", minimumCharts: 4) {
            try Codesign.evaluate(designPath: bundled("Designs/eyeriss-like.yaml"), workloadPath: bundled("Workloads/mobilenet_v2.yaml"),
                                  variant: VariantChoice(), objective: .edp, mapper: .search).html()
        },
        Page(name: "evaluate-resnet18-layer-by-layer", minimumCharts: 4) {
            try Codesign.evaluate(designPath: bundled("Designs/tpu-like.yaml"), workloadPath: bundled("Workloads/resnet18.yaml"),
                                  variant: VariantChoice(), objective: .edp, mapper: .search, schedule: .layerByLayer).html()
        },
        Page(name: "compare-smart-camera", minimumCharts: 5) {
            let inputs = try VendorInputs(profilesDirectory: bundled("Designs/vendors"),
                                          calibrationPath: bundled("Designs/vendors/calibration.csv"))
            return try Codesign.compare(workloadPath: bundled("Workloads/smart-camera.yaml"), variant: VariantChoice(),
                                        devices: try inputs.catalog.select("all").get(), rows: inputs.rows,
                                        designs: [.designFile(bundled("Designs/edge-tpu-like.yaml"))]).html()
        },
        Page(name: "example-report", minimumCharts: 8) {
            try String(contentsOfFile: bundled("Reports/example/report.html"), encoding: .utf8)
        },
    ]

    @Test(arguments: pages)
    func pageRendersCleanly(_ page: Page) async throws {
        let html = try await page.make()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("browser-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("\(page.name).html")
        try html.write(to: file, atomically: true, encoding: .utf8)

        let browser = try HeadlessChromium(executable: try #require(HeadlessChromium.locate()))
        defer { browser.close() }
        let report = try browser.load(file)

        #expect(report.problems == [], "\(page.name): \(report.problems.prefix(10))")
        #expect(report.svgCount >= page.minimumCharts)
        #expect(!html.contains("<script"), "a report page carries no script")
        if let shots = ProcessInfo.processInfo.environment["BROWSER_SCREENSHOTS"], !shots.isEmpty {
            try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
            try report.screenshotPNG.write(to: URL(fileURLWithPath: shots).appendingPathComponent("\(page.name).png"))
        }
    }

    static let folder = ProcessInfo.processInfo.environment["BROWSER_PAGES"] ?? ""

    @Test(.enabled(if: !folder.isEmpty))
    func pagesOfAFolderRenderCleanly() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { $0.hasSuffix(".html") }.sorted()
        let browser = try HeadlessChromium(executable: try #require(HeadlessChromium.locate()))
        defer { browser.close() }
        for name in names {
            let report = try browser.load(URL(fileURLWithPath: Self.folder).appendingPathComponent(name))
            #expect(report.problems == [], "\(name): \(report.problems.prefix(10))")
            #expect(report.svgCount > 0, "\(name)")
        }
    }
}
