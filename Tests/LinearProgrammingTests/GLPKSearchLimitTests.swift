import TestSupport
import Testing
import LinearProgramming

/// Time limits and cancellation stop the branch and bound from GLPK's callback. These use
/// market-split instances that GLPK cannot finish in any reasonable time.
@Suite("GLPK time limits and cancellation")
struct GLPKSearchLimitTests {
    /// Tests run in parallel on a small machine: allow this much beyond a limit.
    static let slackS = 3.0

    @Test("a time limit on a hard model with no solution in sight gives time_limit")
    func timeLimitWithoutIncumbent() throws {
        let model = marketSplitModel(rowCount: 6, seed: 7, withSlack: false)
        let limitS = 0.3
        let started = ContinuousClock.now
        let solution = try GLPKSolver().solveSync(model, timeLimitS: limitS)
        let elapsedS = secondsSince(started)
        #expect(solution.status == .timeLimit)
        #expect(solution.values.isEmpty && solution.objective == nil)
        #expect(elapsedS >= limitS * 0.9)
        #expect(elapsedS < limitS + Self.slackS)
    }

    @Test("a time limit on a hard model with an incumbent gives feasible with bound and gap")
    func timeLimitWithIncumbent() async throws {
        let model = marketSplitModel(rowCount: 6, seed: 11, withSlack: true)
        let limitS = 0.3
        let started = ContinuousClock.now
        let solution = try await GLPKSolver().solve(model, timeLimitS: limitS)
        let elapsedS = secondsSince(started)
        #expect(elapsedS < limitS + Self.slackS)
        #expect(solution.status == .feasible)
        let objective = try #require(solution.objective)
        let bound = try #require(solution.bound)
        let gap = try #require(solution.gap)
        #expect(model.isFeasible(solution.values, tolerance: 1e-6))
        #expect(isClose(model.objectiveValue(at: solution.values), objective, relative: 1e-7))
        #expect(bound <= objective + 1e-9)              // minimising: the bound is below
        #expect(bound >= -1e-9)                          // total deviation is never negative
        #expect(isClose(gap, ILPSolution.relativeGap(objective: objective, bound: bound)))
        #expect(gap > 0)
    }

    @Test("a zero time limit stops at once")
    func zeroTimeLimit() throws {
        let model = marketSplitModel(rowCount: 6, seed: 7, withSlack: false)
        let solution = try GLPKSolver().solveSync(model, timeLimitS: 0)
        #expect(solution.status == .timeLimit)
        #expect(solution.solveTimeS < Self.slackS)
    }

    @Test("cancelling the task mid-solve gives cancelled, promptly")
    func cancelMidSolve() async throws {
        let model = marketSplitModel(rowCount: 6, seed: 7, withSlack: false)
        // A long limit: on a loaded machine the cancel may arrive late, never after the limit.
        let task = Task { try await GLPKSolver().solve(model, timeLimitS: 900) }
        try await Task.sleep(for: .milliseconds(50))
        let cancelled = ContinuousClock.now
        task.cancel()
        let solution = try await task.value
        #expect(solution.status == .cancelled)
        #expect(solution.values.isEmpty)
        #expect(secondsSince(cancelled) < Self.slackS)
    }

    @Test("solveSync inside an already cancelled task returns cancelled without solving")
    func cancelledBeforeStart() async throws {
        let model = marketSplitModel(rowCount: 6, seed: 7, withSlack: false)
        let task = Task {
            while !Task.isCancelled { await Task.yield() }
            return try GLPKSolver().solveSync(model, timeLimitS: 60)
        }
        task.cancel()
        let solution = try await task.value
        #expect(solution.status == .cancelled)
        #expect(solution.solveTimeS < 1)
    }
}

func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// A node limit ends a hard search after the same work on every run, so results that
/// depend on it are reproducible, unlike those of a time limit.
@Test func nodeLimitStopsAHardSearchReproducibly() throws {
    let model = marketSplitModel(rowCount: 4, seed: 7, withSlack: true)
    let solver = GLPKSolver(nodeLimit: 200)
    let first = try solver.solveSync(model, timeLimitS: 60)
    let second = try solver.solveSync(model, timeLimitS: 60)
    // Stopped by its node limit with an incumbent, long before the time limit.
    #expect(first.status == .feasible)
    #expect(first.status == second.status)
    #expect(first.values == second.values)
    #expect(first.objective == second.objective)
    #expect(first.bound == second.bound)
    let objective = try #require(first.objective), bound = try #require(first.bound)
    #expect(bound <= objective + 1e-9)
}

/// A feasible starting point gives branch and bound an incumbent from the first node, so
/// even a one-node search returns a solution at least as good; a malformed point is a
/// model error, never handed to GLPK.
@Test func startingPointSeedsTheIncumbent() throws {
    let model = marketSplitModel(rowCount: 4, seed: 7, withSlack: true)
    let full = try GLPKSolver(nodeLimit: 5000).solveSync(model, timeLimitS: 60)
    try #require(full.status.hasSolution)
    let seeded = try GLPKSolver(nodeLimit: 1).solveSync(model, timeLimitS: 60, startingPoint: full.values)
    #expect(seeded.status.hasSolution)
    let seededObjective = try #require(seeded.objective), fullObjective = try #require(full.objective)
    #expect(seededObjective <= fullObjective + 1e-9)
    #expect(throws: ILPSolverError.self) {
        try GLPKSolver().solveSync(model, timeLimitS: 1, startingPoint: [1, 2])
    }
}

/// A starting point that violates a row, with a better objective than any feasible point,
/// never comes back as the answer (the wrapper checks every point before offering it). The
/// presolver's renumbering of columns, which made GLPK take a valid point for another one,
/// is caught by EdgeTPUScheduleTests.pipeliningVGGOverMoreChipsReducesLatency.
@Test func anInfeasibleStartingPointIsIgnored() throws {
    var model = ILPModel(sense: .maximize)
    let x = (0..<6).map { model.addVariable("x\($0)", kind: .binary) }
    model.objective = x.enumerated().map { ILPModel.Term($0.element, Double($0.offset + 1)) }
    // At most two of the six: the optimum takes x4 and x5 (objective 11).
    model.addRow("two", x.map { ILPModel.Term($0, 1) }, atMost: 2)
    let all = [Double](repeating: 1, count: 6)
    #expect(!model.isFeasible(all))
    let solution = try GLPKSolver(nodeLimit: 1).solveSync(model, timeLimitS: 10, startingPoint: all)
    #expect(solution.status.hasSolution)
    #expect(model.isFeasible(solution.values))
    #expect(solution.objective == 11)
}
