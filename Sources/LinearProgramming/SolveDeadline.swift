/// When a solve must stop, as one absolute instant shared by every GLPK phase.
///
/// GLPK restarts its `tm_lim` clock in each phase (presolve and root LP, then branch and
/// bound), so its own limit can overrun by up to twice the budget. Checking one absolute
/// deadline from the branch-and-bound callback keeps the whole call near the limit the
/// caller asked for; `tm_lim` remains as the guard for the phases without a callback.
struct SolveDeadline {
    /// Limits beyond this many seconds exceed GLPK's `int` milliseconds and mean "none".
    static let longestLimitS = Double(Int32.max) / 1000

    /// nil: no limit.
    let instant: ContinuousClock.Instant?

    init(start: ContinuousClock.Instant, limitS: Double?) throws(ILPSolverError) {
        guard let limitS else {
            instant = nil
            return
        }
        guard limitS >= 0 else { throw .invalidTimeLimit(limitS) }   // also rejects NaN
        instant = limitS >= Self.longestLimitS ? nil : start + .nanoseconds(Int64(limitS * 1e9))
    }

    func hasPassed(at now: ContinuousClock.Instant) -> Bool {
        guard let instant else { return false }
        return now >= instant
    }

    /// Time left in whole milliseconds for GLPK's `tm_lim` (which must not be negative):
    /// `Int32.max` means none.
    func remainingMilliseconds(at now: ContinuousClock.Instant = .now) -> Int32 {
        guard let instant else { return Int32.max }
        guard now < instant else { return 0 }
        let left = instant - now
        let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}
