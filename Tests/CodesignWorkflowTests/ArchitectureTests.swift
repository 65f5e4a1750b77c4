import Foundation
import Testing

/// ARCHITECTURE.md's import table is the code's: every `import` of every source file is
/// allowed by its module's row, no module imports one of a higher layer, and the CLI holds
/// no domain logic beyond calling CodesignWorkflow.
@Suite struct ArchitectureTests {
    struct Row {
        var layer: Int
        var allowed: Set<String>
    }

    /// The table between the `imports` markers: module, layer, allowed imports.
    static func table() throws -> [String: Row] {
        let text = try String(contentsOf: Paths.root.appendingPathComponent("ARCHITECTURE.md"), encoding: .utf8)
        guard let start = text.range(of: "<!-- imports"), let end = text.range(of: "<!-- end imports -->") else {
            return [:]
        }
        var rows: [String: Row] = [:]
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| ") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 3, let layer = Int(cells[1]) else { continue }
            rows[cells[0]] = Row(layer: layer, allowed: Set(cells[2].split(separator: ",").map {
                $0.trimmingCharacters(in: .whitespaces) }))
        }
        return rows
    }

    /// Each module's imports, from its source files.
    static func imports() throws -> [String: Set<String>] {
        let sources = Paths.root.appendingPathComponent("Sources")
        var result: [String: Set<String>] = [:]
        for module in try FileManager.default.contentsOfDirectory(atPath: sources.path) {
            let folder = sources.appendingPathComponent(module)
            var found: Set<String> = []
            let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String } ?? []
            for file in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    if let i = words.firstIndex(of: "import"), words[..<i].allSatisfy({ $0.hasPrefix("@") }), i + 1 < words.count {
                        found.insert(String(words[i + 1]))
                    }
                }
            }
            result[module] = found
        }
        return result
    }

    @Test func everyImportIsAllowedAndPointsDown() throws {
        let table = try Self.table()
        let imports = try Self.imports()
        #expect(table.count >= 12, "the import table of ARCHITECTURE.md is missing or short")
        #expect(Set(imports.keys) == Set(table.keys), "modules in Sources/ and in ARCHITECTURE.md differ")
        for (module, used) in imports {
            guard let row = table[module] else { continue }
            #expect(used.isSubset(of: row.allowed), "\(module) imports \(used.subtracting(row.allowed).sorted()) outside its row")
            for dependency in used {
                if let other = table[dependency] {
                    #expect(other.layer < row.layer || (other.layer == 0 && dependency == "CGLPK"),
                            "\(module) (layer \(row.layer)) imports \(dependency) (layer \(other.layer))")
                }
            }
        }
        let glpkUsers = imports.filter { $0.value.contains("CGLPK") }.map(\.key)
        #expect(glpkUsers == ["LinearProgramming"])
    }

    /// The CLI's files each parse arguments and call CodesignWorkflow: none declares a
    /// `static func` besides formatting helpers, and none builds an evaluator, a store or a run.
    @Test func theCommandLineHoldsNoDomainLogic() throws {
        let folder = Paths.root.appendingPathComponent("Sources/npu-codesign")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for domain in ["NetworkEvaluator(", "PointEvaluator(", "ExplorationRun(", "ResultsStore(path", "SpecLoader.load",
                           "LayerCostModel(", "DeviceComparison.", "Refinement."] {
                #expect(!text.contains(domain), "\(file) holds domain logic: \(domain)")
            }
        }
    }
}
