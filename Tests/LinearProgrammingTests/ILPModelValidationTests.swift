import Testing
import LinearProgramming

/// A bad model and exactly the errors `validate()` must report for it.
struct BadModelCase: Sendable, CustomTestStringConvertible {
    var name: String
    var model: ILPModel
    var errors: [ILPModelError]
    var testDescription: String { name }
}

/// Three variables x (continuous, ≤ 10), y (integer, ≤ 5), z (binary) and two rows; sound.
let soundModel: ILPModel = {
    var model = ILPModel()
    model.addVariable("x", kind: .continuous, upperBound: 10)
    model.addVariable("y", kind: .integer, upperBound: 5)
    model.addVariable("z", kind: .binary)
    model.objective = [Term(0, 1), Term(1, 2), Term(2, 3)]
    model.addRow("r0", [Term(0, 1), Term(1, 1)], atMost: 8)
    model.addRow("r1", [Term(1, 1), Term(2, 1)], atLeast: 1)
    return model
}()

private func bad(_ name: String, _ errors: [ILPModelError], _ change: (inout ILPModel) -> Void) -> BadModelCase {
    var model = soundModel
    change(&model)
    return BadModelCase(name: name, model: model, errors: errors)
}

private let row0 = ILPModelError.Place.row(index: 0, name: "r0")
private let row1 = ILPModelError.Place.row(index: 1, name: "r1")

let badModelCases: [BadModelCase] = [
    bad("variable index past the end in a row",
        [.variableIndexOutOfRange(place: row0, term: 2, variable: 3, variableCount: 3)]) {
            $0.rows[0].terms.append(Term(3, 1))
        },
    bad("negative variable index in a row",
        [.variableIndexOutOfRange(place: row1, term: 2, variable: -1, variableCount: 3)]) {
            $0.rows[1].terms.append(Term(-1, 1))
        },
    bad("variable index out of range in the objective",
        [.variableIndexOutOfRange(place: .objective, term: 3, variable: 7, variableCount: 3)]) {
            $0.objective.append(Term(7, 1))
        },
    bad("duplicate variable within a row",
        [.duplicateVariable(place: row1, variable: 1, firstTerm: 0, term: 2)]) {
            $0.rows[1].terms.append(Term(1, 2))
        },
    bad("duplicate variable within the objective",
        [.duplicateVariable(place: .objective, variable: 0, firstTerm: 0, term: 3)]) {
            $0.objective.append(Term(0, 5))
        },
    bad("NaN coefficient", [.badCoefficient(place: row0, term: 1, .notANumber)]) {
        $0.rows[0].terms[1].coefficient = .nan
    },
    bad("+inf coefficient", [.badCoefficient(place: row1, term: 0, .infinite(.infinity))]) {
        $0.rows[1].terms[0].coefficient = .infinity
    },
    bad("-inf objective coefficient", [.badCoefficient(place: .objective, term: 2, .infinite(-.infinity))]) {
        $0.objective[2].coefficient = -.infinity
    },
    bad("coefficient beyond the magnitude limit", [.badCoefficient(place: row0, term: 0, .tooLarge(-1e16))]) {
        $0.rows[0].terms[0].coefficient = -1e16
    },
    bad("NaN objective constant", [.badObjectiveConstant(.notANumber)]) {
        $0.objectiveConstant = .nan
    },
    bad("NaN variable bound", [.badVariableBound(variable: 0, name: "x", .upper, .notANumber)]) {
        $0.variables[0].upperBound = .nan
    },
    bad("NaN row bound", [.badRowBound(row: 0, name: "r0", .lower, .notANumber)]) {
        $0.rows[0].lowerBound = .nan
    },
    bad("+inf lower bound on a variable", [.badVariableBound(variable: 0, name: "x", .lower, .infinite(.infinity))]) {
        $0.variables[0].lowerBound = .infinity
    },
    bad("-inf upper bound on a row", [.badRowBound(row: 1, name: "r1", .upper, .infinite(-.infinity))]) {
        $0.rows[1].upperBound = -.infinity
    },
    bad("lower bound above upper bound on a variable",
        [.variableBoundsCrossed(variable: 0, name: "x", lower: 11, upper: 10)]) {
            $0.variables[0].lowerBound = 11
        },
    bad("lower bound above upper bound on a row", [.rowBoundsCrossed(row: 1, name: "r1", lower: 1, upper: 0)]) {
        $0.rows[1].upperBound = 0
    },
    bad("binary with upper bound 2", [.binaryBoundsNotZeroOrOne(variable: 2, name: "z", lower: 0, upper: 2)]) {
        $0.variables[2].upperBound = 2
    },
    bad("binary left unbounded above",
        [.binaryBoundsNotZeroOrOne(variable: 2, name: "z", lower: 0, upper: .infinity)]) {
            $0.variables[2].upperBound = .infinity
        },
    bad("integer with a fractional bound", [.fractionalIntegerBound(variable: 1, name: "y", .upper, 4.5)]) {
        $0.variables[1].upperBound = 4.5
    },
    bad("integer with a fractional lower bound", [.fractionalIntegerBound(variable: 1, name: "y", .lower, -0.5)]) {
        $0.variables[1].lowerBound = -0.5
    },
    bad("several problems, reported in model order", [
        .variableBoundsCrossed(variable: 0, name: "x", lower: 11, upper: 10),
        .badCoefficient(place: row0, term: 1, .notANumber),
        .variableIndexOutOfRange(place: row0, term: 2, variable: 3, variableCount: 3),
        .duplicateVariable(place: .objective, variable: 2, firstTerm: 2, term: 3),
    ]) {
        $0.variables[0].lowerBound = 11
        $0.rows[0].terms[1].coefficient = .nan
        $0.rows[0].terms.append(Term(3, 1))
        $0.objective.append(Term(2, 1))
    },
]

