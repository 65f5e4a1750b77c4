import CodesignCore
import Foundation
import Yams

/// A value and where the user wrote it, so that later phases can still point at it.
struct Located<Value> {
    var value: Value
    var location: SourceLocation
}

/// A number as written. The text is kept for messages ("found 1e40" reads better than
/// "found 1e+40"); `integer` is set when the literal is an integer that fits in `Int`.
struct NumberLiteral {
    var text: String
    var value: Double
    var integer: Int?
}

/// Collects every problem found in one file instead of stopping at the first.
final class DiagnosticLog {
    let path: String
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) { self.path = path }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    func error(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) {
        diagnostics.append(.error(message, at: location, notes: notes))
    }

    func append(_ diagnostics: [Diagnostic]) { self.diagnostics += diagnostics }

    func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .file(path) }
        return SourceLocation(path: path, line: mark.line, column: mark.column)
    }
}

/// Phase one of input handling: typed reads of a Yams node tree. Every read that fails
/// records a located diagnostic and returns nil; the caller carries on with what it has, so
/// that one run reports every problem of the file.
struct NodeReader {
    let log: DiagnosticLog

    func location(of node: Node) -> SourceLocation { log.location(of: node) }

    /// How a node reads in "found …": the literal for scalars, the kind for collections.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch scalar.style {
            case .singleQuoted, .doubleQuoted, .literal, .folded:
                return "the string '\(scalar.string)'"
            case .any, .plain:
                if isNull(node) { return "nothing" }
                if Self.tagName(node) == .str { return "'\(scalar.string)'" }
                return scalar.string
            }
        }
    }

    /// The YAML 1.1 type of a node (explicit tag, or resolved from a plain scalar's text).
    static func tagName(_ node: Node) -> Tag.Name { Resolver.default.resolveTag(of: node) }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return Self.tagName(node) == .null
    }

    func mapping(_ node: Node, _ name: String, context: String? = nil) -> MappingReader? {
        guard case .mapping(let mapping) = node else {
            log.error("\(name) must be a mapping, found \(Self.describe(node))", at: location(of: node))
            return nil
        }
        var entries: [MappingReader.Entry] = []
        var merged: [MappingReader.Entry] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, !Self.isNull(key) else {
                log.error("keys of \(name) must be names, found \(Self.describe(key))", at: location(of: key))
                continue
            }
            if Self.tagName(key) == .merge {
                merged += mergedEntries(value, into: name)
                continue
            }
            entries.append(.init(key: scalar.string, keyLocation: location(of: key), value: value))
        }
        // YAML merge keys (`<<: *defaults`): keys written in the mapping itself win, and
        // merged values keep the location where the anchor wrote them.
        for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
            entries.append(entry)
        }
        return MappingReader(reader: self, context: context ?? name, location: location(of: node), entries: entries)
    }

    /// The entries a merge key brings in: one mapping, or a list of mappings where earlier
    /// ones win (YAML 1.1 merge key semantics).
    private func mergedEntries(_ value: Node, into name: String) -> [MappingReader.Entry] {
        let sources: [Node]
        switch value {
        case .mapping: sources = [value]
        case .sequence(let sequence): sources = Array(sequence)
        default:
            log.error("'<<' in \(name) must merge a mapping or a list of mappings, found \(Self.describe(value))",
                      at: location(of: value))
            return []
        }
        var result: [MappingReader.Entry] = []
        for source in sources {
            guard let reader = mapping(source, "a merged mapping") else { continue }
            for entry in reader.entries where !result.contains(where: { $0.key == entry.key }) {
                result.append(entry)
            }
        }
        return result
    }

    func list(_ node: Node, _ name: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            log.error("'\(name)' must be a list, found \(Self.describe(node))", at: location(of: node))
            return nil
        }
        return Array(sequence)
    }

    /// A list, or a single scalar taken as a list of one (`inputs: conv1`).
    func listOrScalar(_ node: Node) -> [Node] {
        if case .sequence(let sequence) = node { return Array(sequence) }
        return [node]
    }

    /// Any non-null scalar as text: names like `1x1` or `2` are still names.
    func string(_ node: Node, _ name: String) -> Located<String>? {
        guard case .scalar(let scalar) = node, !Self.isNull(node) else {
            log.error("'\(name)' must be a string, found \(Self.describe(node))", at: location(of: node))
            return nil
        }
        return Located(value: scalar.string, location: location(of: node))
    }

    func bool(_ node: Node, _ name: String) -> Located<Bool>? {
        if case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
           Self.tagName(node) == .bool, let value = Bool.construct(from: scalar) {
            return Located(value: value, location: location(of: node))
        }
        log.error("'\(name)' must be true or false, found \(Self.describe(node))", at: location(of: node))
        return nil
    }

    /// A plain numeric scalar. `expected` names what the caller wants ("a positive integer")
    /// for the type-mismatch message; ranges and integrality are checked in validation.
    func number(_ node: Node, _ name: String, expected: String) -> Located<NumberLiteral>? {
        let location = location(of: node)
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
              let literal = Self.numberLiteral(scalar, tag: Self.tagName(node)) else {
            log.error("'\(name)' must be \(expected), found \(Self.describe(node))", at: location)
            return nil
        }
        return Located(value: literal, location: location)
    }

    private static func numberLiteral(_ scalar: Node.Scalar, tag: Tag.Name) -> NumberLiteral? {
        let text = scalar.string
        switch tag {
        case .int:
            let digits = text.replacingOccurrences(of: "_", with: "")
            let unsigned = digits.hasPrefix("-") || digits.hasPrefix("+") ? String(digits.dropFirst()) : digits
            // Decimal literals are read as decimal even with leading zeros: YAML 1.1 would
            // read `010` as octal 8, which no one writing a channel count means.
            if !unsigned.isEmpty, unsigned.allSatisfy(\.isASCII), unsigned.allSatisfy(\.isNumber) {
                if let value = Int(digits) { return NumberLiteral(text: text, value: Double(value), integer: value) }
                return Double(digits).map { NumberLiteral(text: text, value: $0, integer: nil) }
            }
            if let value = Int.construct(from: scalar) {
                return NumberLiteral(text: text, value: Double(value), integer: value)
            }
            return NumberLiteral(text: text, value: .infinity, integer: nil)
        case .float:
            guard let value = Double.construct(from: scalar) else { return nil }
            let integer = value.isFinite && value == value.rounded() && abs(value) < 0x1p62 ? Int(value) : nil
            return NumberLiteral(text: text, value: value, integer: integer)
        default:
            return nil
        }
    }
}

