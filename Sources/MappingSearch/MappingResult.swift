import CodesignCore
import CostModels

/// Which procedure produced a mapping (`mapper` in every output).
public enum MappingOrigin: String, Sendable, Hashable, Codable {
    case ilp, search, exhaustive, random
    /// A layer of the vector unit, which has one schedule.
    case vectorUnit = "vector-unit"
}

/// What the mapper can promise about a mapping (`mapper_status` in every output): a proof
/// (`optimal`, `exact` for the vector unit's one schedule), an ILP's own outcome (`feasible`,
/// `time_limit`, …: the solver's status, see `ILPSolution.Status`), or none (`heuristic`).
public enum MappingStatus: String, Sendable, Hashable, Codable {
    case optimal, feasible, heuristic, exact, infeasible, unbounded, cancelled
    case timeLimit = "time_limit"
}

/// A chosen mapping with its cost, and how it was found.
public struct MappingResult: Sendable, Hashable, Codable {
    public var mapping: Mapping
    public var cost: LayerCost
    public var mapper: MappingOrigin
    public var status: MappingStatus
    /// Candidate mappings scored by the cost model.
    public var evaluatedCount: Int
    /// For solver-based mappers: wall time, and the solver's objective, best bound and
    /// relative gap on its own (proxy) problem.
    public var solveTimeS: Double?
    public var solverObjective: Double?
    public var solverBound: Double?
    public var solverGap: Double?
    /// Why the solver's figures are not a proof (a limit stopped it, no bound was proven),
    /// or nil: a missing bound is said in words, never printed as a number.
    public var solverNote: String?

    public init(mapping: Mapping, cost: LayerCost, mapper: MappingOrigin, status: MappingStatus, evaluatedCount: Int,
                solveTimeS: Double? = nil, solverObjective: Double? = nil, solverBound: Double? = nil,
                solverGap: Double? = nil, solverNote: String? = nil) {
        self.mapping = mapping
        self.cost = cost
        self.mapper = mapper
        self.status = status
        self.evaluatedCount = evaluatedCount
        self.solveTimeS = solveTimeS
        self.solverObjective = solverObjective
        self.solverBound = solverBound
        self.solverGap = solverGap
        self.solverNote = solverNote
    }
}

/// Why a layer cannot run on a design at all.
public enum MappingError: Error, Sendable, Hashable, CustomStringConvertible {
    case precisionUnsupported(layer: String, bits: Int, supportedBits: Int)
    case smallestTileDoesNotFit(layer: String, level: String, bytes: Int, capacityBytes: Int)
    case noValidMapping(layer: String, reason: String)
    /// The exhaustive mapper would visit more than `limit` valid points; `points` is the
    /// size of the mapspace (compositions of identical prime factors × loop orders).
    case mapspaceTooLarge(layer: String, points: Int, limit: Int)

    public var description: String {
        switch self {
        case .precisionUnsupported(let layer, let bits, let supported):
            "layer '\(layer)' needs \(bits)-bit operands; the PE array supports at most \(supported) bits"
        case .smallestTileDoesNotFit(let layer, let level, let bytes, let capacity):
            "layer '\(layer)': memory level '\(level)' holds \(capacity) bytes but the smallest tile needs \(bytes) bytes"
        case .noValidMapping(let layer, let reason):
            "layer '\(layer)' has no valid mapping: \(reason)"
        case .mapspaceTooLarge(let layer, let points, let limit):
            "layer '\(layer)': the exhaustive mapspace has \(points) points and more than \(limit) of them are valid; too many to enumerate (raise maxPoints or use the ILP mapper)"
        }
    }

    /// Name of the memory level the problem is about, so the CLI can point at it.
    public var memoryLevelName: String? {
        if case .smallestTileDoesNotFit(_, let level, _, _) = self { return level }
        return nil
    }
}
