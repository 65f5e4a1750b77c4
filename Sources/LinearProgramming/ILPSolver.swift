/// The seam between model builders (mappers, schedulers) and a concrete solver, so tests
/// can substitute a fake and the product can swap GLPK for another engine.
public protocol ILPSolver: Sendable {
    /// Solves `model`, stopping after roughly `timeLimitS` seconds (nil: no limit) or when
    /// the calling task is cancelled. A stopped search is a status, not an error; errors
    /// mean the question itself was wrong or the solver broke.
    func solve(_ model: ILPModel, timeLimitS: Double?) async throws(ILPSolverError) -> ILPSolution
}

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
