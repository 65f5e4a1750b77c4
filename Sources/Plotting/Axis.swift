/// How an axis maps values to positions.
public enum AxisScale: Sendable, Hashable {
    /// Equal distances for equal differences.
    case linear
    /// Base 10: equal distances for equal ratios, for quantities spanning decades (rooflines).
    /// Only positive values can be placed; others are skipped.
    case log
}

/// A numeric axis as the caller describes it; each chart resolves it against its data when rendering.
public struct Axis: Sendable {
    /// Shown with the axis, e.g. "energy per image (mJ)": units belong here so tick labels stay short.
    public var title: String
    public var scale: AxisScale
    /// A fixed domain, so that several charts can share one scale; marks outside it are skipped (lines are cut at it).
    /// `nil` takes the data's extent padded outward to nice ticks. A domain that is empty, non-finite or (on a log
    /// axis) not positive is ignored in favour of the data.
    public var domain: ClosedRange<Double>?

    public init(title: String, scale: AxisScale = .linear, domain: ClosedRange<Double>? = nil) {
        self.title = title
        self.scale = scale
        self.domain = domain
    }
}
