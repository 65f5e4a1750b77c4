import TestSupport
import Testing
@testable import LinearProgramming

/// A model with a hand-computed optimum.
struct OptimumCase: Sendable, CustomTestStringConvertible {
    var name: String
    var model: ILPModel
    var objective: Double
    /// Only where the optimum is unique.
    var values: [Double]?
    var testDescription: String { name }
}

let optimumCases: [OptimumCase] = {
    var cases: [OptimumCase] = []

    // {1, 3}: weight 6 + 4 = 10, value 13 + 8 = 21; every other subset that fits is worth less.
    let knapsack = Knapsack(values: [10, 13, 7, 8], weights: [5, 6, 3, 4], capacity: 10)
    cases.append(OptimumCase(name: "knapsack, 4 items", model: knapsack.model, objective: 21, values: [0, 1, 0, 1]))

    // Item 1 fixed out, item 2 fixed in: {0, 2} (weight 8, value 17) beats {2, 3} (15).
    var fixed = knapsack.model
    fixed.variables[1].upperBound = 0
    fixed.variables[2].lowerBound = 1
    cases.append(OptimumCase(name: "knapsack with binaries fixed by bounds", model: fixed, objective: 17,
                             values: [1, 0, 1, 0]))

    // Of the 6 permutations (costs 6, 11, 5, 9, 7, 6) only w0→j1, w1→j0, w2→j2 costs 5.
    let assignment = assignmentModel([[4, 1, 3], [2, 0, 5], [3, 2, 2]])
    cases.append(OptimumCase(name: "assignment 3×3", model: assignment, objective: 5,
                             values: [0, 1, 0, 1, 0, 0, 0, 0, 1]))

    // max 3x + 2y, x + y ≤ 4, x + 3y ≤ 6, x ≤ 3: vertices (0,0) 0, (3,0) 9, (3,1) 11, (0,2) 4.
    var lp = ILPModel(sense: .maximize)
    let x = lp.addVariable("x", kind: .continuous, upperBound: 3)
    let y = lp.addVariable("y", kind: .continuous)
    lp.objective = [Term(x, 3), Term(y, 2)]
    lp.addRow("sum", [Term(x, 1), Term(y, 1)], atMost: 4)
    lp.addRow("mix", [Term(x, 1), Term(y, 3)], atMost: 6)
    cases.append(OptimumCase(name: "LP, maximise", model: lp, objective: 11, values: [3, 1]))

    // min 2x + 3y + 1 with x, y free, x + y ≥ 4, -1 ≤ x - y ≤ 1: on x + y = 4 the cost is
    // 13 - x, and x - y ≤ 1 caps x at 2.5: 2·2.5 + 3·1.5 + 1 = 10.5.
    var ranged = ILPModel()
    let u = ranged.addVariable("u", kind: .continuous, lowerBound: -.infinity)
    let v = ranged.addVariable("v", kind: .continuous, lowerBound: -.infinity)
    ranged.objective = [Term(u, 2), Term(v, 3)]
    ranged.objectiveConstant = 1
    ranged.addRow("floor", [Term(u, 1), Term(v, 1)], atLeast: 4)
    ranged.addRow("band", [Term(u, 1), Term(v, -1)], lowerBound: -1, upperBound: 1)
    cases.append(OptimumCase(name: "LP, free variables, ranged row, constant", model: ranged, objective: 10.5,
                             values: [2.5, 1.5]))

    // max 5a + 4b, 6a + 4b ≤ 24, a + 2b ≤ 6, integers: LP optimum (3, 1.5) = 21; the best
    // lattice point is (4, 0) = 20 ((3, 1) = 19, (2, 2) = 18, (4, 1) and (3, 2) overflow).
    var integer = ILPModel(sense: .maximize)
    let a = integer.addVariable("a", kind: .integer)
    let b = integer.addVariable("b", kind: .integer)
    integer.objective = [Term(a, 5), Term(b, 4)]
    integer.addRow("c1", [Term(a, 6), Term(b, 4)], atMost: 24)
    integer.addRow("c2", [Term(a, 1), Term(b, 2)], atMost: 6)
    cases.append(OptimumCase(name: "general integers", model: integer, objective: 20, values: [4, 0]))

    // No rows at all: each variable goes to its cheaper bound.
    var boundsOnly = ILPModel()
    let p = boundsOnly.addVariable("p", kind: .continuous, lowerBound: 2)
    let q = boundsOnly.addVariable("q", kind: .continuous, lowerBound: -3, upperBound: 5)
    boundsOnly.objective = [Term(p, 1), Term(q, 1)]
    cases.append(OptimumCase(name: "LP without rows", model: boundsOnly, objective: -1, values: [2, -3]))

    var integerBoundsOnly = ILPModel()
    let k = integerBoundsOnly.addVariable("k", kind: .integer, lowerBound: -5, upperBound: 5)
    integerBoundsOnly.objective = [Term(k, 1)]
    cases.append(OptimumCase(name: "MIP without rows, negative bound", model: integerBoundsOnly, objective: -5,
                             values: [-5]))

    var empty = ILPModel()
    empty.objectiveConstant = 7
    cases.append(OptimumCase(name: "no variables, constant objective", model: empty, objective: 7, values: []))
    empty.addRow("nothing", [], atMost: 1)
    cases.append(OptimumCase(name: "no variables, empty row that holds", model: empty, objective: 7, values: []))
    return cases
}()

