import CodesignCore
import Foundation

// The mutation half of the CLI fuzz test (FuzzTests.swift): given the bytes of a bundled
// input file and a seed, one mutation a hostile or careless user could make. Everything here
// works on bytes, not Strings, so a mutant may be invalid UTF-8 and line and column figures
// stay those an editor shows for the original ASCII files.

/// The campaign's random source: the project's SplitMix64 (CodesignCore), so a seed gives the
/// same mutants on every platform and toolchain.
struct FuzzRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { generator.next() }

    /// A number in `0..<bound` (`bound` ≥ 1).
    mutating func below(_ bound: Int) -> Int { generator.next(below: bound) }

    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }

    /// The seed of case `index` of a campaign: neighbouring cases get unrelated streams.
    static func caseSeed(_ seed: UInt64, _ index: Int) -> UInt64 {
        var mixer = FuzzRandom(seed: seed ^ (UInt64(index) &* 0xD6E8_FEB8_6659_FD93))
        return mixer.next()
    }
}

/// A mutated file and a one-line account of what was changed, for the failure message.
struct Mutant {
    var bytes: [UInt8]
    var description: String
}

/// How a file is mutated: YAML by its keys, scalars and structure; CSV by its fields and rows.
enum FuzzFileKind: Sendable {
    case yaml, csv

    init(path: String) { self = path.hasSuffix(".csv") ? .csv : .yaml }
}

/// One seeded mutation of a file. A mutation that does not apply (no number to replace, a
/// one-line file to swap) draws another kind, so every seed gives a changed file.
enum FuzzMutator {
    /// Numbers a hostile user types: zero and signs, the edges of Double and Int64, NaN and
    /// infinities in YAML and CSV spellings, and merely large or small values.
    static let extremes = ["0", "-1", "-0", "1e308", "-1e308", "1e-308", "1e-300", "4.9e-324", "1e400",
                           "9223372036854775807", "-9223372036854775808", "18446744073709551616",
                           "nan", ".nan", ".inf", "-.inf", "inf", "1e9", "0.0001", "65536", "0x10", "1_000"]

    /// What replaces a YAML scalar: a structure where a scalar was expected, or nothing.
    static let scalarReplacements = ["[1, 2]", "{a: 1}", "\"\"", "~", "[]", "{}"]

    /// One mutation, or two or three in a row (a quarter of the seeds): a single mistake
    /// is usually caught by the first check it meets, a few together reach further.
    static func mutate(_ bytes: [UInt8], kind: FuzzFileKind, seed: UInt64) -> Mutant {
        var random = FuzzRandom(seed: seed)
        let count = random.below(4) == 0 ? 2 + random.below(2) : 1
        var mutant = Mutant(bytes: bytes, description: "")
        for step in 0..<count {
            let next = mutateOnce(mutant.bytes, kind: kind, &random)
            mutant = Mutant(bytes: next.bytes, description: step == 0 ? next.description : mutant.description + "; then " + next.description)
        }
        return mutant
    }

    static func mutateOnce(_ bytes: [UInt8], kind: FuzzFileKind, _ random: inout FuzzRandom) -> Mutant {
        let kinds = kind == .yaml ? yamlMutations : csvMutations
        for _ in 0..<64 {
            if let mutant = random.pick(kinds)(bytes, &random), mutant.bytes != bytes { return mutant }
        }
        return Mutant(bytes: bytes + [0xFF], description: "appended byte 0xFF")
    }

    typealias Mutation = @Sendable ([UInt8], inout FuzzRandom) -> Mutant?

    static let byteMutations: [Mutation] = [deleteLine, duplicateLine, swapLines, truncate, insertNUL, insertInvalidUTF8, flipByte]
    static let yamlMutations: [Mutation] = byteMutations + [
        extremeNumber, extremeNumber, extremeNumber, replaceScalar, replaceScalar, renameKey, reindent, aliasBomb,
    ]
    static let csvMutations: [Mutation] = byteMutations + [
        csvExtremeField, csvExtremeField, csvExtremeField, csvAddField, csvRemoveField, csvEmptyField, csvDuplicateHeader,
        csvCommaRow, csvQuotedField,
    ]
}

