import CodesignCore
import Foundation

/// Reads an input file whole, with a size bound and a check that it is text, so that every
/// reader (YAML, CSV) refuses the same hostile inputs the same way: a directory, a device
/// such as /dev/zero that never ends, a file far larger than any real input, a binary file.
enum InputFile {
    /// The largest input file read. The largest real inputs (explicit layer lists of
    /// thousands of layers, accuracy tables) are well under a megabyte.
    static let byteLimit = 32 << 20

    /// The file's bytes (a UTF-8 byte-order mark removed), or the located reason they cannot
    /// be used; `what` names the file in messages ("accuracy table", "YAML file").
    static func readText(path: String, what: String) -> Result<[UInt8], DiagnosticsError> {
        switch FileKind(path: path) {
        case .missing: return .failure(DiagnosticsError("cannot read '\(path)': no such file", at: .file(path)))
        case .directory: return .failure(DiagnosticsError("cannot read '\(path)': it is a directory", at: .file(path)))
        case .regular, .other: break   // a device or a pipe is read up to the size bound
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(DiagnosticsError([.error("cannot read '\(path)': it cannot be read", at: .file(path))]))
        }
        defer { try? handle.close() }
        // Read at most one byte past the limit: a special file may never end.
        var bytes: [UInt8] = []
        while bytes.count <= byteLimit {
            guard let chunk = try? handle.read(upToCount: min(1 << 20, byteLimit + 1 - bytes.count)), !chunk.isEmpty else { break }
            bytes.append(contentsOf: chunk)
        }
        if bytes.count > byteLimit {
            return .failure(DiagnosticsError([.error("the file is larger than \(byteLimit >> 20) MiB; expected \(what), and no input of this tool is that large",
                                                     at: .file(path))]))
        }
        // A UTF-8 byte-order mark (Windows editors write one) is not content.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let problem = binaryContentProblem(bytes, path: path, what: what) { return .failure(DiagnosticsError([problem])) }
        return .success(bytes)
    }

    /// NUL bytes or invalid UTF-8 mean the file is not a text file at all (a model binary
    /// passed by mistake, a damaged copy); say so at the first offending byte rather than let
    /// a parser read a number cut at the NUL or report something confusing.
    static func binaryContentProblem(_ bytes: [UInt8], path: String, what: String) -> Diagnostic? {
        var offset = 0
        while offset < bytes.count {
            if bytes[offset] == 0 {
                return .error("the file is not text: found a NUL byte; expected \(what)",
                              at: location(ofByte: offset, in: bytes, path: path))
            }
            let length = validUTF8SequenceLength(bytes, at: offset)
            if length == 0 {
                let hex = String(bytes[offset], radix: 16, uppercase: false)
                return .error("the file is not valid UTF-8 text: found byte 0x\(hex.count == 1 ? "0" + hex : hex); expected \(what)",
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
}
