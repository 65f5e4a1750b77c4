import CGLPK

/// State shared with GLPK's branch-and-bound callback: when to stop, why it stopped, and
/// the best bound seen (the tree, and with it the bound, is gone once `glp_intopt`
/// returns).
struct SearchMonitor {
    enum StopReason {
        case deadline, cancellation, nodeLimit
    }

    /// How often, in nodes selected, to refresh `bestBound`: `glp_ios_best_node` walks every
    /// active node, so calling it on each callback would make big trees quadratic. Counting
    /// nodes rather than time keeps the reported bound the same on every run.
    static let boundRefreshNodes = 64

    let deadline: SolveDeadline
    /// Branch-and-bound nodes after which the search stops with its incumbent: a work limit
    /// that, unlike a time limit, gives the same answer on every machine and every run.
    let nodeLimit: Int?
    private(set) var stopReason: StopReason?
    /// Best bound of the open nodes at the last refresh. A stale bound is still valid
    /// (bounds only tighten), just looser.
    private(set) var bestBound: Double?
    private var selectedNodes = 0
    private var nodesAtRefresh: Int?

    /// A known feasible point (1-based, GLPK's convention: index 0 unused), offered to GLPK
    /// once as an incumbent at its first heuristic callback; GLPK checks it and ignores it
    /// if it is not feasible or not better.
    var startingPoint: [Double]?

    init(deadline: SolveDeadline, nodeLimit: Int? = nil, startingPoint: [Double]? = nil) {
        self.deadline = deadline
        self.nodeLimit = nodeLimit
        self.startingPoint = startingPoint.map { [0] + $0 }
    }

    /// Called by GLPK at every callback point, on the solving thread (so `Task.isCancelled`
    /// reads the task that called the solver).
    mutating func observe(_ tree: OpaquePointer) {
        guard stopReason == nil else { return }
        let now = ContinuousClock.now
        let callback = glp_ios_reason(tree)
        if callback == GLP_ISELECT { selectedNodes += 1 }
        if callback == GLP_IHEUR, var point = startingPoint {
            startingPoint = nil
            _ = point.withUnsafeMutableBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
        }
        var reason: StopReason?
        if Task.isCancelled {
            reason = .cancellation
        } else if let nodeLimit, selectedNodes > nodeLimit {
            reason = .nodeLimit
        } else if deadline.hasPassed(at: now) {
            reason = .deadline
        }
        let refreshDue = nodesAtRefresh.map { selectedNodes - $0 >= Self.boundRefreshNodes } ?? true
        if reason != nil || refreshDue || callback == GLP_IBINGO {
            // Node 0 means no open node (search about to end): keep the last bound. GLPK gives
            // -DBL_MAX (minimising) or +DBL_MAX for a node whose relaxation is not solved yet:
            // no bound is known, which is not a number to report.
            let node = glp_ios_best_node(tree)
            if node != 0 {
                let bound = glp_ios_node_bound(tree, node)
                if bound.isFinite && abs(bound) < Double.greatestFiniteMagnitude { bestBound = bound }
            }
            nodesAtRefresh = selectedNodes
        }
        if let reason {
            stopReason = reason
            glp_ios_terminate(tree)
        }
    }
}
