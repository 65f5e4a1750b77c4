extension ILPModel {
    /// Every problem that would make a solver misbehave, in model order (size limits,
    /// objective constant, variables, rows, objective terms); empty when the model is sound.
    ///
    /// GLPK does not report bad input: it calls `abort()` on an out-of-range or duplicate
    /// index, and NaN or crossed bounds silently corrupt its answer. So every solver call
    /// checks here first. Names are not checked: GLPK never sees them, and the CPLEX-LP
    /// writer sanitises them.
    ///
    /// Cost is O(variables + rows + non-zeros), small next to any solve.
    public func validate() -> [ILPModelError] {
        var errors: [ILPModelError] = []
        let nonzeroCount = rows.reduce(0) { $0 + $1.terms.count }
        if variables.count > Self.maximumVariableCount {
            errors.append(.tooManyVariables(count: variables.count, limit: Self.maximumVariableCount))
        }
        if rows.count > Self.maximumRowCount {
            errors.append(.tooManyRows(count: rows.count, limit: Self.maximumRowCount))
        }
        if nonzeroCount > Self.maximumNonzeroCount {
            errors.append(.tooManyNonzeros(count: nonzeroCount, limit: Self.maximumNonzeroCount))
        }
        // A model this large is rejected whole; checking each entry would only cost time.
        if !errors.isEmpty { return errors }

        if let problem = badFiniteNumber(objectiveConstant) {
            errors.append(.badObjectiveConstant(problem))
        }
        for (index, variable) in variables.enumerated() {
            validateVariable(index, variable, into: &errors)
        }

        // Duplicate detection in O(terms): `seenIn[v]` is the stamp of the last linear form
        // that used variable v, `seenAt[v]` the term position there.
        var seenIn = [Int](repeating: -1, count: variables.count)
        var seenAt = [Int](repeating: 0, count: variables.count)
        for (index, row) in rows.enumerated() {
            let place = Place.row(index: index, name: row.name)
            validateBounds(lower: row.lowerBound, upper: row.upperBound, into: &errors,
                           bad: { .badRowBound(row: index, name: row.name, $0, $1) },
                           crossed: { .rowBoundsCrossed(row: index, name: row.name, lower: $0, upper: $1) })
            validateTerms(row.terms, place: place, stamp: index,
                          seenIn: &seenIn, seenAt: &seenAt, into: &errors)
        }
        validateTerms(objective, place: .objective, stamp: rows.count,
                      seenIn: &seenIn, seenAt: &seenAt, into: &errors)
        return errors
    }

    private typealias Place = ILPModelError.Place

    private func validateVariable(_ index: Int, _ variable: Variable, into errors: inout [ILPModelError]) {
        let name = variable.name
        let lower = variable.lowerBound, upper = variable.upperBound
        if variable.kind == .binary {
            // Covers NaN and infinities too: neither is 0 or 1.
            if !(lower == 0 || lower == 1) || !(upper == 0 || upper == 1) {
                errors.append(.binaryBoundsNotZeroOrOne(variable: index, name: name, lower: lower, upper: upper))
                return
            }
        }
        let countBefore = errors.count
        validateBounds(lower: lower, upper: upper, into: &errors,
                       bad: { .badVariableBound(variable: index, name: name, $0, $1) },
                       crossed: { .variableBoundsCrossed(variable: index, name: name, lower: $0, upper: $1) })
        guard variable.kind == .integer, errors.count == countBefore else { return }
        if lower.isFinite && lower.rounded() != lower {
            errors.append(.fractionalIntegerBound(variable: index, name: name, .lower, lower))
        }
        if upper.isFinite && upper.rounded() != upper {
            errors.append(.fractionalIntegerBound(variable: index, name: name, .upper, upper))
        }
    }

    /// Checks one lower/upper pair: each bound finite or infinite on its own side, then
    /// the pair uncrossed (equal bounds are an equality and fine).
    private func validateBounds(
        lower: Double, upper: Double, into errors: inout [ILPModelError],
        bad: (ILPModelError.Bound, ILPModelError.BadNumber) -> ILPModelError,
        crossed: (Double, Double) -> ILPModelError
    ) {
        var sound = true
        if let problem = badBound(lower, allowedInfinity: -.infinity) {
            errors.append(bad(.lower, problem))
            sound = false
        }
        if let problem = badBound(upper, allowedInfinity: .infinity) {
            errors.append(bad(.upper, problem))
            sound = false
        }
        if sound && lower > upper {
            errors.append(crossed(lower, upper))
        }
    }

    private func validateTerms(
        _ terms: [Term], place: Place, stamp: Int,
        seenIn: inout [Int], seenAt: inout [Int], into errors: inout [ILPModelError]
    ) {
        for (position, term) in terms.enumerated() {
            if let problem = badFiniteNumber(term.coefficient) {
                errors.append(.badCoefficient(place: place, term: position, problem))
            }
            guard variables.indices.contains(term.variable) else {
                errors.append(.variableIndexOutOfRange(
                    place: place, term: position, variable: term.variable, variableCount: variables.count))
                continue
            }
            if seenIn[term.variable] == stamp {
                errors.append(.duplicateVariable(
                    place: place, variable: term.variable, firstTerm: seenAt[term.variable], term: position))
            } else {
                seenIn[term.variable] = stamp
                seenAt[term.variable] = position
            }
        }
    }
}

/// nil when `value` is finite and within the magnitude limit.
private func badFiniteNumber(_ value: Double) -> ILPModelError.BadNumber? {
    if value.isNaN { return .notANumber }
    if value.isInfinite { return .infinite(value) }
    if abs(value) > ILPModel.maximumMagnitude { return .tooLarge(value) }
    return nil
}

/// nil when `value` is a usable bound: finite within the limit, or the one infinity that
/// means "absent" on this side.
private func badBound(_ value: Double, allowedInfinity: Double) -> ILPModelError.BadNumber? {
    value == allowedInfinity ? nil : badFiniteNumber(value)
}
