/// The three spatial axes of the PE array: rows, columns, and the MAC lanes inside a PE.
public enum ArrayAxis: String, CaseIterable, Codable, Sendable, Hashable {
    case rows, cols, lanes
}

/// How one layer runs on one accelerator: per memory level a temporal tiling factor per
/// dimension and a loop order, and per array axis a spatial factor per dimension.
///
/// Factors may be imperfect (their product may exceed the bound, as in Timeloop's
/// imperfect factorisation); the last iteration then runs partly idle, which the cost
/// model charges as lost utilisation. This keeps prime sizes such as 7, 13 or 1000
/// mappable onto arrays of 8 or 16.
public struct Mapping: Sendable, Hashable, Codable {
    /// Temporal factors per memory level, innermost level first.
    public var temporal: [DimensionVector]
    /// Loop order per memory level, outermost loop first.
    public var loopOrder: [[LoopDimension]]
    public var spatialRows: DimensionVector
    public var spatialCols: DimensionVector
    public var spatialLanes: DimensionVector

    public init(temporal: [DimensionVector], loopOrder: [[LoopDimension]],
                spatialRows: DimensionVector = .ones, spatialCols: DimensionVector = .ones,
                spatialLanes: DimensionVector = .ones) {
        self.temporal = temporal
        self.loopOrder = loopOrder
        self.spatialRows = spatialRows
        self.spatialCols = spatialCols
        self.spatialLanes = spatialLanes
    }

    public var spatial: DimensionVector { spatialRows * spatialCols * spatialLanes }

    /// The padded extent of each dimension: product of all its factors.
    public var coveredBounds: DimensionVector {
        temporal.reduce(spatial) { $0 * $1 }
    }

    /// Timeloop-like text: levels outermost first, `for K in [0,4)` style, spatial marked.
    public func description(levelNames: [String]) -> String {
        var parts: [String] = []
        for level in stride(from: temporal.count - 1, through: 0, by: -1) {
            let loops = loopOrder[level].filter { temporal[level][$0] > 1 }
                .map { "\($0.rawValue)\(temporal[level][$0])" }
            let name = level < levelNames.count ? levelNames[level] : "L\(level)"
            parts.append("\(name)[\(loops.joined(separator: " "))]")
        }
        func axis(_ label: String, _ v: DimensionVector) -> String? {
            let f = LoopDimension.allCases.filter { v[$0] > 1 }.map { "\($0.rawValue)\(v[$0])" }
            return f.isEmpty ? nil : "\(label)(\(f.joined(separator: " ")))"
        }
        let spatialParts = [axis("rows", spatialRows), axis("cols", spatialCols), axis("lanes", spatialLanes)].compactMap { $0 }
        if !spatialParts.isEmpty { parts.append("spatial[\(spatialParts.joined(separator: " "))]") }
        return parts.joined(separator: " ")
    }
}
