import CodesignCore
import Foundation

// The CSV tables the tool reads (accuracy, adjustments, calibration): decoded with every
// field's line and column, so each problem is reported where it is, and checked while
// collecting every problem before a table is built.


/// One CSV field with the 1-based column where it starts.
public struct CSVField: Sendable, Hashable {
    public var text: String
    public var column: Int
}

/// Splits a file into records of fields (LF or CRLF line ends; Swift reads CRLF as one
/// Character, so both are separators). Quotes follow RFC 4180 within a line (no embedded
/// newlines: none of the shipped tables needs them). Blank lines are skipped.
public func parseCSVLines(_ content: String) -> [(line: Int, fields: [CSVField])] {
    var records: [(Int, [CSVField])] = []
    for (index, rawLine) in content.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
        var line = Substring(rawLine)
        if line.hasSuffix("\r") { line = line.dropLast() }
        if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
        var fields: [CSVField] = []
        var current = ""
        var start = 1
        var column = 1
        var quoted = false
        let chars = Array(line)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { current.append("\""); i += 1; column += 1 }
                    else { quoted = false }
                } else {
                    current.append(c)
                }
            } else if c == "\"" && current.isEmpty {
                quoted = true
            } else if c == "," {
                fields.append(CSVField(text: current, column: start))
                current = ""
                start = column + 1
            } else {
                current.append(c)
            }
            i += 1
            column += 1
        }
        fields.append(CSVField(text: current, column: start))
        records.append((index + 1, fields))
    }
    return records
}

/// Reads the header and maps each row to its named fields, reporting missing columns,
/// wrong field counts and empty files.
public struct CSVTable: Sendable {
    public var header: [String: Int]
    public var rows: [(line: Int, fields: [CSVField])]

    public static func read(path: String, required: [String], what: String,
                     diagnostics: inout [Diagnostic]) -> CSVTable? {
        let content: String
        switch InputFile.readText(path: path, what: "a CSV file (\(what))") {
        case .success(let bytes): content = String(decoding: bytes, as: UTF8.self)
        case .failure(let error):
            diagnostics += error.diagnostics
            return nil
        }
        let records = parseCSVLines(content)
        guard let headerRecord = records.first else {
            diagnostics.append(.error("\(what) is empty: expected a header with columns \(required.joined(separator: ","))", at: .file(path)))
            return nil
        }
        var header: [String: Int] = [:]
        for (index, field) in headerRecord.fields.enumerated() {
            let name = field.text.trimmingCharacters(in: .whitespaces)
            let location = SourceLocation(path: path, line: headerRecord.line, column: field.column)
            if header[name] != nil {
                diagnostics.append(.error("duplicate column '\(name)'", at: location))
            } else {
                header[name] = index
            }
        }
        for name in required where header[name] == nil {
            diagnostics.append(.error("missing column '\(name)' in the header (required: \(required.joined(separator: ",")))",
                                      at: SourceLocation(path: path, line: headerRecord.line, column: 1)))
        }
        let body = Array(records.dropFirst())
        if body.isEmpty {
            diagnostics.append(.error("\(what) has a header but no rows", at: SourceLocation(path: path, line: headerRecord.line, column: 1)))
        }
        var rows: [(Int, [CSVField])] = []
        for record in body {
            if record.fields.count != headerRecord.fields.count {
                diagnostics.append(.error("row has \(record.fields.count) fields, the header has \(headerRecord.fields.count)",
                                          at: SourceLocation(path: path, line: record.line, column: 1)))
            } else {
                rows.append(record)
            }
        }
        return CSVTable(header: header, rows: rows)
    }
}

/// Typed access to one row's fields, each problem reported at its field.
public struct RowReader: Sendable {
    public var path: String
    public var line: Int
    public var fields: [CSVField]
    public var header: [String: Int]

    public init(path: String, line: Int, fields: [CSVField], header: [String: Int]) {
        self.path = path
        self.line = line
        self.fields = fields
        self.header = header
    }

    public func field(_ name: String) -> CSVField? { header[name].map { fields[$0] } }

    public func location(_ name: String) -> SourceLocation {
        SourceLocation(path: path, line: line, column: field(name)?.column ?? 1)
    }

    public func text(_ name: String) -> String? { field(name).map { $0.text.trimmingCharacters(in: .whitespaces) } }

    /// nil (with a diagnostic) when the field is missing, empty or not a finite number.
    public func number(_ name: String, optional: Bool = false, _ diagnostics: inout [Diagnostic]) -> Double?? {
        guard let text = text(name) else { return optional ? .some(nil) : nil }
        if text.isEmpty {
            if optional { return .some(nil) }
            diagnostics.append(.error("\(name) is empty", at: location(name)))
            return nil
        }
        guard let value = Double(text), value.isFinite else {
            diagnostics.append(.error("\(name) '\(text)' is not a number", at: location(name)))
            return nil
        }
        return .some(value)
    }

    public func integer(_ name: String, optional: Bool = false, _ diagnostics: inout [Diagnostic]) -> Int?? {
        guard let number = number(name, optional: optional, &diagnostics) else { return nil }
        guard let value = number else { return .some(nil) }
        guard value == value.rounded(), abs(value) < 1e9 else {
            diagnostics.append(.error("\(name) '\(text(name) ?? "")' is not an integer", at: location(name)))
            return nil
        }
        return .some(Int(value))
    }
}

