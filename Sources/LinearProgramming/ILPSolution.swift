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

    public var status: Status
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
                bound: Double? = nil, gap: Double? = nil, solveTimeS: Double) {
        self.status = status
        self.values = values
        self.objective = objective
        self.bound = bound
        self.gap = gap
        self.solveTimeS = solveTimeS
    }

    /// The relative gap between an incumbent and a bound, as `gap` defines it.
    public static func relativeGap(objective: Double, bound: Double) -> Double {
        abs(objective - bound) / max(1e-9, abs(objective))
    }
}
