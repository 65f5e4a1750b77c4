import CodesignCore
// libyaml is the parser Yams is built on (its `CYaml` target, compiled into this binary with
// Yams). Its event stream is read here directly because the size check must run before Yams
// composes the tree: Yams hashes every mapping key to find duplicates, and a key that is an
// alias of an alias-built list is hashed node by node, so a 300-byte file would hang inside
// `Yams.compose` before any check on the tree could run.
import CYaml

/// Bounds the size a YAML text reaches once its aliases (`*name`, merge keys `<<: *name`
/// included) are expanded, so that a few hundred bytes of nested aliases ("billion laughs")
/// can neither hang the tool nor exhaust memory.
///
/// Every node counts once per place it appears after expansion: a scalar 1, a list or
/// mapping 1 plus its contents, an alias the size of what it names. The count is kept
/// incrementally over libyaml's events, so the check is linear in the text whatever the
/// expansion would be.
enum YAMLExpansion {
    /// Nodes a file may expand to. The largest legitimate inputs are explicit layer lists:
    /// a 10,000-layer network of ~15 nodes per layer is 150,000 nodes; the limit leaves a wide
    /// margin above that while keeping a walk of the tree well under a second.
    static let nodeLimit = 1_000_000

    /// A located error at the first alias (or node) that takes the expanded size past
    /// `limit`; nil when the text stays within it or when libyaml cannot parse it (the
    /// composer then reports the syntax error with its own wording).
    static func problem(in bytes: [UInt8], path: String, limit: Int = nodeLimit) -> Diagnostic? {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return nil }
        defer { yaml_parser_delete(&parser) }
        return bytes.withUnsafeBufferPointer { buffer -> Diagnostic? in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var sizes: [String: Int] = [:]
            // Open collections: their anchor and their size so far (1 for the collection itself).
            var open: [(anchor: String?, size: Int)] = []
            var expanded = 0
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                let mark = event.start_mark
                var added = 0
                var alias: String?
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_SCALAR_EVENT:
                    added = 1
                    if let anchor = text(event.data.scalar.anchor) { sizes[anchor] = 1 }
                case YAML_ALIAS_EVENT:
                    alias = text(event.data.alias.anchor)
                    added = alias.flatMap { sizes[$0] } ?? 1
                case YAML_SEQUENCE_START_EVENT:
                    open.append((text(event.data.sequence_start.anchor), 1))
                    added = 1
                case YAML_MAPPING_START_EVENT:
                    open.append((text(event.data.mapping_start.anchor), 1))
                    added = 1
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    guard let closed = open.popLast() else { continue }
                    if let anchor = closed.anchor { sizes[anchor] = closed.size }
                    if !open.isEmpty { open[open.count - 1].size = min(limit + 1, open[open.count - 1].size + closed.size) }
                    continue
                default:
                    continue
                }
                // A new collection's 1 is already in its own frame; it joins its parent on close.
                let isStart = event.type == YAML_SEQUENCE_START_EVENT || event.type == YAML_MAPPING_START_EVENT
                if !isStart, !open.isEmpty { open[open.count - 1].size = min(limit + 1, open[open.count - 1].size + added) }
                expanded += added
                if expanded > limit {
                    let location = SourceLocation(path: path, line: Int(mark.line) + 1, column: Int(mark.column) + 1)
                    let what = alias.map { "alias '*\($0)'" } ?? "this node"
                    return .error("\(what) takes the file past \(limit) nodes once its aliases are expanded; "
                                  + "an input file may expand to at most \(limit) nodes (write the values out, "
                                  + "or use fewer nested aliases)", at: location)
                }
            }
        }
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }
}
