import TestSupport
import Foundation
import Testing
@testable import LinearProgramming

/// max 3x - y + 0.5z + 4 with x ∈ {0..10}, y ≥ -2.5, z binary;
/// 2x + y + z ≤ 14, -1 ≤ x - y ≤ 3, z - x = -4, and a row with no bounds.
/// x = 4 + z; y ≥ x - 3 is cheapest: z = 0 gives 12 - 1 + 4 = 15, z = 1 gives
/// 15 - 2 + 0.5 + 4 = 17.5 (capacity 13 ≤ 14), so the optimum is 17.5 at (5, 2, 1).
let tinyModel: ILPModel = {
    var model = ILPModel(sense: .maximize)
    let x = model.addVariable("x", kind: .integer, upperBound: 10)
    let y = model.addVariable("load [L2]", kind: .continuous, lowerBound: -2.5)
    let z = model.addVariable("2nd", kind: .binary)
    model.objective = [Term(x, 3), Term(y, -1), Term(z, 0.5)]
    model.objectiveConstant = 4
    model.addRow("cap", [Term(x, 2), Term(y, 1), Term(z, 1)], atMost: 14)
    model.addRow("range", [Term(x, 1), Term(y, -1)], lowerBound: -1, upperBound: 3)
    model.addRow("fix", [Term(z, 1), Term(x, -1)], equalTo: -4)
    model.addRow("free", [Term(x, 1)])
    return model
}()

let tinyModelLP = """
    \\* ILP model: 3 variables, 4 rows, 8 non-zeros *\\
    Maximize
     obj: + 3 x - load__L2_ + 0.5 _2nd + 4 objective_constant
    Subject To
     cap: + 2 x + load__L2_ + _2nd <= 14
     range_lo: + x - load__L2_ >= -1
     range_hi: + x - load__L2_ <= 3
     fix: + _2nd - x = -4
     \\* row _free has no finite bound; omitted *\\
    Bounds
     0 <= x <= 10
     load__L2_ >= -2.5
     objective_constant = 1
    Generals
     x
    Binaries
     _2nd
    End

    """

/// Writes `model` as CPLEX-LP, has GLPK read the file back and solve it.
func solveThroughLPFile(_ model: ILPModel) throws -> ILPSolution {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("npu-codesign-lp-\(UUID().uuidString).lp")
    try model.cplexLP().write(to: url, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: url) }
    return try GLPKSolver.solveCPLEXLPFileForTesting(path: url.path, timeLimitS: 10)
}

@Suite("CPLEX-LP writer")
struct CPLEXLPWriterTests {
    @Test("a tiny model gives exactly the expected text")
    func tinyText() {
        #expect(tinyModel.cplexLP() == tinyModelLP)
    }

    @Test("GLPK reads the tiny model back to the same optimum")
    func tinyReadBack() throws {
        let direct = try GLPKSolver().solveSync(tinyModel, timeLimitS: 10)
        let readBack = try solveThroughLPFile(tinyModel)
        #expect(direct.status == .optimal && readBack.status == .optimal)
        #expect(direct.objective == 17.5)
        #expect(readBack.objective == 17.5)
        #expect(direct.values == [5, 2, 1])
        // Columns come back in model order, then the fixed objective_constant column.
        #expect(readBack.values == [5, 2, 1, 1])
    }

    @Test("every hand-solved model reads back to its optimum", arguments: optimumCases)
    func readBack(_ testCase: OptimumCase) throws {
        let solution = try solveThroughLPFile(testCase.model)
        #expect(solution.status == .optimal)
        #expect(isClose(solution.objective ?? .nan, testCase.objective))
        if let values = testCase.values {
            #expect(zip(solution.values, values).allSatisfy { isClose($0, $1, relative: 1e-7) })
        }
    }

    @Test("infeasible and unbounded models read back to the same status", arguments: statusCases)
    func readBackStatus(_ testCase: StatusCase) throws {
        #expect(try solveThroughLPFile(testCase.model).status == testCase.status)
    }

    @Test("the text is deterministic")
    func deterministic() {
        let model = marketSplitModel(rowCount: 3, seed: 3, withSlack: true)
        #expect(model.cplexLP() == model.cplexLP())
        #expect(model.cplexLP().split(separator: "\n").allSatisfy { $0.count <= 100 })
    }

    @Test("names are sanitised", arguments: [
        ("x", "x"), ("take_3.b", "take_3.b"), ("2nd", "_2nd"), (".x", "_.x"), ("energy", "_energy"),
        ("E1", "_E1"), ("load [L2]", "load__L2_"), ("a-b+c", "a_b_c"), ("FREE", "_FREE"), ("st", "_st"),
        ("Bin", "_Bin"), ("ünï", "_n_"), ("x\ny", "x_y"),
    ])
    func sanitised(_ raw: String, _ expected: String) {
        #expect(LPNameTable.sanitised(raw) == expected)
    }

    @Test("empty and repeated names become unique")
    func uniqueNames() {
        var model = ILPModel()
        for name in ["a", "a", "", "x_2"] { model.addVariable(name, kind: .continuous) }
        model.addRow("", [Term(0, 1)], atLeast: 1)
        model.addRow("", [Term(1, 1)], atLeast: 1)
        let text = model.cplexLP()
        #expect(text.contains(" obj: + 0 a + 0 a_1 + 0 x_2 + 0 x_2_3\n"))
        #expect(text.contains(" r_0: + a >= 1\n r_1: + a_1 >= 1\n"))
    }

    @Test("a model without variables or rows is still readable")
    func emptyModel() throws {
        var model = ILPModel()
        model.objectiveConstant = 7
        #expect(model.cplexLP() == """
            \\* ILP model: 0 variables, 0 rows, 0 non-zeros *\\
            Minimize
             obj: + 7 objective_constant + 0 placeholder
            Subject To
             \\* the model has no rows *\\
             no_rows: + 0 placeholder >= 0
            Bounds
             objective_constant = 1
             placeholder = 0
            End

            """)
        #expect(try solveThroughLPFile(model).objective == 7)
    }

    @Test("long rows wrap and numbers round-trip")
    func wrapping() throws {
        var model = ILPModel()
        for index in 0..<40 { model.addVariable("v\(index)", kind: .continuous, upperBound: 1) }
        model.objective = (0..<40).map { Term($0, -(0.1 + Double($0) / 3)) }
        model.addRow("all", (0..<40).map { Term($0, 1) }, atMost: 7.25)
        let direct = try GLPKSolver().solveSync(model, timeLimitS: 10)
        let readBack = try solveThroughLPFile(model)
        #expect(direct.status == .optimal)
        #expect(readBack.objective == direct.objective)
        #expect(Array(readBack.values.prefix(40)) == direct.values)
    }

    @Test("an invalid model is written with a warning instead of crashing")
    func invalidModel() {
        var model = soundModel
        model.rows[0].terms.append(Term(9, .nan))
        let text = model.cplexLP()
        #expect(text.contains("WARNING: the model fails validation (2 problems)"))
        #expect(text.contains("_missing_variable_9"))
    }
}
