import Foundation

/// What Chromium saw while loading one HTML report.
///
/// A report must be self-contained: it has to open offline and look right, so besides errors every
/// request for anything but the file itself or a `data:` URL is a problem, whether or not it succeeded.
struct PageReport: Sendable {
    /// The page's URL as Chromium requested it.
    var url: String
    /// `console.error/warn/assert` calls and browser log entries of level error.
    var consoleErrors: [String]
    /// Uncaught JavaScript exceptions.
    var exceptions: [String]
    /// Every URL the page requested, the page itself included, in order.
    var requests: [String]
    /// Requests that failed, with Chromium's reason; not the http(s) ones blocked on purpose.
    var failedLoads: [String]
    /// Findings of `PageChecks.script`: empty charts, text outside its SVG, overflowing boxes.
    var layoutProblems: [String]
    /// How many `<svg class="chart">` elements the page has.
    var svgCount: Int
    /// A full-page screenshot at the viewport width.
    var screenshotPNG: Data

    /// Requests for anything other than the page file and `data:` URLs.
    var externalRequests: [String] {
        requests.filter { $0 != url && !$0.lowercased().hasPrefix("data:") }
    }

    /// Everything a test should fail on.
    var problems: [String] {
        consoleErrors.map { "console: \($0)" }
            + exceptions.map { "exception: \($0)" }
            + externalRequests.map { "request: \($0) (a report must open offline)" }
            + failedLoads.map { "failed load: \($0)" }
            + layoutProblems.map { "layout: \($0)" }
    }
}
