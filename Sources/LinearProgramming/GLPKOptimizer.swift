import CGLPK

/// Runs GLPK on a loaded problem and turns its two-part outcome (return code plus
/// solution status) into one `ILPSolution`.
///
/// GLPK's return code says whether the *run* finished; the status says what is known about
/// the *problem*. Neither alone is enough: a time limit (`GLP_ETMLIM`) may leave an
/// incumbent (`GLP_FEAS`) or nothing (`GLP_UNDEF`), and with the presolver on, an
/// infeasible or unbounded model comes back as a return code (`GLP_ENOPFS`, `GLP_ENODFS`)
/// with an undefined status. Values are read only once a status says they exist.
struct GLPKOptimizer {
    let problem: OpaquePointer
    let columnCount: Int
    let hasIntegerColumns: Bool
    let deadline: SolveDeadline
    let started: ContinuousClock.Instant
    /// Branch and bound stops once the incumbent is within this relative gap of the bound.
    var relativeMIPGap: Double = 0
    /// Branch and bound stops after this many nodes (see `SearchMonitor.nodeLimit`).
    var nodeLimit: Int?
    /// A feasible point to start branch and bound from (see `SearchMonitor.startingPoint`).
    var startingPoint: [Double]?
    /// GLPK's cut generators to run (see `GLPKSolver.cuts`).
    var cuts: GLPKSolver.CutGenerators = []

    func run() throws(ILPSolverError) -> ILPSolution {
        hasIntegerColumns ? try runBranchAndBound() : try runSimplex()
    }

    // MARK: Pure LP

    private func runSimplex() throws(ILPSolverError) -> ILPSolution {
        let code = simplex(presolve: true)
        switch code {
        case 0:
            return try basicSolution()
        case GLP_ENOPFS:
            return finished(.infeasible)
        case GLP_ENODFS:
            // The presolver proved the dual infeasible, which leaves "unbounded" and
            // "infeasible" open; the plain primal simplex tells them apart.
            let retry = simplex(presolve: false)
            if retry == 0 { return try basicSolution() }
            if retry == GLP_ETMLIM { return finished(.timeLimit) }
            throw .solverFailure("glp_simplex without presolver: \(glpkReturnCodeName(retry))")
        case GLP_ETMLIM:
            // With the presolver a stopped LP cannot be mapped back: nothing to report.
            return finished(.timeLimit)
        default:
            throw .solverFailure("glp_simplex: \(glpkReturnCodeName(code))")
        }
    }

    private func simplex(presolve: Bool) -> Int32 {
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        parameters.presolve = presolve ? GLP_ON : GLP_OFF
        parameters.tm_lim = deadline.remainingMilliseconds()
        return glp_simplex(problem, &parameters)
    }

    /// Maps the status of a simplex run that returned 0.
    private func basicSolution() throws(ILPSolverError) -> ILPSolution {
        let status = glp_get_status(problem)
        switch status {
        case GLP_OPT:
            let objective = glp_get_obj_val(problem)
            let values = (0..<columnCount).map { normalised(glp_get_col_prim(problem, Int32($0 + 1))) }
            return finished(.optimal, values: values, objective: objective, bound: objective)
        case GLP_NOFEAS:
            return finished(.infeasible)
        case GLP_UNBND:
            return finished(.unbounded)
        default:
            throw .solverFailure("glp_simplex finished with solution status \(glpkStatusName(status))")
        }
    }

    // MARK: MIP

    private func runBranchAndBound() throws(ILPSolverError) -> ILPSolution {
        if startingPoint != nil, let early = try rootRelaxationForStartingPoint() { return early }
        var monitor = SearchMonitor(deadline: deadline, nodeLimit: nodeLimit, startingPoint: startingPoint)
        let code = intopt(&monitor)
        switch code {
        case 0:
            let status = glp_mip_status(problem)
            switch status {
            case GLP_OPT:
                return mipSolution(.optimal, bound: nil)
            case GLP_NOFEAS:
                return finished(.infeasible)
            default:
                throw .solverFailure("glp_intopt finished with MIP status \(glpkStatusName(status))")
            }
        case GLP_ETMLIM, GLP_ESTOP, GLP_EMIPGAP:
            // GLP_ESTOP only comes from our callback; GLP_EMIPGAP (a relative gap was asked
            // for and reached) leaves an incumbent proven within that gap.
            return try stoppedSearch(monitor, code: code)
        case GLP_ENOPFS:
            return finished(.infeasible)
        case GLP_ENODFS:
            return try classifyDualInfeasibleMIP()
        default:
            throw .solverFailure("glp_intopt: \(glpkReturnCodeName(code))")
        }
    }