// MARK: - Lines and bytes

extension FuzzMutator {
    /// The file's lines, each with its line end.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in bytes {
            current.append(byte)
            if byte == 0x0A { result.append(current); current = [] }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// The 1-based line of a byte offset.
    static func lineNumber(_ bytes: [UInt8], at offset: Int) -> Int {
        bytes[..<min(offset, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }

    /// Printable text of a few bytes for a description.
    static func show<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let text = String(decoding: Array(bytes).filter { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        return text.count > 48 ? String(text.prefix(45)) + "..." : text
    }

    static func replacing(_ bytes: [UInt8], _ range: Range<Int>, with text: String) -> [UInt8] {
        var result = bytes
        result.replaceSubrange(range, with: Array(text.utf8))
        return result
    }

    static func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func deleteLine(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        var lines = lines(bytes)
        guard !lines.isEmpty else { return nil }
        let i = random.below(lines.count)
        let removed = lines.remove(at: i)
        return Mutant(bytes: lines.flatMap { $0 }, description: "deleted line \(i + 1) '\(show(removed))'")
    }

    /// The copy follows the original: a duplicate key in YAML, a repeated row in CSV.
    static func duplicateLine(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        var lines = lines(bytes)
        guard !lines.isEmpty else { return nil }
        let i = random.below(lines.count)
        var copy = lines[i]
        if copy.last != 0x0A { lines[i].append(0x0A) }
        if copy.last != 0x0A { copy.append(0x0A) }
        lines.insert(copy, at: i + 1)
        return Mutant(bytes: lines.flatMap { $0 }, description: "duplicated line \(i + 1) '\(show(copy))'")
    }

    static func swapLines(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        var lines = lines(bytes)
        guard lines.count >= 2 else { return nil }
        if lines[lines.count - 1].last != 0x0A { lines[lines.count - 1].append(0x0A) }
        let i = random.below(lines.count), j = random.below(lines.count)
        guard i != j, lines[i] != lines[j] else { return nil }
        lines.swapAt(i, j)
        return Mutant(bytes: lines.flatMap { $0 }, description: "swapped lines \(min(i, j) + 1) and \(max(i, j) + 1)")
    }

    static func truncate(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        guard !bytes.isEmpty else { return nil }
        let at = random.below(bytes.count)
        return Mutant(bytes: Array(bytes[..<at]), description: "truncated at byte \(at) (line \(lineNumber(bytes, at: at)))")
    }

    static func insertByte(_ byte: UInt8, _ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant {
        let at = random.below(bytes.count + 1)
        var result = bytes
        result.insert(byte, at: at)
        return Mutant(bytes: result, description: String(format: "inserted byte 0x%02X at byte %d (line %d)", byte, at,
                                                          lineNumber(bytes, at: at)))
    }

    static func insertNUL(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? { insertByte(0x00, bytes, &random) }

    static func insertInvalidUTF8(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? { insertByte(0xFF, bytes, &random) }

    /// Bytes that mean something to YAML or CSV, besides any printable one.
    static let syntaxBytes = Array(":-[]{},&*!|>'\"%@`#\t\n\r ".utf8)

    /// A byte replaced by a printable or syntax byte, so that the mutant still gets past
    /// the UTF-8 check (invalid UTF-8 has its own mutation) to the parser and the schema.
    static func flipByte(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        guard !bytes.isEmpty else { return nil }
        let at = random.below(bytes.count)
        var result = bytes
        result[at] = random.below(2) == 0 ? random.pick(syntaxBytes) : UInt8(0x21 + random.below(94))
        guard result[at] != bytes[at] else { return nil }
        return Mutant(bytes: result, description: String(format: "byte %d (line %d) 0x%02X -> 0x%02X", at,
                                                          lineNumber(bytes, at: at), bytes[at], result[at]))
    }
}

// MARK: - YAML

extension FuzzMutator {
    /// For every byte, whether it lies in a `#` comment (a `#` at a line start or after a
    /// space, outside quotes): mutating comments tests nothing. With `quotes`, bytes inside
    /// quotes too: a number in a quoted text is text (the tool echoes it, as it should).
    static func commentMask(_ bytes: [UInt8], quotes: Bool = false) -> [Bool] {
        var mask = [Bool](repeating: false, count: bytes.count)
        var inComment = false, quote: UInt8? = nil
        for (i, byte) in bytes.enumerated() {
            if byte == 0x0A { inComment = false; quote = nil; continue }
            if inComment { mask[i] = true; continue }
            if let q = quote { if byte == q { quote = nil } else if quotes { mask[i] = true }; continue }
            if byte == 0x22 || byte == 0x27 { quote = byte }
            else if byte == 0x23, i == 0 || bytes[i - 1] == 0x20 || bytes[i - 1] == 0x0A || bytes[i - 1] == 0x09 {
                inComment = true
                mask[i] = true
            }
        }
        return mask
    }

    /// Every number outside comments and quoted texts: an optional minus, digits, a fraction, an exponent,
    /// not part of a word (`v2`, `LPDDR4`).
    static func numberTokens(_ bytes: [UInt8]) -> [Range<Int>] {
        let comment = commentMask(bytes, quotes: true)
        var tokens: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            guard isDigit(bytes[i]), !comment[i], i == 0 || !(isIdentifier(bytes[i - 1]) || bytes[i - 1] == 0x2E) else {
                i += 1
                continue
            }
            // A digit after a hyphen inside a word (`cortex-a53-04`) is a name, not a number.
            if i > 1, bytes[i - 1] == 0x2D, isIdentifier(bytes[i - 2]) { i += 1; continue }
            let start = i > 0 && bytes[i - 1] == 0x2D ? i - 1 : i
            var end = i
            while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            if end + 1 < bytes.count, bytes[end] == 0x2E, isDigit(bytes[end + 1]) {
                end += 1
                while end < bytes.count, isDigit(bytes[end]) { end += 1 }
            }
            if end < bytes.count, bytes[end] | 0x20 == 0x65 {
                var e = end + 1
                if e < bytes.count, bytes[e] == 0x2B || bytes[e] == 0x2D { e += 1 }
                if e < bytes.count, isDigit(bytes[e]) {
                    while e < bytes.count, isDigit(bytes[e]) { e += 1 }
                    end = e
                }
            }
            if end >= bytes.count || !(isIdentifier(bytes[end]) || bytes[end] == 0x2E) { tokens.append(start..<end) }
            i = end
        }
        return tokens
    }

    /// Every plain or quoted scalar in a value position: after `key: `, after a block `- `,
    /// and as an item of a flow sequence. Flow collections are taken to open and close on
    /// one line, as in every bundled file.
    static func scalarTokens(_ bytes: [UInt8]) -> [Range<Int>] {
        let comment = commentMask(bytes)
        var tokens: [Range<Int>] = []
        var flow: [UInt8] = []
        var lineStart = true
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x0A { flow = []; lineStart = true; i += 1; continue }
            if comment[i] { i += 1; continue }
            if byte == 0x7B || byte == 0x5B { flow.append(byte) }
            if byte == 0x7D || byte == 0x5D { _ = flow.popLast() }
            let opensValue = (byte == 0x3A && i + 1 < bytes.count && bytes[i + 1] == 0x20)
                || (byte == 0x2D && lineStart && i + 1 < bytes.count && bytes[i + 1] == 0x20)
                || (byte == 0x5B) || (byte == 0x2C && flow.last == 0x5B)
            if byte != 0x20 { lineStart = false }
            i += 1
            guard opensValue else { continue }
            var start = i
            while start < bytes.count, bytes[start] == 0x20 { start += 1 }
            guard start < bytes.count, !"{[|>&*!#\n-],}".utf8.contains(bytes[start]) || isNegativeNumber(bytes, start) else { continue }
            let end = scalarEnd(bytes, from: start, inFlow: !flow.isEmpty)
            if end > start { tokens.append(start..<end) }
        }
        return tokens
    }

    static func isNegativeNumber(_ bytes: [UInt8], _ at: Int) -> Bool {
        bytes[at] == 0x2D && at + 1 < bytes.count && isDigit(bytes[at + 1])
    }

    static func scalarEnd(_ bytes: [UInt8], from start: Int, inFlow: Bool) -> Int {
        if bytes[start] == 0x22 || bytes[start] == 0x27 {
            var end = start + 1
            while end < bytes.count, bytes[end] != bytes[start], bytes[end] != 0x0A { end += 1 }
            return min(end + 1, bytes.count)
        }
        var end = start
        while end < bytes.count, bytes[end] != 0x0A, !(inFlow && ",]}".utf8.contains(bytes[end])),
              !(bytes[end] == 0x23 && bytes[end - 1] == 0x20) { end += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        return end
    }

    /// Every key: a word followed by `:` and a space or line end, outside comments.
    static func keyTokens(_ bytes: [UInt8]) -> [Range<Int>] {
        let comment = commentMask(bytes)
        var tokens: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            guard isIdentifier(bytes[i]), !comment[i], i == 0 || !isIdentifier(bytes[i - 1]) else { i += 1; continue }
            var end = i
            while end < bytes.count, isIdentifier(bytes[end]) || bytes[end] == 0x2D { end += 1 }
            if end < bytes.count, bytes[end] == 0x3A, end + 1 == bytes.count || bytes[end + 1] == 0x20 || bytes[end + 1] == 0x0A {
                tokens.append(i..<end)
            }
            i = end
        }
        return tokens
    }

    static func extremeNumber(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        replaceToken(numberTokens(bytes), in: bytes, with: extremes, what: "number", &random)
    }

    static func replaceScalar(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        replaceToken(scalarTokens(bytes), in: bytes, with: scalarReplacements, what: "scalar", &random)
    }

    /// One of `tokens` replaced by one of `values`.
    private static func replaceToken(_ tokens: [Range<Int>], in bytes: [UInt8], with values: [String], what: String,
                                     _ random: inout FuzzRandom) -> Mutant? {
        guard !tokens.isEmpty else { return nil }
        let token = random.pick(tokens), value = random.pick(values)
        return Mutant(bytes: replacing(bytes, token, with: value),
                      description: "line \(lineNumber(bytes, at: token.lowerBound)): \(what) '\(show(bytes[token]))' -> '\(value)'")
    }

    /// A misspelt key: one letter added, or a capital where the schema has none.
    static func renameKey(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        let tokens = keyTokens(bytes)
        guard !tokens.isEmpty else { return nil }
        let token = random.pick(tokens)
        let old = String(decoding: bytes[token], as: UTF8.self)
        let new = random.below(2) == 0 ? old + "x" : old.prefix(1).uppercased() + old.dropFirst()
        return Mutant(bytes: replacing(bytes, token, with: new),
                      description: "line \(lineNumber(bytes, at: token.lowerBound)): key '\(old)' -> '\(new)'")
    }

    /// A line moved in or out of its block, or indented with a tab (which YAML forbids).
    static func reindent(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        var lines = lines(bytes)
        let candidates = lines.indices.filter { lines[$0].contains { $0 != 0x20 && $0 != 0x0A } }
        guard !candidates.isEmpty else { return nil }
        let i = random.pick(candidates)
        let indent = lines[i].prefix { $0 == 0x20 }.count
        let change: String
        switch random.below(4) {
        case 0: lines[i].insert(0x20, at: 0); change = "one space more"
        case 1: lines[i].insert(contentsOf: [0x20, 0x20], at: 0); change = "two spaces more"
        case 2:
            guard indent > 0 else { return nil }
            lines[i].removeFirst(min(indent, 1 + random.below(2))); change = "dedented"
        default: lines[i].insert(0x09, at: indent); change = "a tab in its indentation"
        }
        return Mutant(bytes: lines.flatMap { $0 }, description: "line \(i + 1) '\(show(lines[i]))': \(change)")
    }

    /// Billion laughs: nine-way anchors nested `depth` deep expand to 9^depth leaves; a
    /// loader that walks (or copies) the expansion hangs or exhausts memory. The anchors
    /// are top-level keys put first (an alias must follow its anchor); the bomb is then
    /// used as a value, merged with `<<:` into a flow mapping, or merged at top level.
    static func aliasBomb(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        let depth = 8 + random.below(2)
        let mapping = random.below(2) == 0
        var anchors: [String] = []
        for level in 0...depth {
            let items = (0..<9).map { index -> String in
                let leaf = level == 0 ? "lol" : "*a\(level - 1)"
                return mapping ? "k\(index): \(leaf)" : leaf
            }
            anchors.append(mapping ? "a\(level): &a\(level) {\(items.joined(separator: ", "))}"
                                   : "a\(level): &a\(level) [\(items.joined(separator: ", "))]")
        }
        let prefix = Array((anchors.joined(separator: "\n") + "\n").utf8)
        var result = prefix + bytes
        let alias = "*a\(depth)"
        let comment = commentMask(bytes)
        let flowMappings = bytes.indices.filter { bytes[$0] == 0x7B && $0 > 0 && bytes[$0 - 1] == 0x20 && !comment[$0] }
        let place: String
        switch random.below(3) {
        case 0 where !flowMappings.isEmpty:
            let at = random.pick(flowMappings)
            place = "merged '<<: \(alias)' into the flow mapping at line \(lineNumber(bytes, at: at))"
            result.insert(contentsOf: Array("<<: \(alias), ".utf8), at: prefix.count + at + 1)
        case 1:
            let scalars = scalarTokens(bytes)
            guard !scalars.isEmpty else { return nil }
            let token = random.pick(scalars)
            place = "line \(lineNumber(bytes, at: token.lowerBound)): scalar '\(show(bytes[token]))' -> \(alias)"
            result.replaceSubrange((token.lowerBound + prefix.count)..<(token.upperBound + prefix.count), with: Array(alias.utf8))
        default:
            if result.last != 0x0A { result.append(0x0A) }
            result += Array("<<: \(alias)\n".utf8)
            place = "merged '<<: \(alias)' at top level"
        }
        return Mutant(bytes: result, description: "alias bomb (\(mapping ? "mappings" : "lists"), 9^\(depth)) first; \(place)")
    }
}

// MARK: - CSV

extension FuzzMutator {
    /// The byte ranges of a line's fields (quotes respected), without the line end.
    static func fieldRanges(_ line: [UInt8]) -> [Range<Int>] {
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        var ranges: [Range<Int>] = []
        var start = 0, quoted = false
        for i in 0..<end {
            if line[i] == 0x22 { quoted.toggle() }
            else if line[i] == 0x2C, !quoted { ranges.append(start..<i); start = i + 1 }
        }
        ranges.append(start..<end)
        return ranges
    }

    /// A random field of a data row.
    static func pickField(_ lines: [[UInt8]], _ random: inout FuzzRandom) -> (line: Int, field: Int, range: Range<Int>)? {
        guard lines.count >= 2 else { return nil }
        let line = 1 + random.below(lines.count - 1)
        let ranges = fieldRanges(lines[line])
        let field = random.below(ranges.count)
        return (line, field, ranges[field])
    }

    /// Replaces one field of a data row; the description names the header's column.
    static func setField(_ bytes: [UInt8], _ random: inout FuzzRandom, _ value: (String) -> String) -> Mutant? {
        var lines = lines(bytes)
        guard let (line, field, range) = pickField(lines, &random) else { return nil }
        let old = String(decoding: lines[line][range], as: UTF8.self)
        let new = value(old)
        lines[line].replaceSubrange(range, with: Array(new.utf8))
        return Mutant(bytes: lines.flatMap { $0 },
                      description: "line \(line + 1) field \(field + 1) (\(columnName(lines, field))): '\(show(old.utf8))' -> '\(show(new.utf8))'")
    }

    static func columnName(_ lines: [[UInt8]], _ field: Int) -> String {
        let ranges = fieldRanges(lines[0])
        return field < ranges.count ? show(lines[0][ranges[field]]) : "beyond the header"
    }

    static func csvExtremeField(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        let value = random.pick(extremes)
        return setField(bytes, &random) { _ in value }
    }

    static func csvEmptyField(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        setField(bytes, &random) { _ in "" }
    }

    /// An embedded (doubled) quote, a stray quote inside a quoted field, or one left open.
    static func csvQuotedField(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        let style = random.below(3)
        return setField(bytes, &random) { old in
            let text = old.replacingOccurrences(of: "\"", with: "")
            switch style {
            case 0: return "\"\(text)\"\"q\"\""
            case 1: return "\"\(text)\"q\""
            default: return "\"\(text)"
            }
        }
    }

    /// A column renamed to another's name (duplicate, and the renamed one missing), or a
    /// column and its values repeated at the end of every row (only the duplicate wrong).
    static func csvDuplicateHeader(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        var lines = lines(bytes)
        guard !lines.isEmpty else { return nil }
        let header = fieldRanges(lines[0])
        let source = random.below(header.count)
        let name = show(lines[0][header[source]])
        if random.below(2) == 0, header.count >= 2 {
            let target = (source + 1 + random.below(header.count - 1)) % header.count
            return Mutant(bytes: replaceHeaderField(bytes, target, with: name),
                          description: "header column \(target + 1) renamed to '\(name)' (column \(source + 1))")
        }
        for i in lines.indices {
            let ranges = fieldRanges(lines[i])
            guard source < ranges.count else { continue }
            let value = Array(lines[i][ranges[source]])
            lines[i].insert(contentsOf: [0x2C] + value, at: ranges[ranges.count - 1].upperBound)
        }
        return Mutant(bytes: lines.flatMap { $0 }, description: "column \(source + 1) '\(name)' repeated at the end of every row")
    }

    static func replaceHeaderField(_ bytes: [UInt8], _ field: Int, with name: String) -> [UInt8] {
        var lines = lines(bytes)
        lines[0].replaceSubrange(fieldRanges(lines[0])[field], with: Array(name.utf8))
        return lines.flatMap { $0 }
    }

    static func csvAddField(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        var lines = lines(bytes)
        guard !lines.isEmpty else { return nil }
        let line = random.below(lines.count)
        let ranges = fieldRanges(lines[line])
        let after = random.below(ranges.count)
        lines[line].insert(contentsOf: Array(",1".utf8), at: ranges[after].upperBound)
        return Mutant(bytes: lines.flatMap { $0 }, description: "line \(line + 1): field '1' added after field \(after + 1)")
    }

    static func csvRemoveField(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        var lines = lines(bytes)
        guard !lines.isEmpty else { return nil }
        let line = random.below(lines.count)
        let ranges = fieldRanges(lines[line])
        guard ranges.count >= 2 else { return nil }
        let field = random.below(ranges.count)
        let removed = field == 0 ? ranges[0].lowerBound..<ranges[1].lowerBound
                                 : ranges[field - 1].upperBound..<ranges[field].upperBound
        let old = show(lines[line][ranges[field]])
        lines[line].removeSubrange(removed)
        return Mutant(bytes: lines.flatMap { $0 }, description: "line \(line + 1): field \(field + 1) '\(old)' removed")
    }

    /// A row of the header's width holding nothing but commas.
    static func csvCommaRow(_ bytes: [UInt8], _ random: inout FuzzRandom) -> Mutant? {
        var lines = lines(bytes)
        guard !lines.isEmpty else { return nil }
        if lines[lines.count - 1].last != 0x0A { lines[lines.count - 1].append(0x0A) }
        let at = 1 + random.below(lines.count)
        let commas = [UInt8](repeating: 0x2C, count: fieldRanges(lines[0]).count - 1) + [0x0A]
        lines.insert(commas, at: at)
        return Mutant(bytes: lines.flatMap { $0 }, description: "line \(at + 1): a row of \(commas.count - 1) commas inserted")
    }
}
