import LinearProgramming
import Testing

/// GLPK's cut generators (`GLPKSolver.cuts`) only strengthen the relaxation: every set of
/// them proves the same optimum, here against knapsacks solved by enumeration, also from a
/// starting point (which turns GLPK's presolver off).
@Suite struct GLPKCutTests {
    static let cutSets: [(name: String, cuts: GLPKSolver.CutGenerators)] = [
        ("none", []), ("gomory", .gomory), ("mir", .mixedIntegerRounding), ("cover", .cover), ("clique", .clique),
        ("all", .all),
    ]

    @Test(arguments: cutSets.map(\.name))
    func everyCutSetProvesTheEnumeratedOptimum(_ name: String) throws {
        let cuts = Self.cutSets.first { $0.name == name }!.cuts
        for seed in UInt64(1)...20 {
            let knapsack = Knapsack.random(seed: seed, itemCount: 14)
            let solver = GLPKSolver(cuts: cuts)
            let solution = try solver.solveSync(knapsack.model, timeLimitS: 10)
            #expect(solution.status == .optimal)
            #expect(solution.objective.map { Int($0.rounded()) } == knapsack.bruteForceOptimum, "seed \(seed)")
            // From the empty knapsack (feasible), without the presolver.
            let start = [Double](repeating: 0, count: knapsack.values.count)
            let started = try solver.solveSync(knapsack.model, timeLimitS: 10, startingPoint: start)
            #expect(started.objective.map { Int($0.rounded()) } == knapsack.bruteForceOptimum, "seed \(seed), started")
        }
    }
}
