/// The one tolerance vocabulary of the tests: every comparison of computed figures with an
/// independent value states its tolerance through these.

/// |a − b| / max(|a|, |b|); 0 when a == b (both zero included).
public func relativeDifference(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
}

/// Whether a and b agree within `relative` of the larger magnitude, or within `absolute`
/// (for figures that may be zero, where a relative tolerance means nothing).
public func isClose(_ a: Double, _ b: Double, relative: Double, absolute: Double = 0) -> Bool {
    abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}
