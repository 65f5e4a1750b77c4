import CodesignCore
import CostModels
import LinearProgramming
import MappingSearch

/// One layer inside a whole-network schedule: which candidate mapping runs it, what stays on
/// chip around it, on which chip it runs, and its cost once the schedule has removed the
/// off-chip traffic that residency and on-chip activations make unnecessary.
public struct ScheduledLayer: Sendable, Hashable, Codable {
    public var layer: Layer
    /// Position of the chosen mapping among the layer's candidates.
    public var candidateIndex: Int
    public var candidateCount: Int
    /// The chosen candidate as the mapper scored it, on its own (layer-by-layer) terms.
    public var result: MappingResult
    /// The layer's weights stay in on-chip memory across inferences: loaded once, they cost no
    /// off-chip traffic per inference in steady state but occupy capacity permanently.
    public var weightsResident: Bool
    /// The shared on-chip level (one that holds weights) keeping them, when resident.
    public var residentLevel: String?
    /// The layer's output tensor never leaves the chip: it lives from this layer to its last
    /// consumer, in `activationLevel`.
    public var outputStaysOnChip: Bool
    /// The level keeping activation tensors between layers (the outermost shared on-chip
    /// level holding inputs and outputs), when this layer's output or inputs stay there.
    public var activationLevel: String?
    /// Producers whose tensors this layer reads from on-chip memory, by name.
    public var onChipInputs: [String]
    /// The previous layer's output is read on chip (the two layers are fused).
    public var fusedWithPredecessor: Bool
    /// Pipeline stage, which is also the chip (0-based).
    public var stage: Int
    /// Cycles after the schedule: the cost model's formula with the removed traffic taken out.
    public var cycles: Double
    public var latencyS: Double
    /// Energy after the schedule: the removed off-chip transfers no longer cost energy, and
    /// leakage is charged for the new latency.
    public var energyJ: Double
    /// Off-chip bytes left after the schedule.
    public var offChipBytes: Double
    /// Off-chip bytes the schedule removed, per operand (`Operand.position` order). For
    /// attention matmuls whose second operand is an activation, that operand's traffic is
    /// counted under inputs.
    public var offChipBytesRemovedByOperand: [Double]
    /// "compute", or the memory level whose bandwidth sets `cycles`.
    public var bottleneck: String
    /// On-chip bytes this layer needs besides the resident weights, per shared on-chip level
    /// (`NetworkSchedule.onChipLevels` order): its mapping's tiles there plus every on-chip
    /// tensor alive while it runs.
    public var workingSetBytesByLevel: [Double]
    /// The layer's cost after the schedule, by component: traffic per level with the removed
    /// transfers taken out, and the cycles and energies recombined from it (what `cycles`,
    /// `energyJ` and `offChipBytes` summarise; reports split latency and energy with it).
    public var cost: LayerCost

    /// The same summed over the levels.
    public var workingSetBytes: Double { workingSetBytesByLevel.reduce(0, +) }
}

/// How full one shared on-chip level of one chip gets during its stage.
public struct StageLevelOccupancy: Sendable, Hashable, Codable {
    public var level: String
    /// Size of one instance times the instances.
    public var capacityBytes: Double
    public var residentWeightBytes: Double
    /// Resident weights plus the largest working set of the stage's layers in this level.
    public var peakBytes: Double
}

/// A contiguous run of layers on one chip.
public struct ScheduleStage: Sendable, Hashable, Codable {
    /// The chip running the stage, 0-based; equal to the stage index.
    public var chip: Int
    /// Indices of the first and last layer of the stage (inclusive).
    public var firstLayer: Int
    public var lastLayer: Int
    /// The stage's layers' latencies plus its outgoing chip-to-chip transfer: the time the
    /// chip is busy per inference, so the pipeline's period is the largest of these.
    public var timeS: Double
    /// Activations sent to the next chip after this stage.
    public var transferOutBytes: Double
    public var transferOutS: Double
    /// Per shared on-chip level: resident weights and peak occupancy; each must fit its own
    /// capacity.
    public var levels: [StageLevelOccupancy]

    /// Weights kept resident on this chip.
    public var residentWeightBytes: Double { levels.reduce(0) { $0 + $1.residentWeightBytes } }
    /// Resident weights plus the largest per-layer working set, summed over the levels: what
    /// the chip's on-chip memory must hold at its fullest.
    public var peakOnChipBytes: Double { levels.reduce(0) { $0 + $1.peakBytes } }
}

/// What became of the scheduling ILP.
public enum ScheduleStatus: String, Sendable, Hashable, Codable {
    /// The reported schedule is optimal for the objective: exactly (within GLPK's
    /// tolerances) on one chip; within `NetworkScheduler.pipelineMIPGap` (0.1 %) of the
    /// proven bound on several chips. `gap` gives the proven figure.
    case optimal
    /// A schedule without proof of optimality (time limit, or EDP, which no ILP minimises);
    /// `bound` and `gap` say how far off it can be when known.
    case feasible
    /// No usable ILP solution (time limit before any incumbent, or a solver outcome that should
    /// not happen): the layer-by-layer schedule is reported, and `note` says why.
    case layerByLayerFallback = "layer_by_layer_fallback"
}

