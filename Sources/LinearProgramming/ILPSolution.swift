/// What a solver found, always with a status: values exist only when the status says a
/// solution exists, so no caller can mistake an aborted search for an answer.
public struct ILPSolution: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Proven optimal (within the solver's tolerances).
        case optimal
        /// A solution that satisfies every row, bound and integrality, without proof of
        /// optimality: the time limit stopped the search. `bound` and `gap` say how far off
        /// it can be, when known.
        case feasible
        case infeasible
        /// The objective improves without limit over a non-empty feasible set.
        case unbounded
        /// The time limit stopped the search before any solution was found.
        case timeLimit = "time_limit"
        /// The calling task was cancelled; the search stopped and its incumbent, if any,
        /// is dropped.
        case cancelled

        /// True when `values` and `objective` are filled in.
        public var hasSolution: Bool { self == .optimal || self == .feasible }
    }

    /// The work limits that can end a search before it proves optimality.
    public enum Limit: String, Sendable, Hashable, Codable {
        case nodeLimit = "node_limit"
        case timeLimit = "time_limit"
        /// The incumbent came within the relative MIP gap asked for of the bound.
        case relativeGap = "relative_gap"
    }

    public var status: Status
    /// Which limit stopped the search, when one did (`feasible` and `timeLimit` results).
    public var stoppedBy: Limit?
    /// One value per model variable; empty unless `status.hasSolution`.
    public var values: [Double]
    /// Objective value including the constant; nil unless `status.hasSolution`.
    public var objective: Double?
    /// Best proven bound on the optimum (a lower bound when minimising, an upper bound
    /// when maximising), when known.
    public var bound: Double?
    /// `|objective - bound| / max(1e-9, |objective|)` when both are known; 0 when optimal.
    public var gap: Double?
    /// Wall-clock time of the whole call, validation and problem building included.
    public var solveTimeS: Double

    public init(status: Status, values: [Double] = [], objective: Double? = nil,
                bound: Double? = nil, gap: Double? = nil, solveTimeS: Double, stoppedBy: Limit? = nil) {
        self.status = status
        self.stoppedBy = stoppedBy
        self.values = values
        self.objective = objective
        self.bound = bound
        self.gap = gap
        self.solveTimeS = solveTimeS
    }

    /// Why the solution is not proven optimal, in words, or nil when it is (or has no
    /// solution): which limit stopped the search and whether a bound was proven by then.
    public var unprovenReason: String? {
        guard status == .feasible else { return nil }
        let limit = switch stoppedBy {
        case .nodeLimit: "the node limit"
        case .timeLimit: "the time limit"
        case .relativeGap: "the relative MIP gap asked for"
        case nil: "an early stop"
        }
        return bound == nil ? "stopped by \(limit) before any bound was proven: gap unknown"
            : "stopped by \(limit) with a proven bound"
    }

    /// The relative gap between an incumbent and a bound, as `gap` defines it.
    public static func relativeGap(objective: Double, bound: Double) -> Double {
        abs(objective - bound) / max(1e-9, abs(objective))
    }
}
