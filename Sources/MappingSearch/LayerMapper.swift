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

/// The mappers a user can name on the command line.
public enum MapperKind: String, CaseIterable, Sendable, Codable {
    case ilp, search

    public func mapper(model: LayerCostModel, objective: MappingObjective) -> any LayerMapper {
        switch self {
        case .ilp: ILPMapper(model: model, objective: objective)
        case .search: SearchMapper(model: model, objective: objective)
        }
    }
}