    /// A starting point is given in the original problem's columns, but with GLPK's MIP
    /// presolver on, branch and bound (and `glp_ios_heur_sol`) works on the presolved
    /// problem's columns. So with a starting point the presolver stays off, and GLPK then
    /// needs the root relaxation solved first. Returns an outcome when the root already
    /// decides one (the point is feasible, so an unbounded relaxation means unbounded).
    private func rootRelaxationForStartingPoint() throws(ILPSolverError) -> ILPSolution? {
        let code = simplex(presolve: false)
        switch code {
        case 0:
            switch glp_get_status(problem) {
            case GLP_OPT: return nil
            case GLP_UNBND: return finished(.unbounded)
            case GLP_NOFEAS: return finished(.infeasible)
            default: throw .solverFailure("root relaxation finished with status \(glpkStatusName(glp_get_status(problem)))")
            }
        case GLP_ETMLIM:
            return finished(.timeLimit)
        default:
            throw .solverFailure("glp_simplex (root relaxation): \(glpkReturnCodeName(code))")
        }
    }

    private func intopt(_ monitor: inout SearchMonitor) -> Int32 {
        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = GLP_MSG_OFF
        // See `rootRelaxationForStartingPoint`: a starting point needs the original columns.
        parameters.presolve = monitor.startingPoint == nil ? GLP_ON : GLP_OFF
        parameters.mip_gap = relativeMIPGap
        parameters.gmi_cuts = cuts.contains(.gomory) ? GLP_ON : GLP_OFF
        parameters.mir_cuts = cuts.contains(.mixedIntegerRounding) ? GLP_ON : GLP_OFF
        parameters.cov_cuts = cuts.contains(.cover) ? GLP_ON : GLP_OFF
        parameters.clq_cuts = cuts.contains(.clique) ? GLP_ON : GLP_OFF
        parameters.tm_lim = deadline.remainingMilliseconds()
        // A C function pointer cannot capture: the monitor travels through cb_info, and
        // lives on this stack frame for exactly the duration of glp_intopt.
        parameters.cb_func = { tree, info in
            guard let tree, let info else { return }
            info.assumingMemoryBound(to: SearchMonitor.self).pointee.observe(tree)
        }
        return withUnsafeMutablePointer(to: &monitor) { monitorPointer in
            parameters.cb_info = UnsafeMutableRawPointer(monitorPointer)
            return glp_intopt(problem, &parameters)
        }
    }

    /// The search stopped early (time limit, cancellation): report the incumbent with its
    /// bound and gap if there is one.
    private func stoppedSearch(_ monitor: SearchMonitor, code: Int32) throws(ILPSolverError) -> ILPSolution {
        if monitor.stopReason == .cancellation || (code == GLP_ESTOP && monitor.stopReason == nil) {
            return finished(.cancelled)
        }
        let limit: ILPSolution.Limit = code == GLP_EMIPGAP ? .relativeGap
            : monitor.stopReason == .nodeLimit ? .nodeLimit : .timeLimit
        let status = glp_mip_status(problem)
        switch status {
        case GLP_FEAS, GLP_OPT:
            var bound = monitor.bestBound
            if limit == .relativeGap {
                // GLPK stops at the gap once |incumbent - its best bound| <= gap x
                // (|incumbent| + DBL_EPSILON) (glpios03.c), so that bound holds even when the
                // callback saw none (its bound can be fresher than our last refresh).
                let objective = glp_mip_obj_val(problem)
                let slack = relativeMIPGap * (abs(objective) + Double.ulpOfOne)
                let minimising = glp_get_obj_dir(problem) == GLP_MIN
                let implied = minimising ? objective - slack : objective + slack
                bound = bound.map { minimising ? max($0, implied) : min($0, implied) } ?? implied
            }
            var solution = mipSolution(.feasible, bound: bound)
            solution.stoppedBy = limit
            return solution
        case GLP_NOFEAS:
            return finished(.infeasible)
        default:
            var solution = finished(.timeLimit, bound: monitor.bestBound)
            solution.stoppedBy = limit
            return solution
        }
    }

