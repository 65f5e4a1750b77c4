import Foundation
import Testing

/// Checks `HeadlessChromium` itself on small pages written for the purpose: a well-made report has no
/// problems, and each defect that the report tests rely on it to catch is caught. Skipped where no
/// Chromium is installed; serialized because each test runs a browser and the machine is small.
@Suite(.enabled(if: HeadlessChromium.locate() != nil), .serialized)
struct HeadlessChromiumTests {
    @Test func goodPageHasNoProblemsAndAFullPageScreenshot() throws {
        let browser = try HeadlessChromium(executable: try #require(HeadlessChromium.locate()))
        defer { browser.close() }
        let page = try TestPage(goodReport)
        defer { page.remove() }

        let report = try browser.load(page.url)

        #expect(report.problems == [])
        #expect(report.svgCount == 1)
        #expect(report.requests.first == report.url)
        let size = try #require(pngSize(report.screenshotPNG))
        #expect(size.width == HeadlessChromium.viewportWidth)
        #expect(size.height == 1500)
    }

    @Test(arguments: BadPage.all) func badPageIsReported(_ bad: BadPage) throws {
        let browser = try HeadlessChromium(executable: try #require(HeadlessChromium.locate()))
        defer { browser.close() }
        let page = try TestPage("<!doctype html><meta charset=\"utf-8\"><title>bad</title><body>\(bad.body)")
        defer { page.remove() }

        let report = try browser.load(page.url)

        #expect(report.problems.contains { $0.hasPrefix(bad.kind) && $0.contains(bad.mentions) },
                "expected a \(bad.kind) problem mentioning \(bad.mentions), got \(report.problems)")
    }

    /// A browser is reused across pages, so one page's events must not show up in the next one's report.
    @Test func pagesLoadedInTurnAreReportedSeparately() throws {
        let browser = try HeadlessChromium(executable: try #require(HeadlessChromium.locate()))
        defer { browser.close() }
        let bad = try TestPage("<script>console.error('first')</script><img src=\"https://example.com/a.png\">")
        let good = try TestPage(goodReport)
        defer { bad.remove(); good.remove() }

        #expect(try browser.load(bad.url).problems.count >= 2)
        #expect(try browser.load(good.url).problems == [])
    }
}

/// A page with one defect, the kind of problem it must produce (the prefix of `PageReport.problems`
/// lines) and a fragment that problem must mention.
struct BadPage: Sendable, CustomTestStringConvertible {
    let name: String
    let body: String
    let kind: String
    let mentions: String
    var testDescription: String { name }

    static let all: [BadPage] = [
        BadPage(name: "console error", body: #"<script>console.error("x")</script>"#,
                kind: "console:", mentions: "console.error: x"),
        BadPage(name: "uncaught exception", body: #"<script>throw new Error("boom")</script>"#,
                kind: "exception:", mentions: "boom"),
        BadPage(name: "remote image", body: #"<img src="https://example.com/a.png" alt="">"#,
                kind: "request:", mentions: "https://example.com/a.png"),
        BadPage(name: "web font", body: #"<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">"#,
                kind: "request:", mentions: "https://fonts.googleapis.com/css2?family=Roboto"),
        BadPage(name: "local file beside the report", body: #"<img src="beside.png" alt="">"#,
                kind: "request:", mentions: "beside.png"),
        BadPage(name: "empty plot area", body: #"<svg class="chart" id="empty" width="200" height="100"><g class="plot-area"></g></svg>"#,
                kind: "layout:", mentions: "svg#empty: g.plot-area has an empty bounding box"),
        BadPage(name: "text outside its svg",
                body: #"<svg class="chart" id="far" viewBox="0 0 200 100" width="200" height="100"><g class="plot-area"><circle cx="50" cy="50" r="10"/></g><text x="900" y="50">Far label</text></svg>"#,
                kind: "layout:", mentions: #"svg#far: text "Far label""#),
        BadPage(name: "page wider than the viewport", body: #"<div id="wide" style="width:3000px">wide</div>"#,
                kind: "layout:", mentions: "horizontal overflow"),
        BadPage(name: "cell text cut off",
                body: #"<table><tr><td style="max-width:60px;overflow:hidden;white-space:nowrap">a label far too long for its cell</td></tr></table>"#,
                kind: "layout:", mentions: "is cut off"),
    ]
}

/// A report as the project means them to be: inline SVG and CSS, a data: image, 1500 px tall.
private let goodReport = """
    <!doctype html>
    <html><head><meta charset="utf-8"><title>Good report</title>
    <style>html, body { margin: 0 } main { height: 1500px; padding: 20px; box-sizing: border-box }</style>
    </head><body><main>
    <h1>Results</h1>
    <p>Two points, one table.</p>
    <svg class="chart" id="points" viewBox="0 0 200 100" width="400" height="200">
      <g class="plot-area"><circle cx="50" cy="50" r="10"/><circle cx="150" cy="30" r="5"/></g>
      <text x="100" y="92" text-anchor="middle" font-size="10">time (s)</text>
    </svg>
    <img alt="" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='8' height='8'/%3E">
    <table><tr><th>run</th><td>1.25 s</td></tr></table>
    </main></body></html>
    """

/// An HTML file in a folder of its own under the temporary directory.
private struct TestPage {
    let url: URL

    init(_ html: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        url = folder.appendingPathComponent("report.html")
        try html.write(to: url, atomically: true, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
}

/// Width and height from a PNG's IHDR chunk; nil when `data` is not a PNG.
private func pngSize(_ data: Data) -> (width: Int, height: Int)? {
    let bytes = [UInt8](data.prefix(24))
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count == 24, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else {
        return nil
    }
    let bigEndian = { (start: Int) in bytes[start..<start + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (bigEndian(16), bigEndian(20))
}
