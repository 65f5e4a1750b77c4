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
    /// The design space's knobs (its lists), outermost first: a point's design index is a
    /// mixed-radix number over them (`MixedRadix`), so the report can tell which value of
    /// each knob a point has. Empty for a store written before knobs were recorded.
    public var designKnobs: [Knob] = []

    /// One knob of the space, as the report names it (`GLB.size_kib`) with its values as
    /// written in the space file.
    public struct Knob: Sendable, Hashable, Codable {
        public var label: String
        public var values: [String]

        public init(label: String, values: [String]) {
            self.label = label
            self.values = values
        }
    }

    /// The value index of every knob for a design index (nil when the knobs are not known or
    /// do not multiply to a space holding the index).
    public func knobCoordinates(designIndex: Int) -> [Int]? {
        let radices = designKnobs.map(\.values.count)
        guard !designKnobs.isEmpty, radices.allSatisfy({ $0 > 0 }), designIndex >= 0,
              designIndex < radices.reduce(1, { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 })
        else { return nil }
        return MixedRadix.digits(of: designIndex, radices: radices)
    }

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

    private enum CodingKeys: String, CodingKey {
        case workloadName, spaceName, objectives, constraints, constraintTexts, strategy, seed, accuracySources,
             productionVolume, screeningMapper, refined, designKnobs
    }

    /// Decodes a study of any schema-4 store: one written before `designKnobs` existed reads
    /// with none (its report then has no per-knob section).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        workloadName = try c.decode(String.self, forKey: .workloadName)
        spaceName = try c.decode(String.self, forKey: .spaceName)
        objectives = try c.decode([Metric].self, forKey: .objectives)
        constraints = try c.decode([Constraint].self, forKey: .constraints)
        constraintTexts = try c.decode([String].self, forKey: .constraintTexts)
        strategy = try c.decode(StrategyKind.self, forKey: .strategy)
        seed = try c.decode(UInt64.self, forKey: .seed)
        accuracySources = try c.decode([String].self, forKey: .accuracySources)
        productionVolume = try c.decode(Int.self, forKey: .productionVolume)
        screeningMapper = try c.decode(MapperKind.self, forKey: .screeningMapper)
        refined = try c.decode(Bool.self, forKey: .refined)
        designKnobs = try c.decodeIfPresent([Knob].self, forKey: .designKnobs) ?? []
    }
}
