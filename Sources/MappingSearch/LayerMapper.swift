import CodesignCore
import CostModels

/// Anything that maps one layer onto the design its cost model describes: the seam
/// between the mappers (ILP, search, exhaustive, random) and their users.
public protocol LayerMapper: Sendable {
    var model: LayerCostModel { get }
    var objective: MappingObjective { get }
    func map(_ layer: Layer) throws(MappingError) -> MappingResult
}

extension SearchMapper: LayerMapper {}
extension ILPMapper: LayerMapper {}
extension ExhaustiveMapper: LayerMapper {}
extension RandomMapper: LayerMapper {}

/// The mappers a user can name on the command line.
public enum MapperKind: String, CaseIterable, Sendable, Codable {
    /// The default: the CoSA-style ILP, scored and polished by the exact model.
    case ilp
    /// The pruned heuristic alone (greedy level filling with padded factors): the screening
    /// mapper, faster than the ILP but not as good on every layer.
    case search
    /// The true optimum over the ILP's mapspace; refuses mapspaces over its point limit.
    case exhaustive
    /// Best of seeded random points of the same mapspace.
    case random

    public func mapper(model: LayerCostModel, objective: MappingObjective) -> any LayerMapper {
        switch self {
        case .ilp: ILPMapper(model: model, objective: objective)
        case .search: SearchMapper(model: model, objective: objective)
        case .exhaustive: ExhaustiveMapper(model: model, objective: objective)
        case .random: RandomMapper(model: model, objective: objective)
        }
    }
}
