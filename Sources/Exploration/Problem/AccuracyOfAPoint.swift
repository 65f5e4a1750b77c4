import SpecIO

extension AccuracyLookup {
    /// Writes the lookup into a point's figures: `top1`, `top1Kind`, and `top1Source`, which
    /// holds the reason when there is no figure so that a top-1 constraint can report it.
    public func apply(to metrics: inout PointMetrics) {
        metrics.top1 = value
        metrics.top1Kind = kind
        metrics.top1Source = sourceDescription
    }
}
