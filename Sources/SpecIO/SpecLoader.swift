import CodesignCore
import ONNXImport
import Yams

/// Entry points for reading workload and design files. Each runs the three phases (decode,
/// validate while collecting every problem, build) and reports all problems at once.
public enum SpecLoader {
    public static func loadWorkload(path: String) throws(DiagnosticsError) -> WorkloadSpec {
        let log = DiagnosticLog(path: path)
        let spec = load(path: path, expecting: .workload, log: log).flatMap { WorkloadDecoder.load(document: $0, log: log) }
        guard let spec, !log.hasErrors else { throw DiagnosticsError(failure(log, path: path)) }
        return spec
    }

    public static func loadDesign(path: String) throws(DiagnosticsError) -> DesignSpec {
        let log = DiagnosticLog(path: path)
        let spec = load(path: path, expecting: .design, log: log).flatMap { DesignDecoder.load(document: $0, log: log) }
        guard let spec, !log.hasErrors else { throw DiagnosticsError(failure(log, path: path)) }
        return spec
    }

    /// Detects the kind (workload: top-level `workload:` key; design: `design:` key) and
    /// validates; returns every diagnostic found (empty = valid).
    public static func validate(path: String) -> [Diagnostic] {
        if path.lowercased().hasSuffix(".onnx") {
            do { _ = try ONNXModel.load(path: path) } catch { return error.diagnostics }
            return []
        }
        let log = DiagnosticLog(path: path)
        guard let document = load(path: path, expecting: nil, log: log) else { return inFileOrder(log.diagnostics, path: path) }
        switch kind(of: document.root) {
        case .workload: _ = WorkloadDecoder.load(document: document, log: log)
        case .design: _ = DesignDecoder.load(document: document, log: log)
        case nil: break
        }
        return inFileOrder(log.diagnostics, path: path)
    }

    enum Kind: String { case workload, design }

    private static func kind(of root: Node) -> Kind? {
        guard case .mapping(let mapping) = root else { return nil }
        let keys = Set(mapping.keys.compactMap { $0.scalar?.string })
        if keys.contains("workload") { return .workload }
        if keys.contains("design") { return .design }
        return nil
    }

    /// Parses the file and checks that its top level is a mapping of the expected kind
    /// (any kind when `expecting` is nil).
    private static func load(path: String, expecting: Kind?, log: DiagnosticLog) -> YAMLDocument? {
        let document: YAMLDocument
        switch YAMLDocument.load(path: path) {
        case .failure(let diagnostics):
            log.append(diagnostics)
            return nil
        case .document(let loaded):
            document = loaded
        }
        let what = expecting.map { "a mapping with a '\($0.rawValue):' key" } ?? "a mapping with a 'workload:' or 'design:' key"
        guard case .mapping(let mapping) = document.root else {
            log.error("the top level must be \(what), found \(NodeReader.describe(document.root))",
                      at: log.location(of: document.root))
            return nil
        }
        let found = kind(of: document.root)
        switch (expecting, found) {
        case (nil, nil):
            let keys = mapping.keys.compactMap { $0.scalar?.string }
            let hint = keys.compactMap { key -> String? in
                let close = Suggestions.closest(to: key, among: ["workload", "design"])
                return close.first.map { "; did you mean '\($0)' instead of '\(key)'?" }
            }.first ?? ""
            log.error("expected a workload file (top-level 'workload:' key) or a design file (top-level 'design:' key), found neither\(hint)",
                      at: log.location(of: document.root))
            return nil
        case (.workload?, .design?), (.design?, .workload?):
            log.error("expected a \(expecting!.rawValue) file, found a \(found!.rawValue) file (it has a top-level '\(found!.rawValue):' key)",
                      at: log.location(of: document.root))
            return nil
        default:
            return document
        }
    }

    /// The diagnostics to throw; never empty, so a failure always says something.
    private static func failure(_ log: DiagnosticLog, path: String) -> [Diagnostic] {
        log.hasErrors ? inFileOrder(log.diagnostics, path: path)
            : inFileOrder(log.diagnostics, path: path) + [.error("the file could not be loaded", at: .file(path))]
    }

    /// Diagnostics as a reader meets them, top to bottom, the file's own before those of the
    /// files it names (an accuracy table); problems found at the same place keep the order
    /// they were found in.
    static func inFileOrder(_ diagnostics: [Diagnostic], path: String) -> [Diagnostic] {
        diagnostics.enumerated().sorted {
            ($0.element.location.path == path ? 0 : 1, $0.element.location.line, $0.element.location.column, $0.offset)
                < ($1.element.location.path == path ? 0 : 1, $1.element.location.line, $1.element.location.column, $1.offset)
        }.map(\.element)
    }
}
