/// One thing wrong with an `ILPModel`, precise enough to find it: which variable, row or
/// term, and what is wrong. `ILPModel.validate()` returns all of them at once.
public enum ILPModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where a sparse term lives.
    public enum Place: Sendable, Hashable, CustomStringConvertible {
        case objective
        case row(index: Int, name: String)

        public var description: String {
            switch self {
            case .objective: return "objective"
            case .row(let index, let name): return "row \(index)\(quoted(name))"
            }
        }
    }

    public enum Bound: String, Sendable, Hashable {
        case lower, upper
    }

    /// What is wrong with a number. Kept without a NaN payload so errors compare equal.
    public enum BadNumber: Sendable, Hashable, CustomStringConvertible {
        case notANumber
        /// `±.infinity` where only a finite value makes sense.
        case infinite(Double)
        /// Finite but beyond `ILPModel.maximumMagnitude`.
        case tooLarge(Double)

        public var description: String {
            switch self {
            case .notANumber: return "is NaN"
            case .infinite(let value): return "is \(value > 0 ? "+" : "-")infinity"
            case .tooLarge(let value):
                return "is \(value), beyond the magnitude limit \(ILPModel.maximumMagnitude)"
            }
        }
    }

    case tooManyVariables(count: Int, limit: Int)
    case tooManyRows(count: Int, limit: Int)
    case tooManyNonzeros(count: Int, limit: Int)
    /// `term` is the position within the row's (or the objective's) term list.
    case variableIndexOutOfRange(place: Place, term: Int, variable: Int, variableCount: Int)
    case duplicateVariable(place: Place, variable: Int, firstTerm: Int, term: Int)
    case badCoefficient(place: Place, term: Int, BadNumber)
    case badObjectiveConstant(BadNumber)
    case badVariableBound(variable: Int, name: String, Bound, BadNumber)
    case badRowBound(row: Int, name: String, Bound, BadNumber)
    case variableBoundsCrossed(variable: Int, name: String, lower: Double, upper: Double)
    case rowBoundsCrossed(row: Int, name: String, lower: Double, upper: Double)
    /// A binary variable's bounds must each be 0 or 1 (1 ≤ x ≤ 1 fixes it).
    case binaryBoundsNotZeroOrOne(variable: Int, name: String, lower: Double, upper: Double)
    /// An integer variable with a fractional bound: GLPK refuses to start (`GLP_EBOUND`),
    /// and silently rounding would hide a modelling slip.
    case fractionalIntegerBound(variable: Int, name: String, Bound, Double)
    /// A starting point must give one finite value per variable.
    case invalidStartingPoint(expectedCount: Int, count: Int)

    /// The model is only too large for the solver (nothing in it is wrong): a caller may
    /// fall back to a simpler method instead of failing.
    public var isSizeLimit: Bool {
        switch self {
        case .tooManyVariables, .tooManyRows, .tooManyNonzeros: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .tooManyVariables(let count, let limit):
            return "model has \(count) variables, more than the limit of \(limit)"
        case .tooManyRows(let count, let limit):
            return "model has \(count) rows, more than the limit of \(limit)"
        case .tooManyNonzeros(let count, let limit):
            return "model has \(count) non-zero coefficients, more than the limit of \(limit)"
        case .variableIndexOutOfRange(let place, let term, let variable, let count):
            return "\(place), term \(term): variable index \(variable) is out of range 0..<\(count)"
        case .duplicateVariable(let place, let variable, let firstTerm, let term):
            return "\(place), term \(term): variable \(variable) already appears in term \(firstTerm)"
        case .badCoefficient(let place, let term, let problem):
            return "\(place), term \(term): coefficient \(problem)"
        case .badObjectiveConstant(let problem):
            return "objective constant \(problem)"
        case .badVariableBound(let variable, let name, let bound, let problem):
            return "variable \(variable)\(quoted(name)): \(bound.rawValue) bound \(problem)"
        case .badRowBound(let row, let name, let bound, let problem):
            return "row \(row)\(quoted(name)): \(bound.rawValue) bound \(problem)"
        case .variableBoundsCrossed(let variable, let name, let lower, let upper):
            return "variable \(variable)\(quoted(name)): lower bound \(lower) exceeds upper bound \(upper)"
        case .rowBoundsCrossed(let row, let name, let lower, let upper):
            return "row \(row)\(quoted(name)): lower bound \(lower) exceeds upper bound \(upper)"
        case .binaryBoundsNotZeroOrOne(let variable, let name, let lower, let upper):
            return "variable \(variable)\(quoted(name)): binary variable has bounds [\(lower), \(upper)]; each must be 0 or 1"
        case .fractionalIntegerBound(let variable, let name, let bound, let value):
            return "variable \(variable)\(quoted(name)): integer variable has fractional \(bound.rawValue) bound \(value)"
        case .invalidStartingPoint(let expected, let count):
            return "starting point has \(count) values for \(expected) variables, or a value that is not finite"
        }
    }
}

/// ` 'name'` for a label, nothing for an empty one, so messages stay readable either way.
private func quoted(_ name: String) -> String {
    name.isEmpty ? "" : " '\(name)'"
}
