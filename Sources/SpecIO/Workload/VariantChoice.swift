import CodesignCore
import Foundation

/// A model variant picked on the command line (`--variant width=0.5,resolution=160,precision=8`);
/// unset knobs take the workload's own values.
public struct VariantChoice: Sendable, Hashable {
    public var width: Double?
    public var resolution: Int?
    public var precision: Int?
    public var pruning: Double?

    public init(width: Double? = nil, resolution: Int? = nil, precision: Int? = nil, pruning: Double? = nil) {
        self.width = width
        self.resolution = resolution
        self.precision = precision
        self.pruning = pruning
    }

    /// The variant this choice picks in `workload`: unset knobs take the workload's width 1,
    /// input resolution and precision, and no pruning.
    public func variant(in workload: WorkloadSpec) -> ModelVariant {
        ModelVariant(width: width ?? 1.0, resolution: resolution ?? workload.input.resolution,
                     weightBits: precision ?? workload.precision.weights,
                     activationBits: precision ?? workload.precision.activations, pruning: pruning ?? 0)
    }

    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Parses `key=value[,key=value…]`; every problem is reported, not just the first.
    public static func parse(_ text: String) throws(ParseError) -> VariantChoice {
        var choice = VariantChoice()
        var problems: [String] = []
        var seen = Set<String>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[1].isEmpty else {
                problems.append("'\(item)' is not of the form key=value")
                continue
            }
            let (key, value) = (parts[0], parts[1])
            if !seen.insert(key).inserted {
                problems.append("'\(key)' is given twice; give each knob once")
                continue
            }
            switch key {
            case "width":
                if let w = Double(value), w.isFinite, w > 0, w <= 4 { choice.width = w } else {
                    problems.append("width must be a number in (0, 4], found '\(value)'")
                }
            case "resolution":
                if let r = Int(value), r >= 8, r <= 4096 { choice.resolution = r } else {
                    problems.append("resolution must be an integer in [8, 4096], found '\(value)'")
                }
            case "precision":
                if let p = Int(value), [4, 8, 16].contains(p) { choice.precision = p } else {
                    problems.append("precision must be 4, 8 or 16 bits, found '\(value)'")
                }
            case "pruning":
                if let p = Double(value), p.isFinite, p >= 0, p < 1 { choice.pruning = p } else {
                    problems.append("pruning must be a fraction in [0, 1), found '\(value)'")
                }
            default:
                problems.append("unknown variant knob '\(key)'; knobs are width, resolution, precision, pruning")
            }
        }
        if !problems.isEmpty { throw ParseError(description: problems.joined(separator: "; ")) }
        return choice
    }
}
