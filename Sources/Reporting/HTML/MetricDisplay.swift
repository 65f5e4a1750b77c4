import CodesignCore
import Plotting

/// How the reports show a figure: its name, the unit it is shown in, and the factor from the
/// SI value the points carry (energy in J shown in mJ). One table, so every chart and table
/// of every report labels a figure the same way.
struct MetricDisplay {
    var name: String
    var unit: String
    var scale: Double

    init(_ metric: Metric) {
        switch metric {
        case .latency: (name, unit, scale) = ("latency", "ms", 1e3)
        case .throughput: (name, unit, scale) = ("throughput", "fps", 1)
        case .energy: (name, unit, scale) = ("energy per inference", "mJ", 1e3)
        case .power: (name, unit, scale) = ("power", "W", 1)
        case .area: (name, unit, scale) = ("area", "mm²", 1)
        case .cost: (name, unit, scale) = ("unit cost", "$", 1)
        case .top1: (name, unit, scale) = ("top-1", "%", 1)
        case .edp: (name, unit, scale) = ("energy-delay product", "mJ·ms", 1e6)
        }
    }

    /// `energy per inference (mJ)`: an axis title.
    var title: String { "\(name) (\(unit))" }

    /// The value in the shown unit with three significant digits and the unit.
    func text(_ siValue: Double) -> String { "\(NumberText.short(siValue * scale)) \(unit)" }
}
