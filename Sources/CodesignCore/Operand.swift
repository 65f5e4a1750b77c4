/// The three data spaces of a layer. Which loop dimensions index each one decides where
/// it can be reused: a loop over an irrelevant dimension re-uses the same tile.
public enum Operand: String, CaseIterable, Codable, Sendable, Hashable {
    case weights, inputs, outputs

    /// Loop dimensions that index this operand. Inputs are indexed by P/R and Q/S together
    /// through the sliding window (h = p·stride + r·dilation), so all four are relevant.
    public var relevantDimensions: [LoopDimension] {
        switch self {
        case .weights: [.G, .K, .C, .R, .S]
        case .inputs: [.G, .N, .C, .P, .Q, .R, .S]
        case .outputs: [.G, .N, .K, .P, .Q]
        }
    }

    public func isRelevant(_ dimension: LoopDimension) -> Bool {
        switch self {
        case .weights: dimension != .N && dimension != .P && dimension != .Q
        case .inputs: dimension != .K
        case .outputs: dimension != .C && dimension != .R && dimension != .S
        }
    }
}