/// One solve: of the lexicographic sequence (primary objective, then a secondary one with the
/// primary held at its optimum), or one step of EDP's linearisation on one chip.
public struct ScheduleSolvePhase: Sendable, Hashable, Codable {
    /// What was minimised: "latency_s", "energy_j", "bottleneck_stage_s" or
    /// "edp_linearised" (`NetworkScheduler.linearisedEDPPhase`).
    public var minimised: String
    /// Whether the pipeline split was fixed (the split heuristic) rather than chosen by the ILP.
    public var fixedSplit: Bool
    /// GLPK's outcome (`ILPSolution.Status` raw value), or "skipped".
    public var ilpStatus: String
    /// Objective, bound and gap in SI units (seconds or joules), when the solver gave them;
    /// for "edp_linearised", E / E0 + L / L0, a number (2 at the schedule it started from).
    public var objective: Double?
    public var bound: Double?
    public var gap: Double?
    public var solveTimeS: Double
}

/// How the schedule was found: model size, solver outcome, time.
public struct ScheduleSolveInfo: Sendable, Hashable, Codable {
    public var status: ScheduleStatus
    /// Why a fallback or a shortcut happened; nil when everything ran to optimality.
    public var note: String?
    /// The reported schedule's objective scored exactly (for several chips and the latency
    /// objective: the slowest stage), the best bound the ILP proved on it, and the relative
    /// gap between the two, in `objectiveUnit` ("s", "J" or "J*s"; EDP has no bound).
    public var objective: Double?
    public var bound: Double?
    public var gap: Double?
    public var objectiveUnit: String
    /// Wall-clock time of every solve together (model building included).
    public var solveTimeS: Double
    public var variableCount: Int
    public var integerVariableCount: Int
    public var rowCount: Int
    public var phases: [ScheduleSolvePhase]
}

/// Totals of a schedule, per inference.
public struct ScheduleTotals: Sendable, Hashable, Codable {
    /// One inference from first layer to last, chip-to-chip transfers included.
    public var latencyS: Double
    /// 1 / the slowest stage: inferences per second when the chips are pipelined.
    public var throughputFps: Double
    public var energyJ: Double
    /// Off-chip bytes of the layers (DRAM or host link), after the schedule.
    public var offChipBytes: Double
    /// Activations carried between chips at stage boundaries.
    public var chipToChipBytes: Double
}

/// A whole-network schedule (NetworkScheduling's ILP): per layer the chosen candidate
/// mapping, weight residency, on-chip activations and pipeline stage; per layer and in total
/// the latency, energy and off-chip traffic that result.
public struct NetworkSchedule: Sendable, Hashable, Codable {
    public var designName: String
    public var networkName: String
    public var objective: MappingObjective
    public var chips: Int
    /// Shared on-chip capacity of one chip (`Accelerator.onChipSharedBytes`).
    public var onChipCapacityBytes: Int
    /// The shared on-chip levels that can keep whole tensors (innermost first), by name.
    public var onChipLevels: [String]
    public var layers: [ScheduledLayer]
    public var stages: [ScheduleStage]
    public var totals: ScheduleTotals
    /// The same network with the best candidate per layer and nothing kept on chip across
    /// layers or inferences (the layer-by-layer evaluation; for several chips, its best
    /// contiguous split): what the schedule is measured against.
    public var baseline: ScheduleTotals
    /// Weight bytes of the network (weights only, no biases) and how many stay resident.
    public var weightBytes: Double
    public var residentWeightBytes: Double
    /// Off-chip weight traffic left per inference (the weights that stream, with refetches).
    public var streamedWeightBytes: Double
    public var solve: ScheduleSolveInfo

    public var latencyS: Double { totals.latencyS }
    public var throughputFps: Double { totals.throughputFps }
    public var energyJ: Double { totals.energyJ }
    public var offChipBytes: Double { totals.offChipBytes }
    /// Average power while inferences run back to back at `throughputFps`.
    public var powerW: Double { totals.energyJ * totals.throughputFps }
}

/// Why a network cannot be scheduled as asked. Problems of the model itself (a bug) are
/// reported too, never hidden behind a fallback.
public enum NetworkSchedulingError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidCandidatesPerLayer(Int)
    case invalidTimeLimit(Double)
    case candidateListCountMismatch(layers: Int, lists: Int)
    case noCandidates(layer: String)
    case invalidCandidate(layer: String, index: Int, reason: String)
    /// The scheduling ILP failed validation: a bug in the model builder.
    case invalidModel(String)
    case solverFailure(String)

    public var description: String {
        switch self {
        case .invalidCandidatesPerLayer(let k):
            "candidates per layer must be at least 1, got \(k)"
        case .invalidTimeLimit(let s):
            "the scheduling time limit must be a number > 0 seconds, got \(s)"
        case .candidateListCountMismatch(let layers, let lists):
            "the network has \(layers) layers but \(lists) candidate lists were given"
        case .noCandidates(let layer):
            "layer '\(layer)' has no candidate mapping"
        case .invalidCandidate(let layer, let index, let reason):
            "candidate \(index) of layer '\(layer)' cannot run on this design: \(reason)"
        case .invalidModel(let message):
            "internal error: the scheduling ILP is invalid: \(message)"
        case .solverFailure(let message):
            "the scheduling ILP could not be solved: \(message)"
        }
    }
}