/// The keys of one YAML mapping, read by name. Keys that nobody asked for are reported by
/// `reportUnknownKeys()` with a suggestion among the keys that were asked for.
struct MappingReader {
    struct Entry {
        var key: String
        var keyLocation: SourceLocation
        var value: Node
    }

    let reader: NodeReader
    /// How the mapping is named in messages: "'pe_array'", "layer 'conv1'", "the top level".
    var context: String
    let location: SourceLocation
    let entries: [Entry]
    private(set) var requested: [String] = []

    init(reader: NodeReader, context: String, location: SourceLocation, entries: [Entry]) {
        self.reader = reader
        self.context = context
        self.location = location
        self.entries = entries
    }

    var keys: [String] { entries.map(\.key) }

    func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }

    func keyLocation(_ key: String) -> SourceLocation? { entries.first { $0.key == key }?.keyLocation }

    mutating func optional(_ key: String) -> Node? {
        requested.append(key)
        return entries.first { $0.key == key }?.value
    }

    mutating func required(_ key: String) -> Node? {
        let node = optional(key)
        if node == nil {
            reader.log.error("missing required key '\(key)' in \(context)", at: location)
        }
        return node
    }

    func reportUnknownKeys() {
        for entry in entries where !requested.contains(entry.key) {
            let suggestion = Suggestions.didYouMean(entry.key, among: requested)
            let message = suggestion.isEmpty
                ? "unknown key '\(entry.key)' in \(context); expected one of \(Suggestions.list(requested))"
                : "unknown key '\(entry.key)' in \(context)\(suggestion)"
            reader.log.error(message, at: entry.keyLocation)
        }
    }
}

/// "Did you mean" suggestions by edit distance, as compilers give them.
public enum Suggestions {
    /// Candidates close to `word`: same letters in another case, or a small edit distance.
    static func closest(to word: String, among candidates: [String]) -> [String] {
        let lowered = word.lowercased()
        // One edit per three letters: "pol" → "pool", but "X" does not suggest "N".
        let limit = min(3, lowered.count / 3)
        var scored: [(String, Int)] = []
        var seen: Set<String> = []
        for candidate in candidates where candidate != word && !seen.contains(candidate) {
            seen.insert(candidate)
            let distance = editDistance(lowered, candidate.lowercased())
            if distance <= limit { scored.append((candidate, distance)) }
        }
        // Stable: equally close candidates keep their given order.
        return scored.enumerated().sorted { ($0.element.1, $0.offset) < ($1.element.1, $1.offset) }.map(\.element.0)
    }

    /// "; did you mean 'x'?" or "" when nothing is close.
    public static func didYouMean(_ word: String, among candidates: [String]) -> String {
        guard let best = closest(to: word, among: candidates).first else { return "" }
        return "; did you mean '\(best)'?"
    }

    /// "a, b or c".
    public static func list(_ words: [String]) -> String {
        var unique: [String] = []
        for word in words where !unique.contains(word) { unique.append(word) }
        guard unique.count > 1 else { return unique.first ?? "" }
        return unique.dropLast().joined(separator: ", ") + " or " + unique.last!
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
