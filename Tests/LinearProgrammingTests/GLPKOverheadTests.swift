import Testing
import LinearProgramming

/// The mappers solve thousands of small ILPs; this measures what one solve costs on top of
/// the search itself, and keeps it from regressing badly.
@Suite("GLPK per-solve overhead")
struct GLPKOverheadTests {
    @Test("1000 solves of small models", arguments: [
        ("1 binary, 1 row", tinyBinaryModel),
        ("20-item knapsack", Knapsack.random(seed: 42, itemCount: 20).model),
        ("3-variable LP with ranged row", optimumCases[4].model),
        ("60-item knapsack", Knapsack.random(seed: 43, itemCount: 60).model),
        ("15×15 assignment, 225 binaries", randomAssignment(size: 15, seed: 44)),
    ])
    func overhead(_ name: String, _ model: ILPModel) throws {
        let solver = GLPKSolver()
        let repetitions = 1000
        let started = ContinuousClock.now
        var objectiveSum = 0.0
        for _ in 0..<repetitions {
            let solution = try solver.solveSync(model, timeLimitS: 10)
            objectiveSum += solution.objective ?? .nan
        }
        let perSolveMs = secondsSince(started) * 1000 / Double(repetitions)
        print("GLPK overhead: \(name): \(perSolveMs) ms per solve")
        #expect(objectiveSum.isFinite)
        // Generous: tests run in parallel in a debug build on a small machine.
        #expect(perSolveMs < 20)
    }
}

let tinyBinaryModel: ILPModel = {
    var model = ILPModel(sense: .maximize)
    let b = model.addVariable("b", kind: .binary)
    model.objective = [Term(b, 1)]
    model.addRow("cap", [Term(b, 2)], atMost: 1)
    return model
}()

func randomAssignment(size: Int, seed: UInt64) -> ILPModel {
    var random = SplitMix64(seed: seed)
    return assignmentModel((0..<size).map { _ in (0..<size).map { _ in Double(random.int(in: 1...100)) } })
}
