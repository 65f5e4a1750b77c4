/// A mixed-integer linear program as a plain value, independent of any solver.
///
/// Mappers and schedulers build models without touching GLPK, so they can be hashed (for
/// memoisation), encoded (for `--dump-lp` and caches), compared in tests and written as CPLEX-LP
/// text for any solver. Variables and rows are addressed by their position; names are labels only
/// (they may be empty or repeat) and matter solely for the CPLEX-LP text.
///
/// Encoding note: unbounded variables and rows store `±.infinity`; `JSONEncoder` refuses
/// those unless its `nonConformingFloatEncodingStrategy` is set.
public struct ILPModel: Sendable, Hashable, Codable {
    public enum VariableKind: String, Sendable, Hashable, Codable, CaseIterable {
        case continuous, integer, binary
    }

    public struct Variable: Sendable, Hashable, Codable {
        public var name: String
        public var kind: VariableKind
        /// `-.infinity` for a variable without lower bound.
        public var lowerBound: Double
        /// `.infinity` for a variable without upper bound.
        public var upperBound: Double

        public init(name: String, kind: VariableKind, lowerBound: Double, upperBound: Double) {
            self.name = name
            self.kind = kind
            self.lowerBound = lowerBound
            self.upperBound = upperBound
        }
    }

    /// One non-zero of a sparse linear form: `coefficient × variables[variable]`.
    public struct Term: Sendable, Hashable, Codable {
        public var variable: Int
        public var coefficient: Double

        public init(variable: Int, coefficient: Double) {
            self.variable = variable
            self.coefficient = coefficient
        }

        public init(_ variable: Int, _ coefficient: Double) {
            self.init(variable: variable, coefficient: coefficient)
        }
    }

    /// `lowerBound ≤ Σ terms ≤ upperBound`; an infinite bound is absent, equal bounds make
    /// an equality. A variable may appear at most once per row.
    public struct Row: Sendable, Hashable, Codable {
        public var name: String
        public var terms: [Term]
        public var lowerBound: Double
        public var upperBound: Double

        public init(name: String, terms: [Term], lowerBound: Double, upperBound: Double) {
            self.name = name
            self.terms = terms
            self.lowerBound = lowerBound
            self.upperBound = upperBound
        }
    }

    public enum Sense: String, Sendable, Hashable, Codable {
        case minimize, maximize
    }

    public var variables: [Variable]
    public var rows: [Row]
    /// Sparse objective; a variable may appear at most once.
    public var objective: [Term]
    public var objectiveConstant: Double
    public var sense: Sense

    public init(sense: Sense = .minimize) {
        self.variables = []
        self.rows = []
        self.objective = []
        self.objectiveConstant = 0
        self.sense = sense
    }

    /// Appends a variable and returns its index.
    ///
    /// `upperBound: nil` means the natural bound of the kind: 1 for a binary, none
    /// otherwise, so `addVariable("x", kind: .binary)` is a 0-1 variable without ceremony.
    @discardableResult
    public mutating func addVariable(
        _ name: String, kind: VariableKind, lowerBound: Double = 0, upperBound: Double? = nil
    ) -> Int {
        let upper = upperBound ?? (kind == .binary ? 1 : .infinity)
        variables.append(Variable(name: name, kind: kind, lowerBound: lowerBound, upperBound: upper))
        return variables.count - 1
    }

    /// Appends `lowerBound ≤ Σ terms ≤ upperBound`.
    public mutating func addRow(
        _ name: String, _ terms: [Term],
        lowerBound: Double = -.infinity, upperBound: Double = .infinity
    ) {
        rows.append(Row(name: name, terms: terms, lowerBound: lowerBound, upperBound: upperBound))
    }

    /// Appends `Σ terms = value`.
    public mutating func addRow(_ name: String, _ terms: [Term], equalTo value: Double) {
        addRow(name, terms, lowerBound: value, upperBound: value)
    }

    /// Appends `Σ terms ≤ value`.
    public mutating func addRow(_ name: String, _ terms: [Term], atMost value: Double) {
        addRow(name, terms, lowerBound: -.infinity, upperBound: value)
    }

    /// Appends `Σ terms ≥ value`.
    public mutating func addRow(_ name: String, _ terms: [Term], atLeast value: Double) {
        addRow(name, terms, lowerBound: value, upperBound: .infinity)
    }

    /// True when some variable must take integral values, so the model needs branch and
    /// bound rather than a single simplex solve.
    public var hasIntegerVariables: Bool {
        variables.contains { $0.kind != .continuous }
    }

    /// `Σ objective + constant` at `values` (one value per variable); for checking solutions.
    /// Terms whose index is out of range are ignored, since `validate()` reports them.
    public func objectiveValue(at values: [Double]) -> Double {
        var total = objectiveConstant
        for term in objective where values.indices.contains(term.variable) {
            total += term.coefficient * values[term.variable]
        }
        return total
    }

    /// Whether `values` (one per variable) satisfies every bound, integrality and row, each
    /// within `tolerance` relative to the bound's magnitude (at least 1): GLPK takes a
    /// starting point on trust, so it must be checked here.
    public func isFeasible(_ values: [Double], tolerance: Double = 1e-7) -> Bool {
        guard values.count == variables.count else { return false }
        func within(_ x: Double, _ lower: Double, _ upper: Double) -> Bool {
            (lower == -.infinity || x >= lower - tolerance * max(1, abs(lower)))
                && (upper == .infinity || x <= upper + tolerance * max(1, abs(upper)))
        }
        for (v, variable) in variables.enumerated() {
            guard values[v].isFinite, within(values[v], variable.lowerBound, variable.upperBound) else { return false }
            if variable.kind != .continuous && abs(values[v] - values[v].rounded()) > tolerance { return false }
        }
        return rows.indices.allSatisfy { within(rowActivity($0, at: values), rows[$0].lowerBound, rows[$0].upperBound) }
    }

    /// `Σ terms` of `rows[row]` at `values`; for checking solutions.
    public func rowActivity(_ row: Int, at values: [Double]) -> Double {
        var total = 0.0
        for term in rows[row].terms where values.indices.contains(term.variable) {
            total += term.coefficient * values[term.variable]
        }
        return total
    }
}

extension ILPModel {
    /// Ceilings that keep a model far below GLPK's own hard limits (100 million rows or
    /// columns, 500 million non-zeros, where it aborts instead of failing) and within
    /// memory a mapper should ever ask for.
    public static let maximumVariableCount = 10_000_000
    public static let maximumRowCount = 10_000_000
    public static let maximumNonzeroCount = 10_000_000

    /// Largest finite magnitude accepted for a coefficient or bound. Beyond 2^53 ≈ 9e15
    /// doubles no longer hold every integer, so integrality and GLPK's absolute tolerances
    /// (1e-7 to 1e-5) are meaningless, and badly scaled data is what drives GLPK's simplex
    /// into internal assertion failures (which abort the process).
    public static let maximumMagnitude = 1e15
}
