import CodesignCore
import MappingSearch

/// What a finished exploration's report says besides its points: the study as it was
/// resolved from its input files (names, objectives, constraints, accuracy sources, volume).
/// The store keeps it once refinement is complete, so `report --db` renders from the store
/// alone, without the input files and without evaluating anything.
public struct StudyRecord: Sendable, Hashable, Codable {
    public var workloadName: String
    public var spaceName: String
    public var objectives: [Metric]
    public var constraints: [Constraint]
    /// The constraints as the workload writes them (`fps >= 30`), for the report.
    public var constraintTexts: [String]
    public var strategy: StrategyKind
    public var seed: UInt64
    /// Where the accuracy figures come from, as the report names them.
    public var accuracySources: [String]
    /// Units each design's $/chip is judged at.
    public var productionVolume: Int
    /// The mapper every point was screened with (`explore --mapper`).
    public var screeningMapper: MapperKind
    /// Whether the screening front was refined (false under `--no-refine`).
    public var refined: Bool

    public init(workloadName: String, spaceName: String, objectives: [Metric],
                constraints: [Constraint], constraintTexts: [String], strategy: StrategyKind, seed: UInt64,
                accuracySources: [String], productionVolume: Int, screeningMapper: MapperKind, refined: Bool) {
        self.screeningMapper = screeningMapper
        self.refined = refined
        self.workloadName = workloadName
        self.spaceName = spaceName
        self.objectives = objectives
        self.constraints = constraints
        self.constraintTexts = constraintTexts
        self.strategy = strategy
        self.seed = seed
        self.accuracySources = accuracySources
        self.productionVolume = productionVolume
    }
}
