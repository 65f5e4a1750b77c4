/// Why a solve could not be made: the question was wrong or the solver broke. A stopped
/// search (time limit, node limit, cancellation) is a status of `ILPSolution`, not an error.
public enum ILPSolverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The model failed `ILPModel.validate()`; the solver was never called.
    case invalidModel([ILPModelError])
    /// A time limit that is NaN or negative.
    case invalidTimeLimit(Double)
    /// The solver gave up for its own reasons (numerical trouble, an unexpected return
    /// code); the message says which.
    case solverFailure(String)

    public var description: String {
        switch self {
        case .invalidModel(let errors):
            let count = errors.count == 1 ? "1 problem" : "\(errors.count) problems"
            return "invalid ILP model (\(count)):" + errors.map { "\n  \($0)" }.joined()
        case .invalidTimeLimit(let seconds):
            return "invalid time limit \(seconds) s: it must be a number ≥ 0"
        case .solverFailure(let message):
            return "ILP solver failure: \(message)"
        }
    }
}