/// A model whose answer is a status without a solution.
struct StatusCase: Sendable, CustomTestStringConvertible {
    var name: String
    var model: ILPModel
    var status: ILPSolution.Status
    var testDescription: String { name }
}

let statusCases: [StatusCase] = {
    var cases: [StatusCase] = []

    var lp = ILPModel()
    let x = lp.addVariable("x", kind: .continuous)
    let y = lp.addVariable("y", kind: .continuous)
    lp.addRow("low", [Term(x, 1), Term(y, 1)], atLeast: 5)
    lp.addRow("high", [Term(x, 1), Term(y, 1)], atMost: 3)
    cases.append(StatusCase(name: "LP, contradictory rows", model: lp, status: .infeasible))

    var emptyRow = ILPModel()
    emptyRow.addVariable("x", kind: .continuous)
    emptyRow.addRow("nothing", [], atLeast: 1)
    cases.append(StatusCase(name: "LP, empty row that must reach 1", model: emptyRow, status: .infeasible))
    var nothing = ILPModel()
    nothing.addRow("nothing", [], lowerBound: 1, upperBound: 2)
    cases.append(StatusCase(name: "no variables, empty row that must reach 1", model: nothing, status: .infeasible))
    var integerEmptyRow = emptyRow
    integerEmptyRow.variables[0].kind = .integer
    cases.append(StatusCase(name: "MIP, empty row that must reach 1", model: integerEmptyRow, status: .infeasible))

    var binary = ILPModel()
    let z = binary.addVariable("z", kind: .binary)
    binary.addRow("too_much", [Term(z, 1)], atLeast: 2)
    cases.append(StatusCase(name: "MIP, infeasible relaxation", model: binary, status: .infeasible))

    // 2a + 2b = 3 has real solutions but no integer ones.
    var parity = ILPModel()
    let a = parity.addVariable("a", kind: .integer, upperBound: 5)
    let b = parity.addVariable("b", kind: .integer, upperBound: 5)
    parity.objective = [Term(a, 1)]
    parity.addRow("odd", [Term(a, 2), Term(b, 2)], equalTo: 3)
    cases.append(StatusCase(name: "MIP, integer infeasible only", model: parity, status: .infeasible))

    var ray = ILPModel(sense: .maximize)
    let r = ray.addVariable("r", kind: .continuous)
    let s = ray.addVariable("s", kind: .continuous)
    ray.objective = [Term(r, 1), Term(s, 1)]
    ray.addRow("spread", [Term(r, 1), Term(s, -1)], atMost: 1)
    cases.append(StatusCase(name: "LP, unbounded ray", model: ray, status: .unbounded))

    var free = ILPModel()
    let f = free.addVariable("f", kind: .continuous, lowerBound: -.infinity)
    free.objective = [Term(f, 1)]
    cases.append(StatusCase(name: "LP, free variable without rows", model: free, status: .unbounded))

    var integerRay = ray
    integerRay.variables[r].kind = .integer
    integerRay.variables[s].kind = .integer
    cases.append(StatusCase(name: "MIP, unbounded", model: integerRay, status: .unbounded))

    // The relaxation is unbounded (c grows forever) but 2e + 2f = 3 has no integer point:
    // GLPK's presolver says "dual infeasible", and only the follow-up feasibility search
    // shows that the MIP is infeasible rather than unbounded.
    var oddRay = ILPModel(sense: .maximize)
    let c = oddRay.addVariable("c", kind: .integer)
    let e = oddRay.addVariable("e", kind: .integer, upperBound: 5)
    let f2 = oddRay.addVariable("f", kind: .integer, upperBound: 5)
    oddRay.objective = [Term(c, 1)]
    oddRay.addRow("odd", [Term(e, 2), Term(f2, 2)], equalTo: 3)
    cases.append(StatusCase(name: "MIP, unbounded relaxation but integer infeasible", model: oddRay,
                            status: .infeasible))

    // Unconstrained g improves forever, but the rows on h contradict each other: both
    // primal and dual infeasible, which must read as infeasible.
    var both = ILPModel(sense: .maximize)
    let g = both.addVariable("g", kind: .continuous, lowerBound: -.infinity)
    let h = both.addVariable("h", kind: .continuous)
    both.objective = [Term(g, 1)]
    both.addRow("h_low", [Term(h, 1)], atLeast: 5)
    both.addRow("h_high", [Term(h, 1)], atMost: 3)
    cases.append(StatusCase(name: "LP, primal and dual infeasible", model: both, status: .infeasible))
    var bothInteger = both
    bothInteger.variables[g].kind = .integer
    cases.append(StatusCase(name: "MIP, primal and dual infeasible", model: bothInteger, status: .infeasible))
    return cases
}()

