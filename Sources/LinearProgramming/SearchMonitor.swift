import CGLPK

/// State shared with GLPK's branch-and-bound callback: when to stop, why it stopped, and
/// the best bound seen (the tree, and with it the bound, is gone once `glp_intopt`
/// returns).
struct SearchMonitor {
    enum StopReason {
        case deadline, cancellation
    }

    /// How often to refresh `bestBound`: `glp_ios_best_node` walks every active node, so
    /// calling it on each of the several callbacks per node would make big trees quadratic.
    static let boundRefreshInterval = Duration.milliseconds(20)

    let deadline: SolveDeadline
    private(set) var stopReason: StopReason?
    /// Best bound of the open nodes at the last refresh. A stale bound is still valid
    /// (bounds only tighten), just looser.
    private(set) var bestBound: Double?
    private var lastRefresh: ContinuousClock.Instant?

    init(deadline: SolveDeadline) {
        self.deadline = deadline
    }

    /// Called by GLPK at every callback point, on the solving thread (so `Task.isCancelled`
    /// reads the task that called the solver).
    mutating func observe(_ tree: OpaquePointer) {
        guard stopReason == nil else { return }
        let now = ContinuousClock.now
        var reason: StopReason?
        if Task.isCancelled {
            reason = .cancellation
        } else if deadline.hasPassed(at: now) {
            reason = .deadline
        }
        let refreshDue = lastRefresh.map { now - $0 >= Self.boundRefreshInterval } ?? true
        if reason != nil || refreshDue || glp_ios_reason(tree) == GLP_IBINGO {
            // Node 0 means no open node (search about to end): keep the last bound.
            let node = glp_ios_best_node(tree)
            if node != 0 { bestBound = glp_ios_node_bound(tree, node) }
            lastRefresh = now
        }
        if let reason {
            stopReason = reason
            glp_ios_terminate(tree)
        }
    }
}
