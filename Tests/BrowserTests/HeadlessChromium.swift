import Foundation

/// A real headless Chromium that loads HTML files and reports what a reader would run into.
///
/// It speaks the DevTools protocol over `--remote-debugging-pipe` (see `CDPPipe`), so it needs no
/// WebSocket, node or puppeteer. http(s) requests are recorded and then blocked (see `blockNetwork`), so
/// results do not depend on the network. Pages load one after another, each in a fresh tab; the browser is not
/// safe to share between concurrently running tests. Every wait is bounded, and a DevTools error reply
/// is thrown as `CDPError.protocolError`.
final class HeadlessChromium {
    /// The viewport every page is laid out in.
    static let viewportWidth = 1280
    static let viewportHeight = 900
    /// Screenshots of taller pages are cut at this height, to bound memory and time.
    static let maxScreenshotHeight = 16_000

    private let pipe: CDPPipe
    private let workDirectory: URL
    private var nextID = 0
    private var events: PageEventLog?
    private var isClosed = false

    /// The Chromium to use: `$CHROMIUM`, else /usr/bin/chromium, else the first of chromium,
    /// chromium-browser or google-chrome on `PATH`; nil when there is none, so tests can skip.
    static func locate() -> String? {
        let files = FileManager.default
        let environment = ProcessInfo.processInfo.environment
        if let chosen = environment["CHROMIUM"], !chosen.isEmpty {
            return files.isExecutableFile(atPath: chosen) ? chosen : nil
        }
        if files.isExecutableFile(atPath: "/usr/bin/chromium") { return "/usr/bin/chromium" }
        let folders = (environment["PATH"] ?? "").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders where files.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Starts the browser with a fresh profile and waits (at most 20 s) until it answers.
    init(executable: String) throws {
        workDirectory = FileManager.default.temporaryDirectory
            .appendingPathComponent("headless-chromium-\(UUID().uuidString)")
        let profile = workDirectory.appendingPathComponent("profile")
        let logPath = workDirectory.appendingPathComponent("chromium.log").path
        try FileManager.default.createDirectory(at: profile, withIntermediateDirectories: true)
        let arguments = [
            "--headless", "--remote-debugging-pipe", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--no-default-browser-check", "--user-data-dir=\(profile.path)",
            "--window-size=\(Self.viewportWidth),\(Self.viewportHeight)", "--hide-scrollbars",
            "--disable-extensions", "--disable-background-networking", "--mute-audio", "about:blank",
        ]
        do {
            pipe = try CDPPipe(executable: executable, arguments: arguments, logPath: logPath)
        } catch {
            try? FileManager.default.removeItem(at: workDirectory)
            throw error
        }
        do {
            _ = try call("Browser.getVersion")
        } catch {
            let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            close()
            let tail = log.isEmpty ? "" : "; its log ends:\n\(log.suffix(2000))"
            throw CDPError.spawnFailed("\(executable) gave no DevTools reply (\(error))\(tail)")
        }
    }

    deinit { close() }

    /// Loads `fileURL` in a new tab, waits for its load event (at most `timeout`), checks it and
    /// takes a full-page screenshot.
    func load(_ fileURL: URL, timeout: Duration = .seconds(20)) throws -> PageReport {
        let target = try call("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw CDPError.badMessage("no targetId") }
        defer { _ = try? call("Target.closeTarget", ["targetId": targetID], timeout: .seconds(5)) }
        let attached = try call("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        guard let session = attached["sessionId"] as? String else { throw CDPError.badMessage("no sessionId") }

        events = PageEventLog(sessionID: session, frameID: targetID)
        defer { events = nil }
        for domain in ["Page", "Runtime", "Log", "Network"] {
            _ = try call("\(domain).enable", session: session)
        }
        try blockNetwork(session: session)
        try setViewport(height: Self.viewportHeight, session: session)
        let navigation = try call("Page.navigate", ["url": fileURL.absoluteString], session: session)
        if let error = navigation["errorText"] as? String, !error.isEmpty {
            throw CDPError.protocolError(method: "Page.navigate to \(fileURL.path)", message: error)
        }
        try waitUntil("the load event of \(fileURL.lastPathComponent)", timeout: timeout) { $0.loadFired }

        let checks = try call("Runtime.evaluate", [
            "expression": PageChecks.script, "returnByValue": true, "awaitPromise": true,
        ], session: session)
        if let exception = checks["exceptionDetails"] as? [String: Any] {
            let thrown = (exception["exception"] as? [String: Any])?["description"] as? String
            throw CDPError.protocolError(method: "PageChecks.script",
                                         message: thrown ?? exception["text"] as? String ?? "exception")
        }
        let value = (checks["result"] as? [String: Any])?["value"] as? [String: Any] ?? [:]

        let metrics = try call("Page.getLayoutMetrics", session: session)
        let contentHeight = Self.number((metrics["cssContentSize"] as? [String: Any])?["height"]) ?? 0
        let height = min(max(Int(contentHeight.rounded(.up)), 1), Self.maxScreenshotHeight)
        try setViewport(height: height, session: session)
        // Without a clip, captureBeyondViewport takes the whole page however tall it is.
        let clip: [String: Any] = ["x": 0, "y": 0, "width": Self.viewportWidth, "height": height, "scale": 1]
        let shot = try call("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true, "clip": clip],
                            session: session, timeout: .seconds(60))
        guard let base64 = shot["data"] as? String, let png = Data(base64Encoded: base64) else {
            throw CDPError.badMessage("Page.captureScreenshot returned no PNG")
        }

        let log = events ?? PageEventLog(sessionID: session, frameID: targetID)
        return PageReport(
            url: log.pageURL ?? fileURL.absoluteString,
            consoleErrors: log.consoleErrors,
            exceptions: log.exceptions,
            requests: log.requests,
            failedLoads: log.failedLoads,
            layoutProblems: value["problems"] as? [String] ?? ["PageChecks.script returned nothing"],
            svgCount: value["chartCount"] as? Int ?? 0,
            screenshotPNG: png)
    }

    /// Asks the browser to quit, waits up to 5 s, then ends it; removes the profile. Safe to call twice.
    func close() {
        guard !isClosed else { return }
        isClosed = true
        nextID += 1
        try? pipe.send(["id": nextID, "method": "Browser.close", "params": [String: Any]()])
        if !pipe.waitForExit(timeout: .seconds(5)) { pipe.terminate() }
        try? FileManager.default.removeItem(at: workDirectory)
    }

    /// Sends one command and returns its result, recording the events that arrive meanwhile.
    private func call(_ method: String, _ params: [String: Any] = [:], session: String? = nil,
                      timeout: Duration = .seconds(20)) throws -> [String: Any] {
        guard !isClosed else { throw CDPError.browserExited("closed before \(method)") }
        nextID += 1
        let id = nextID
        var message: [String: Any] = ["id": id, "method": method, "params": params]
        if let session { message["sessionId"] = session }
        try pipe.send(message)
        let deadline = ContinuousClock.now + timeout
        while true {
            let reply = try pipe.receive(until: deadline, waitingFor: "the reply to \(method)")
            guard reply["id"] as? Int == id else {
                events?.record(reply)
                continue
            }
            if let error = reply["error"] as? [String: Any] {
                throw CDPError.protocolError(method: method, message: error["message"] as? String ?? "\(error)")
            }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    /// Records events until `condition` holds for the page's log, for at most `timeout`.
    private func waitUntil(_ what: String, timeout: Duration, _ condition: (PageEventLog) -> Bool) throws {
        let deadline = ContinuousClock.now + timeout
        while let log = events, !condition(log) {
            events?.record(try pipe.receive(until: deadline, waitingFor: what))
        }
    }

    /// Fails every http(s) request at once, after it has been recorded: a report must not need the network,
    /// and a test must not wait on DNS or depend on what a remote host answers. Newer Chromiums take
    /// `urlPatterns`; `urls` is the older, deprecated form.
    private func blockNetwork(session: String) throws {
        let schemes = ["http://*", "https://*"]
        do {
            let patterns = schemes.map { ["urlPattern": $0, "block": true] as [String: Any] }
            _ = try call("Network.setBlockedURLs", ["urlPatterns": patterns], session: session)
        } catch CDPError.protocolError {
            _ = try call("Network.setBlockedURLs", ["urls": schemes], session: session)
        }
    }

    private func setViewport(height: Int, session: String) throws {
        _ = try call("Emulation.setDeviceMetricsOverride", [
            "width": Self.viewportWidth, "height": height, "deviceScaleFactor": 1, "mobile": false,
        ], session: session)
    }

    /// A JSON number, whether Foundation decoded it as an integer or a floating-point value.
    private static func number(_ value: Any?) -> Double? {
        switch value {
        case let value as Double: value
        case let value as Int: Double(value)
        case let value as NSNumber: value.doubleValue
        default: nil
        }
    }
}
