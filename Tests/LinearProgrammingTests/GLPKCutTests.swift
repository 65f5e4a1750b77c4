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

    @Test(arguments: cutSets)
    func everyCutSetProvesTheEnumeratedOptimum(name: String, cuts: GLPKSolver.CutGenerators) throws {
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

    /// The generators do reach GLPK: stopped after the root node, the bound with cuts is never
    /// looser than without, and on some of these knapsacks strictly tighter (maximising: lower).
    @Test func cutsTightenTheRootBound() throws {
        var tighter = 0
        for seed in UInt64(1)...20 {
            let model = Knapsack.random(seed: seed, itemCount: 40).model
            let start = [Double](repeating: 0, count: 40)
            let plain = try GLPKSolver(nodeLimit: 1).solveSync(model, timeLimitS: 10, startingPoint: start)
            let cut = try GLPKSolver(nodeLimit: 1, cuts: .all).solveSync(model, timeLimitS: 10, startingPoint: start)
            let (a, b) = (try #require(plain.bound), try #require(cut.bound))
            #expect(b <= a + 1e-9, "seed \(seed)")
            if b < a - 1e-6 { tighter += 1 }
        }
        #expect(tighter > 0)
    }
}