    /// GLPK's presolver found the LP relaxation dual infeasible: the MIP is unbounded if it
    /// has any integer-feasible point (rational data: a feasible MIP with an unbounded
    /// relaxation is unbounded, Meyer 1974), infeasible otherwise. One more search with a
    /// zero objective decides which.
    private func classifyDualInfeasibleMIP() throws(ILPSolverError) -> ILPSolution {
        for column in 0..<columnCount {
            glp_set_obj_coef(problem, Int32(column + 1), 0)
        }
        var monitor = SearchMonitor(deadline: deadline, nodeLimit: nodeLimit, startingPoint: startingPoint)
        let code = intopt(&monitor)
        let status = glp_mip_status(problem)
        switch code {
        case 0, GLP_ETMLIM, GLP_ESTOP:
            if monitor.stopReason == .cancellation { return finished(.cancelled) }
            if status == GLP_OPT || status == GLP_FEAS { return finished(.unbounded) }
            if status == GLP_NOFEAS { return finished(.infeasible) }
            if code != 0 { return finished(.timeLimit) }
            throw .solverFailure("glp_intopt (feasibility check) finished with MIP status \(glpkStatusName(status))")
        case GLP_ENOPFS:
            return finished(.infeasible)
        default:
            throw .solverFailure("glp_intopt (feasibility check): \(glpkReturnCodeName(code))")
        }
    }

    private func mipSolution(_ status: ILPSolution.Status, bound: Double?) -> ILPSolution {
        let objective = glp_mip_obj_val(problem)
        let values = (0..<columnCount).map { normalised(glp_mip_col_val(problem, Int32($0 + 1))) }
        return finished(status, values: values, objective: objective,
                        bound: status == .optimal ? objective : bound)
    }

    // MARK: Result

    private func finished(_ status: ILPSolution.Status, values: [Double] = [], objective: Double? = nil,
                          bound: Double? = nil) -> ILPSolution {
        var gap: Double?
        if let objective, let bound {
            gap = status == .optimal ? 0 : ILPSolution.relativeGap(objective: objective, bound: bound)
        }
        return ILPSolution(status: status, values: values, objective: objective, bound: bound,
                           gap: gap, solveTimeS: secondsSince(started))
    }
}

/// GLPK reports zeros of either sign; results must not differ by the sign of zero.
private func normalised(_ value: Double) -> Double {
    value + 0.0
}

func glpkReturnCodeName(_ code: Int32) -> String {
    let names: [Int32: String] = [
        GLP_EBADB: "GLP_EBADB (invalid basis)", GLP_ESING: "GLP_ESING (singular matrix)",
        GLP_ECOND: "GLP_ECOND (ill-conditioned matrix)", GLP_EBOUND: "GLP_EBOUND (invalid bounds)",
        GLP_EFAIL: "GLP_EFAIL (solver failed)", GLP_EOBJLL: "GLP_EOBJLL (objective lower limit reached)",
        GLP_EOBJUL: "GLP_EOBJUL (objective upper limit reached)",
        GLP_EITLIM: "GLP_EITLIM (iteration limit exceeded)", GLP_ETMLIM: "GLP_ETMLIM (time limit exceeded)",
        GLP_ENOPFS: "GLP_ENOPFS (no primal feasible solution)",
        GLP_ENODFS: "GLP_ENODFS (no dual feasible solution)",
        GLP_EROOT: "GLP_EROOT (root LP optimum not provided)", GLP_ESTOP: "GLP_ESTOP (terminated by application)",
        GLP_EMIPGAP: "GLP_EMIPGAP (relative MIP gap reached)",
    ]
    return names[code] ?? "return code \(code)"
}

func glpkStatusName(_ status: Int32) -> String {
    let names: [Int32: String] = [
        GLP_UNDEF: "GLP_UNDEF", GLP_FEAS: "GLP_FEAS", GLP_INFEAS: "GLP_INFEAS",
        GLP_NOFEAS: "GLP_NOFEAS", GLP_OPT: "GLP_OPT", GLP_UNBND: "GLP_UNBND",
    ]
    return names[status] ?? "status \(status)"
}
