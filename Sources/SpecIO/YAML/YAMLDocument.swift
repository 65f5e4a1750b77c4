import CodesignCore
import Foundation
import Yams

/// A parsed YAML file: its root node and the path used in every diagnostic about it.
///
/// Loading never throws: the problems that stop parsing (unreadable file, empty file, binary
/// content, YAML syntax) come back as located diagnostics, like every later problem.
struct YAMLDocument {
    var path: String
    var root: Node

    enum LoadResult {
        case document(YAMLDocument)
        case failure([Diagnostic])
    }

    static func load(path: String) -> LoadResult {
        switch InputFile.readText(path: path, what: "a YAML file") {
        case .success(let bytes): parse(bytes: bytes, path: path)
        case .failure(let error): .failure(error.diagnostics)
        }
    }

    /// `bytes` are text (checked by InputFile): bound their expansion, then compose.
    private static func parse(bytes: [UInt8], path: String) -> LoadResult {
        if let problem = YAMLExpansion.problem(in: bytes, path: path) { return .failure([problem]) }
        let text = String(decoding: bytes, as: UTF8.self)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure([diagnostic(for: error, text: text, path: path)])
        } catch {
            return .failure([.error("cannot parse the file as YAML: \(error)", at: .file(path))])
        }
        guard let root, !isNull(root) else {
            return .failure([.error("the file is empty; expected a mapping with a 'workload:' or 'design:' key",
                                    at: .file(path))])
        }
        return .document(YAMLDocument(path: path, root: root))
    }

    private static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    private static func diagnostic(for error: YamlError, text: String, path: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(path: path, line: mark.line, column: mark.column) }
        func notes(_ context: YamlError.Context?) -> [Diagnostic] {
            guard let context, context.mark.line > 0 else { return [] }
            return [.note(context.text, at: at(context.mark))]
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return .error("invalid YAML: \(problem)", at: at(mark), notes: notes(context))
        case .reader(let problem, let offset, _, _):
            var location = SourceLocation.file(path)
            if let offset, offset <= text.count {
                let prefix = text.prefix(offset)
                let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                let lineStart = prefix.lastIndex(of: "\n").map { prefix.index(after: $0) } ?? prefix.startIndex
                location = SourceLocation(path: path, line: line, column: prefix[lineStart...].count + 1)
            }
            return .error("invalid YAML: \(problem)", at: location)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = at(context.mark)
            let second = secondOccurrence(of: key, firstLine: context.mark.line, firstColumn: context.mark.column,
                                          in: text).map { SourceLocation(path: path, line: $0.line, column: $0.column) }
                ?? first
            let notes: [Diagnostic] = second == first ? [] : [.note("'\(key)' is first given here", at: first)]
            return .error("duplicate key '\(key)' in a mapping; each key may be given once", at: second, notes: notes)
        default:
            return .error("cannot parse the file as YAML: \(error)", at: .file(path))
        }
    }

    /// Yams reports a duplicate key at its first occurrence only; the second is the one to
    /// point at. Look for the next `key:` after the first one, preferring the same column
    /// (the duplicate of a block-mapping key sits at the same indentation).
    private static func secondOccurrence(of key: String, firstLine: Int, firstColumn: Int,
                                         in text: String) -> (line: Int, column: Int)? {
        guard !key.isEmpty else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
        let keyCharacters = Array(key)
        var candidates: [(line: Int, column: Int)] = []
        for lineIndex in max(0, firstLine - 1)..<lines.count {
            let line = lines[lineIndex]
            var column = 0
            while column + keyCharacters.count <= line.count {
                let isFirst = lineIndex == firstLine - 1 && column <= firstColumn - 1
                if !isFirst, Array(line[column..<(column + keyCharacters.count)]) == keyCharacters {
                    let before: Character? = column == 0 ? nil : line[column - 1]
                    let leftOK = before == nil || before == " " || before == "\t" || before == "{" || before == ","
                        || before == "-"
                    var after = column + keyCharacters.count
                    while after < line.count, line[after] == " " { after += 1 }
                    if leftOK, after < line.count, line[after] == ":" {
                        candidates.append((lineIndex + 1, column + 1))
                    }
                }
                column += 1
            }
        }
        return candidates.first { $0.column == firstColumn } ?? candidates.first
    }
}