@Suite("GLPK solver outcomes")
struct GLPKSolverOutcomeTests {
    @Test("hand-computed optimum, synchronous API", arguments: optimumCases)
    func optimumSync(_ testCase: OptimumCase) throws {
        let solution = try GLPKSolver().solveSync(testCase.model, timeLimitS: 10)
        check(solution, against: testCase)
    }

    @Test("hand-computed optimum, async API", arguments: optimumCases)
    func optimumAsync(_ testCase: OptimumCase) async throws {
        let solution = try await GLPKSolver().solve(testCase.model, timeLimitS: nil)
        check(solution, against: testCase)
    }

    private func check(_ solution: ILPSolution, against testCase: OptimumCase) {
        #expect(solution.status == .optimal)
        #expect(isClose(solution.objective ?? .nan, testCase.objective))
        #expect(isClose(solution.bound ?? .nan, testCase.objective))
        #expect(solution.gap == 0)
        #expect(testCase.model.isFeasible(solution.values, tolerance: 1e-6))
        #expect(isClose(testCase.model.objectiveValue(at: solution.values), testCase.objective, relative: 1e-7))
        if let expected = testCase.values {
            #expect(zip(solution.values, expected).allSatisfy { isClose($0, $1, relative: 1e-7) })
        }
        #expect(solution.solveTimeS >= 0 && solution.solveTimeS < 10)
    }

    @Test("infeasible and unbounded models give a status and no values", arguments: statusCases)
    func status(_ testCase: StatusCase) throws {
        let solution = try GLPKSolver().solveSync(testCase.model, timeLimitS: 10)
        #expect(solution.status == testCase.status)
        #expect(solution.values.isEmpty)
        #expect(solution.objective == nil)
        #expect(solution.gap == nil)
    }

    @Test("maximising and minimising the same knapsack differ only in sense")
    func sense() throws {
        var model = Knapsack(values: [10, 13, 7, 8], weights: [5, 6, 3, 4], capacity: 10).model
        model.sense = .minimize
        let solution = try GLPKSolver().solveSync(model, timeLimitS: nil)
        #expect(solution.status == .optimal)
        #expect(solution.objective == 0)
        #expect(solution.values == [0, 0, 0, 0])
    }
}
