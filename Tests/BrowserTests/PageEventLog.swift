import Foundation

/// The DevTools events of one page, turned into readable lines as they arrive.
///
/// Only events of the page's own session count; the browser-level session and earlier pages are ignored.
struct PageEventLog {
    let sessionID: String
    /// The main frame's id, which is the target id: its Document request is the page file itself.
    let frameID: String

    private(set) var pageURL: String?
    private(set) var consoleErrors: [String] = []
    private(set) var exceptions: [String] = []
    private(set) var requests: [String] = []
    private(set) var failedLoads: [String] = []
    private(set) var loadFired = false
    private var urlsByRequestID: [String: String] = [:]

    init(sessionID: String, frameID: String) {
        self.sessionID = sessionID
        self.frameID = frameID
    }

    mutating func record(_ message: [String: Any]) {
        guard message["sessionId"] as? String == sessionID,
              let method = message["method"] as? String,
              let params = message["params"] as? [String: Any] else { return }
        switch method {
        case "Page.loadEventFired":
            loadFired = true
        case "Runtime.consoleAPICalled":
            let type = params["type"] as? String ?? "?"
            guard ["error", "warning", "assert"].contains(type) else { return }
            let arguments = (params["args"] as? [[String: Any]] ?? []).map(Self.describe)
            consoleErrors.append("console.\(type): \(arguments.joined(separator: " "))")
        case "Runtime.exceptionThrown":
            let details = params["exceptionDetails"] as? [String: Any] ?? [:]
            let exception = details["exception"] as? [String: Any]
            let description = exception?["description"] as? String ?? details["text"] as? String ?? "exception"
            let text = description.split(separator: "\n").first.map(String.init) ?? description  // not the stack
            let line = (details["lineNumber"] as? Int).map { ":\($0 + 1)" } ?? ""
            exceptions.append("\(text) (\(details["url"] as? String ?? "?")\(line))")
        case "Log.entryAdded":
            let entry = params["entry"] as? [String: Any] ?? [:]
            guard entry["level"] as? String == "error" else { return }
            let url = (entry["url"] as? String).map { " (\($0))" } ?? ""
            consoleErrors.append("\(entry["source"] as? String ?? "log") error: \(entry["text"] as? String ?? "")\(url)")
        case "Network.requestWillBeSent":
            let request = params["request"] as? [String: Any] ?? [:]
            guard let url = request["url"] as? String else { return }
            requests.append(url)
            if let id = params["requestId"] as? String { urlsByRequestID[id] = url }
            if pageURL == nil, params["type"] as? String == "Document", params["frameId"] as? String == frameID {
                pageURL = url
            }
        case "Network.loadingFailed":
            // Requests the browser blocked on our behalf are already problems as external requests.
            guard params["blockedReason"] as? String != "inspector" else { return }
            let id = params["requestId"] as? String ?? "?"
            let error = params["errorText"] as? String ?? ""
            let reason = error.isEmpty ? "blocked (\(params["blockedReason"] as? String ?? "unknown"))" : error
            failedLoads.append("\(urlsByRequestID[id] ?? "request \(id)"): \(reason)")
        default:
            break
        }
    }

    /// A console argument as the console would print it.
    private static func describe(_ remote: [String: Any]) -> String {
        if let value = remote["value"] { return "\(value)" }
        return remote["description"] as? String ?? remote["type"] as? String ?? "?"
    }
}
