import CGLPK

/// The project's one door to GLPK (DESIGN.md, Style: "GLPK is wrapped once").
///
/// GLPK is fast on the small ILPs the mappers produce, licence-free, and everywhere, but
/// it was written for a command-line tool: it aborts the process on bad input, prints to
/// the terminal, keeps per-thread state, and reports outcomes through two separate status
/// codes. This wrapper turns all of that into a value API:
/// - every index, bound and coefficient is validated in Swift before the first GLPK call
///   (`ILPModel.validate()`), so GLPK never sees input it would abort on;
/// - terminal output is switched off on the solving thread before every solve (GLPK 5
///   keeps that switch per thread, in thread-local storage);
/// - each problem lives on one thread, inside one synchronous call, from
///   `glp_create_prob` to `glp_delete_prob`;
/// - time limits and task cancellation stop the branch and bound from its callback;
/// - the return code and the solution status are both checked after every solve and
///   mapped to an `ILPSolution.Status`; values are read only when a solution exists.
///
/// GLPK's per-thread environment is deliberately never freed (`glp_free_env` would free
/// every problem of the thread); it costs a few kilobytes per thread that ever solved.
public struct GLPKSolver: Sendable {
    /// Relative gap at which branch and bound may stop with the incumbent (GLPK's
    /// `mip_gap`); 0 proves optimality. A stop inside the tolerance reports `optimal`
    /// only when the gap is 0, `feasible` with the gap otherwise.
    public var relativeMIPGap: Double
    /// Branch-and-bound nodes after which the search stops with its incumbent (reported as
    /// `feasible` with its gap, or `timeLimit` when there is none): a work limit that gives
    /// the same result on every run and machine, unlike a time limit. nil: no limit.
    public var nodeLimit: Int?
    /// GLPK's cutting-plane generators to run in branch and bound (GLPK runs them at the
    /// root and after each backtrack). None by default, as before they existed: only the
    /// network schedule's knapsack-like model, whose shared capacity has a weak relaxation,
    /// was measured with them (issue 15's notes) and turns them on.
    public var cuts: CutGenerators

    public init(relativeMIPGap: Double = 0, nodeLimit: Int? = nil, cuts: CutGenerators = []) {
        self.relativeMIPGap = max(0, relativeMIPGap.isFinite ? relativeMIPGap : 0)
        self.nodeLimit = nodeLimit.map { max(1, $0) }
        self.cuts = cuts
    }

    /// GLPK's built-in cut generators (`glp_iocp`'s `gmi_cuts`, `mir_cuts`, `cov_cuts`,
    /// `clq_cuts`).
    public struct CutGenerators: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        public static let gomory = CutGenerators(rawValue: 1)
        public static let mixedIntegerRounding = CutGenerators(rawValue: 2)
        public static let cover = CutGenerators(rawValue: 4)
        public static let clique = CutGenerators(rawValue: 8)
        public static let all: CutGenerators = [.gomory, .mixedIntegerRounding, .cover, .clique]
    }

    /// Runs the whole solve synchronously on the current executor thread, with no
    /// suspension between creating and deleting the GLPK problem, so the problem never
    /// migrates between threads. `@concurrent` keeps the blocking work off the caller's
    /// actor.
    @concurrent
    public func solve(_ model: ILPModel, timeLimitS: Double?) async throws(ILPSolverError) -> ILPSolution {
        try solveSync(model, timeLimitS: timeLimitS)
    }

    /// The same solve for callers already on a worker thread (mappers call it thousands
    /// of times; no task hop). Honours the cancellation of the task it runs in, if any:
    /// checked before GLPK starts and throughout branch and bound. A pure LP runs to the
    /// end once started (GLPK's simplex has no callback), bounded only by the time limit.
    public func solveSync(_ model: ILPModel, timeLimitS: Double?) throws(ILPSolverError) -> ILPSolution {
        try solveSync(model, timeLimitS: timeLimitS, startingPoint: nil)
    }

    /// The same, starting branch and bound from a known feasible point (one value per
    /// variable, e.g. the solution of a previous phase): the search then always has an
    /// incumbent, so a node or time limit cannot leave it without a solution. GLPK takes such
    /// a point on trust, so it is checked here first; an infeasible one is ignored. A point
    /// of the wrong length or with a non-finite value is a model error.
    public func solveSync(_ model: ILPModel, timeLimitS: Double?, startingPoint: [Double]?) throws(ILPSolverError) -> ILPSolution {
        let started = ContinuousClock.now
        let deadline = try SolveDeadline(start: started, limitS: timeLimitS)
        var errors = model.validate()
        if let point = startingPoint, point.count != model.variables.count || point.contains(where: { !$0.isFinite }) {
            errors.append(.invalidStartingPoint(expectedCount: model.variables.count, count: point.count))
        }
        guard errors.isEmpty else { throw .invalidModel(errors) }
        let startingPoint = startingPoint.flatMap { model.isFeasible($0) ? $0 : nil }
        if Task.isCancelled {
            return ILPSolution(status: .cancelled, solveTimeS: secondsSince(started))
        }
        return try withGLPKProblem { problem throws(ILPSolverError) in
            GLPKProblemLoader.load(model, into: problem)
            return try GLPKOptimizer(problem: problem, columnCount: model.variables.count,
                                     hasIntegerColumns: model.hasIntegerVariables,
                                     deadline: deadline, started: started, relativeMIPGap: relativeMIPGap,
                                     nodeLimit: nodeLimit, startingPoint: startingPoint, cuts: cuts).run()
        }
    }

    /// Reads a CPLEX-LP file with GLPK's own reader and solves it; lets tests check that
    /// `ILPModel.cplexLP()` output means to GLPK what the model means.
    static func solveCPLEXLPFileForTesting(path: String, timeLimitS: Double?) throws(ILPSolverError) -> ILPSolution {
        let started = ContinuousClock.now
        let deadline = try SolveDeadline(start: started, limitS: timeLimitS)
        return try withGLPKProblem { problem throws(ILPSolverError) in
            guard glp_read_lp(problem, nil, path) == 0 else {
                throw .solverFailure("glp_read_lp could not read '\(path)'")
            }
            return try GLPKOptimizer(problem: problem, columnCount: Int(glp_get_num_cols(problem)),
                                     hasIntegerColumns: glp_get_num_int(problem) > 0,
                                     deadline: deadline, started: started).run()
        }
    }
}

/// Creates a silent GLPK problem, hands it to `body`, and deletes it on the same thread
/// whatever happens.
private func withGLPKProblem<Result>(
    _ body: (OpaquePointer) throws(ILPSolverError) -> Result
) throws(ILPSolverError) -> Result {
    // Per thread in GLPK 5, and a fresh thread starts with output on: set it every time.
    glp_term_out(GLP_OFF)
    guard let problem = glp_create_prob() else {
        throw .solverFailure("glp_create_prob returned no problem")
    }
    defer { glp_delete_prob(problem) }
    return try body(problem)
}

func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
