import CGLPK

/// Copies a validated `ILPModel` into a GLPK problem.
///
/// Only call with a model whose `validate()` is empty: GLPK aborts the process on
/// out-of-range or duplicate indices, and this code relies on that check instead of
/// repeating it. Names are not passed (GLPK would abort on names longer than 255 bytes or
/// with control characters, and solving does not need them). The matrix goes in with one
/// `glp_load_matrix` call from triplet arrays, the cheapest way in.
enum GLPKProblemLoader {
    static func load(_ model: ILPModel, into problem: OpaquePointer) {
        glp_set_obj_dir(problem, model.sense == .minimize ? GLP_MIN : GLP_MAX)
        if !model.variables.isEmpty { glp_add_cols(problem, Int32(model.variables.count)) }
        if !model.rows.isEmpty { glp_add_rows(problem, Int32(model.rows.count)) }

        for (index, variable) in model.variables.enumerated() {
            let column = Int32(index + 1)
            // GLP_IV, never GLP_BV: GLP_BV would overwrite the bounds with [0, 1] and so
            // unfix a binary the caller fixed through its bounds.
            if variable.kind != .continuous { glp_set_col_kind(problem, column, GLP_IV) }
            let bounds = GLPKBounds(lower: variable.lowerBound, upper: variable.upperBound)
            glp_set_col_bnds(problem, column, bounds.type, bounds.lower, bounds.upper)
        }
        var nonzeroCount = 0
        for (index, row) in model.rows.enumerated() {
            let bounds = GLPKBounds(lower: row.lowerBound, upper: row.upperBound)
            glp_set_row_bnds(problem, Int32(index + 1), bounds.type, bounds.lower, bounds.upper)
            nonzeroCount += row.terms.count
        }
        for term in model.objective where term.coefficient != 0 {
            glp_set_obj_coef(problem, Int32(term.variable + 1), term.coefficient)
        }
        glp_set_obj_coef(problem, 0, model.objectiveConstant)

        // GLPK arrays are 1-based: slot 0 is unused.
        var rowIndices = [Int32](repeating: 0, count: 1)
        var columnIndices = [Int32](repeating: 0, count: 1)
        var values = [Double](repeating: 0, count: 1)
        rowIndices.reserveCapacity(nonzeroCount + 1)
        columnIndices.reserveCapacity(nonzeroCount + 1)
        values.reserveCapacity(nonzeroCount + 1)
        for (index, row) in model.rows.enumerated() {
            for term in row.terms where term.coefficient != 0 {
                rowIndices.append(Int32(index + 1))
                columnIndices.append(Int32(term.variable + 1))
                values.append(term.coefficient)
            }
        }
        let loaded = Int32(values.count - 1)
        if loaded > 0 {
            glp_load_matrix(problem, loaded, rowIndices, columnIndices, values)
        }
    }
}

/// A lower/upper pair in GLPK's encoding: a bound type plus the values it reads.
///
/// Equal bounds become `GLP_FX` because GLPK rejects a `GLP_DB` pair with lb ≥ ub.
struct GLPKBounds {
    let type: Int32
    let lower: Double
    let upper: Double

    init(lower: Double, upper: Double) {
        switch (lower.isInfinite, upper.isInfinite) {
        case (true, true): (type, self.lower, self.upper) = (GLP_FR, 0, 0)
        case (true, false): (type, self.lower, self.upper) = (GLP_UP, 0, upper)
        case (false, true): (type, self.lower, self.upper) = (GLP_LO, lower, 0)
        case (false, false):
            (type, self.lower, self.upper) = lower == upper ? (GLP_FX, lower, lower) : (GLP_DB, lower, upper)
        }
    }
}
