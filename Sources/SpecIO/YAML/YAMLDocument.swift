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
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "it cannot be read"
            return .failure([.error("cannot read '\(path)': \(reason)", at: .file(path))])
        }
        return parse(data: data, path: path)
    }

    static func parse(data: Data, path: String) -> LoadResult {
        var bytes = [UInt8](data)
        // A UTF-8 byte-order mark (Windows editors write one) is not content; libyaml, told
        // the encoding, would read it as part of the first key.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let problem = binaryContentProblem(bytes, path: path) { return .failure([problem]) }
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

    /// NUL bytes or invalid UTF-8 mean the file is not a text file at all (a model binary
    /// passed by mistake); say so at the first offending byte rather than let the YAML
    /// scanner report something confusing.
    private static func binaryContentProblem(_ bytes: [UInt8], path: String) -> Diagnostic? {
        var offset = 0
        while offset < bytes.count {
            if bytes[offset] == 0 {
                return .error("the file is not text: found a NUL byte; expected a YAML file",
                              at: location(ofByte: offset, in: bytes, path: path))
            }
            let length = validUTF8SequenceLength(bytes, at: offset)
            if length == 0 {
                let hex = String(bytes[offset], radix: 16, uppercase: false)
                return .error("the file is not valid UTF-8 text: found byte 0x\(hex.count == 1 ? "0" + hex : hex); expected a YAML file",
                              at: location(ofByte: offset, in: bytes, path: path))
            }
            offset += length
        }
        return nil
    }

    /// Length of the well-formed UTF-8 sequence starting at `offset`, or 0 if it is malformed
    /// (overlong forms, surrogates and values above U+10FFFF are rejected, per RFC 3629).
    private static func validUTF8SequenceLength(_ bytes: [UInt8], at offset: Int) -> Int {
        let first = bytes[offset]
        if first < 0x80 { return 1 }
        let length: Int
        var lower: UInt8 = 0x80, upper: UInt8 = 0xBF
        switch first {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lower = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upper = 0x9F
        case 0xF0: length = 4; lower = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upper = 0x8F
        default: return 0
        }
        guard offset + length <= bytes.count else { return 0 }
        for i in 1..<length {
            let byte = bytes[offset + i]
            let (lo, hi): (UInt8, UInt8) = i == 1 ? (lower, upper) : (0x80, 0xBF)
            if byte < lo || byte > hi { return 0 }
        }
        return length
    }

    /// 1-based line and column (in characters of the valid prefix) of a byte offset.
    private static func location(ofByte offset: Int, in bytes: [UInt8], path: String) -> SourceLocation {
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        let prefix = String(decoding: bytes[lineStart..<offset], as: UTF8.self)
        return SourceLocation(path: path, line: line, column: prefix.unicodeScalars.count + 1)
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