@Suite("ILP model validation")
struct ILPModelValidationTests {
    /// GLPK aborts on names over 255 bytes or with control characters; names never reach it.
    @Test("a sound model has no errors and solves, whatever its names")
    func sound() throws {
        var model = soundModel
        model.variables[0].name = ""
        model.variables[1].name = "x"
        model.variables[2].name = String(repeating: "long\t", count: 300)
        model.rows[0].name = "bad\nname with spaces and ünïcödé"
        #expect(model.validate().isEmpty)
        // min x + 2y + 3z with y + z ≥ 1: y = 1 costs 2, z = 1 costs 3.
        let solution = try GLPKSolver().solveSync(model, timeLimitS: 10)
        #expect(solution.status == .optimal)
        #expect(solution.objective == 2)
        #expect(solution.values == [0, 1, 0])
    }

    @Test("validate() reports exactly the expected errors", arguments: badModelCases)
    func validate(_ testCase: BadModelCase) {
        #expect(testCase.model.validate() == testCase.errors)
    }

    /// GLPK would abort the process on most of these; the wrapper must refuse them first.
    @Test("the solver refuses the model with the same errors and the process survives", arguments: badModelCases)
    func solverRefuses(_ testCase: BadModelCase) async {
        #expect(throws: ILPSolverError.invalidModel(testCase.errors)) {
            try GLPKSolver().solveSync(testCase.model, timeLimitS: 1)
        }
        await #expect(throws: ILPSolverError.invalidModel(testCase.errors)) {
            try await GLPKSolver().solve(testCase.model, timeLimitS: nil)
        }
    }

    @Test("messages name the place and the problem", arguments: [
        (ILPModelError.variableIndexOutOfRange(place: row0, term: 2, variable: 3, variableCount: 3),
         "row 0 'r0', term 2: variable index 3 is out of range 0..<3"),
        (.duplicateVariable(place: .objective, variable: 0, firstTerm: 0, term: 3),
         "objective, term 3: variable 0 already appears in term 0"),
        (.badCoefficient(place: row1, term: 0, .infinite(.infinity)), "row 1 'r1', term 0: coefficient is +infinity"),
        (.badVariableBound(variable: 0, name: "x", .upper, .notANumber), "variable 0 'x': upper bound is NaN"),
        (.variableBoundsCrossed(variable: 4, name: "", lower: 2, upper: 1),
         "variable 4: lower bound 2.0 exceeds upper bound 1.0"),
        (.binaryBoundsNotZeroOrOne(variable: 2, name: "z", lower: 0, upper: 2),
         "variable 2 'z': binary variable has bounds [0.0, 2.0]; each must be 0 or 1"),
    ])
    func message(_ error: ILPModelError, _ expected: String) {
        #expect(error.description == expected)
    }

    @Test("the solver error lists every problem")
    func solverErrorMessage() {
        let error = ILPSolverError.invalidModel(badModelCases.last!.errors)
        #expect(error.description.hasPrefix("invalid ILP model (4 problems):\n  variable 0 'x': lower bound 11.0"))
    }

    @Test("a negative or NaN time limit is refused before solving")
    func badTimeLimit() async {
        #expect(throws: ILPSolverError.invalidTimeLimit(-1)) {
            try GLPKSolver().solveSync(soundModel, timeLimitS: -1)
        }
        await #expect {
            try await GLPKSolver().solve(soundModel, timeLimitS: .nan)
        } throws: { error in
            guard case .invalidTimeLimit(let seconds) = error as? ILPSolverError else { return false }
            return seconds.isNaN
        }
    }

    @Test("addVariable gives a binary the upper bound 1 and others none")
    func defaultBounds() {
        var model = ILPModel()
        let b = model.addVariable("b", kind: .binary)
        let i = model.addVariable("i", kind: .integer)
        let c = model.addVariable("c", kind: .continuous, lowerBound: -.infinity)
        #expect(model.variables[b].upperBound == 1)
        #expect(model.variables[i].upperBound == .infinity)
        #expect(model.variables[c].lowerBound == -.infinity)
        model.addRow("eq", [Term(b, 1)], equalTo: 1)
        model.addRow("le", [Term(i, 1)], atMost: 4)
        model.addRow("ge", [Term(c, 1)], atLeast: -2)
        #expect(model.rows.map(\.lowerBound) == [1, -.infinity, -2])
        #expect(model.rows.map(\.upperBound) == [1, 4, .infinity])
        #expect(model.validate().isEmpty)
    }
}
