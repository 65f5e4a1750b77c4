import Testing
import LinearProgramming

/// GLPK 5 keeps its environment per thread; the wrapper keeps each problem on one thread.
/// Many solves at once from a task group must therefore all come back right.
@Suite("GLPK concurrency")
struct GLPKConcurrencyTests {
    @Test("200 concurrent knapsack solves all match brute force")
    func concurrentKnapsacks() async throws {
        let knapsacks = (0..<200).map { Knapsack.random(seed: UInt64($0) + 1000, itemCount: 8 + $0 % 5) }
        let solutions = try await withThrowingTaskGroup(of: (Int, ILPSolution).self) { group in
            for (index, knapsack) in knapsacks.enumerated() {
                let model = knapsack.model
                group.addTask { (index, try await GLPKSolver().solve(model, timeLimitS: 30)) }
            }
            var solutions = [ILPSolution?](repeating: nil, count: knapsacks.count)
            for try await (index, solution) in group { solutions[index] = solution }
            return solutions
        }
        for (knapsack, solution) in zip(knapsacks, solutions) {
            let solution = try #require(solution)
            #expect(solution.status == .optimal)
            #expect(solution.objective == Double(knapsack.bruteForceOptimum))
            #expect(knapsack.model.isFeasible(solution.values, tolerance: 1e-6))
        }
    }

    @Test("concurrent synchronous solves on plain task-group children")
    func concurrentSync() async throws {
        let knapsacks = (0..<50).map { Knapsack.random(seed: UInt64($0) + 5000, itemCount: 10) }
        let objectives = try await withThrowingTaskGroup(of: (Int, Double?).self) { group in
            for (index, knapsack) in knapsacks.enumerated() {
                let model = knapsack.model
                group.addTask { (index, try GLPKSolver().solveSync(model, timeLimitS: 30).objective) }
            }
            var objectives = [Double?](repeating: nil, count: knapsacks.count)
            for try await (index, objective) in group { objectives[index] = objective }
            return objectives
        }
        #expect(objectives == knapsacks.map { Double($0.bruteForceOptimum) })
    }
}
