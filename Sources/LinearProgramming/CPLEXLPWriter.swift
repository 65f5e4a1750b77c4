extension ILPModel {
    /// The model in CPLEX-LP format, for `--dump-lp DIR`: a file people can read and that
    /// GLPK (`glpsol --lp`), CPLEX, Gurobi, HiGHS or CBC can solve to reproduce a result.
    ///
    /// The text is deterministic (same model, same bytes) and written for the strictest
    /// common reader, GLPK's:
    /// - names become LP-legal identifiers: characters other than ASCII letters, digits,
    ///   `_` and `.` turn into `_`; a name that starts with a digit, `.`, `e`/`E` (read as
    ///   an exponent by some readers) or equals a keyword gets a leading `_`; empty names
    ///   become `x_<index>` / `r_<index>`; repeats get `_<index>`;
    /// - every variable appears in the objective, in index order (with coefficient 0 if
    ///   need be), so a reader creates the columns in model order and keeps unused ones;
    /// - a ranged row `lb ≤ expr ≤ ub` becomes two rows `<name>_lo` and `<name>_hi`
    ///   (GLPK's reader takes one relation per row); a row with no finite bound is left out
    ///   with a comment;
    /// - the objective constant, which the LP format cannot state, is carried by a
    ///   variable `objective_constant` fixed at 1;
    /// - numbers print in shortest round-trip form, integers without a decimal point.
    ///
    /// An invalid model is still written (it is worth seeing), behind a warning comment;
    /// readers may refuse it.
    public func cplexLP() -> String {
        CPLEXLPWriter(model: self).text()
    }
}

struct CPLEXLPWriter {
    let model: ILPModel
    private let variableNames: [String]
    /// Column holding the objective constant, when the constant is non-zero.
    private let constantName: String?
    /// Stand-in variable for empty linear forms when the model has no variables at all.
    private let placeholderName: String?
    /// One entry per model row: the names its relations are written under.
    private let rowNames: [[String]]

    init(model: ILPModel) {
        self.model = model
        var columns = LPNameTable()
        variableNames = model.variables.indices.map {
            columns.unique(model.variables[$0].name, index: $0, fallbackPrefix: "x_")
        }
        constantName = model.objectiveConstant == 0 ? nil
            : columns.unique("objective_constant", index: model.variables.count, fallbackPrefix: "x_")
        placeholderName = model.variables.isEmpty
            ? columns.unique("placeholder", index: model.variables.count + 1, fallbackPrefix: "x_") : nil
        var rowTable = LPNameTable()
        rowNames = model.rows.indices.map { index in
            let row = model.rows[index]
            let base = LPNameTable.sanitised(row.name) ?? "r_\(index)"
            let ranged = row.lowerBound.isFinite && row.upperBound.isFinite && row.lowerBound != row.upperBound
            if ranged {
                return [rowTable.unique(base + "_lo", index: index, fallbackPrefix: "r_"),
                        rowTable.unique(base + "_hi", index: index, fallbackPrefix: "r_")]
            }
            return [rowTable.unique(base, index: index, fallbackPrefix: "r_")]
        }
    }

    func text() -> String {
        var out = "\\* ILP model: \(model.variables.count) variables, \(model.rows.count) rows, "
            + "\(model.rows.reduce(0) { $0 + $1.terms.count }) non-zeros *\\\n"
        let problems = model.validate()
        if !problems.isEmpty {
            out += "\\* WARNING: the model fails validation (\(problems.count) problems); readers may refuse it *\\\n"
        }
        out += model.sense == .minimize ? "Minimize\n" : "Maximize\n"
        out += objectiveLines()
        out += "Subject To\n"
        out += constraintLines()
        let bounds = boundLines()
        if !bounds.isEmpty { out += "Bounds\n" + bounds }
        let generals = model.variables.indices.filter { model.variables[$0].kind == .integer }
        if !generals.isEmpty { out += "Generals\n" + generals.map { " \(variableNames[$0])\n" }.joined() }
        let binaries = model.variables.indices.filter { model.variables[$0].kind == .binary }
        if !binaries.isEmpty { out += "Binaries\n" + binaries.map { " \(variableNames[$0])\n" }.joined() }
        out += "End\n"
        return out
    }

    private func objectiveLines() -> String {
        var coefficients = [Double](repeating: 0, count: model.variables.count)
        var outOfRange: [(String, Double)] = []
        for term in model.objective {
            if coefficients.indices.contains(term.variable) {
                coefficients[term.variable] += term.coefficient
            } else {
                outOfRange.append((missingName(term.variable), term.coefficient))
            }
        }
        var terms = zip(variableNames, coefficients).map { lpTerm($1, $0) }
        terms += outOfRange.map { lpTerm($1, $0) }
        if let constantName { terms.append(lpTerm(model.objectiveConstant, constantName)) }
        if let placeholderName { terms.append(lpTerm(0, placeholderName)) }
        return wrapped(" obj:", terms, tail: nil)
    }

    private func constraintLines() -> String {
        var out = ""
        for (index, row) in model.rows.enumerated() {
            var terms = row.terms.map { term in
                lpTerm(term.coefficient, model.variables.indices.contains(term.variable)
                       ? variableNames[term.variable] : missingName(term.variable))
            }
            if terms.isEmpty { terms = [lpTerm(0, variableNames.first ?? placeholderName!)] }
            let names = rowNames[index]
            let lower = row.lowerBound, upper = row.upperBound
            switch (lower.isFinite, upper.isFinite) {
            case (false, false):
                out += " \\* row \(names[0]) has no finite bound; omitted *\\\n"
            case (true, false):
                out += wrapped(" \(names[0]):", terms, tail: " >= \(lpNumber(lower))")
            case (false, true):
                out += wrapped(" \(names[0]):", terms, tail: " <= \(lpNumber(upper))")
            case (true, true) where lower == upper:
                out += wrapped(" \(names[0]):", terms, tail: " = \(lpNumber(lower))")
            case (true, true):
                out += wrapped(" \(names[0]):", terms, tail: " >= \(lpNumber(lower))")
                out += wrapped(" \(names[1]):", terms, tail: " <= \(lpNumber(upper))")
            }
        }
        if model.rows.isEmpty {
            // The format requires at least one constraint; this one always holds.
            out += " \\* the model has no rows *\\\n"
            out += wrapped(" no_rows:", [lpTerm(0, variableNames.first ?? placeholderName!)], tail: " >= 0")
        }
        return out
    }

    private func boundLines() -> String {
        var out = ""
        for (index, variable) in model.variables.enumerated() {
            let name = variableNames[index]
            let lower = variable.lowerBound, upper = variable.upperBound
            let isDefault = variable.kind == .binary ? (lower == 0 && upper == 1) : (lower == 0 && upper == .infinity)
            if isDefault { continue }
            if lower == -.infinity && upper == .infinity {
                out += " \(name) free\n"
            } else if lower == upper {
                out += " \(name) = \(lpNumber(lower))\n"
            } else if upper == .infinity {
                out += " \(name) >= \(lpNumber(lower))\n"
            } else if lower == -.infinity {
                out += " -inf <= \(name) <= \(lpNumber(upper))\n"
            } else {
                out += " \(lpNumber(lower)) <= \(name) <= \(lpNumber(upper))\n"
            }
        }
        if let constantName { out += " \(constantName) = 1\n" }
        if let placeholderName { out += " \(placeholderName) = 0\n" }
        return out
    }

    /// Name for a term whose variable index is out of range (invalid models only).
    private func missingName(_ variable: Int) -> String {
        "_missing_variable_\(variable < 0 ? "m\(-variable)" : "\(variable)")"
    }

    /// Joins `head`, the terms and `tail` into lines of at most about 80 characters;
    /// continuation lines start with a space, so no term is ever read as a keyword.
    private func wrapped(_ head: String, _ terms: [String], tail: String?) -> String {
        var out = ""
        var line = head
        for piece in terms + (tail.map { [$0] } ?? []) {
            if line.count + piece.count > 80 && line != head {
                out += line + "\n"
                line = ""
            }
            line += piece
        }
        return out + line + "\n"
    }
}

/// ` + 3 x`, ` - x`, ` + 0 x`: one signed term as the LP format spells it.
private func lpTerm(_ coefficient: Double, _ name: String) -> String {
    if coefficient == 1 { return " + \(name)" }
    if coefficient == -1 { return " - \(name)" }
    if coefficient < 0 { return " - \(lpNumber(-coefficient)) \(name)" }
    return " + \(lpNumber(coefficient)) \(name)"
}

/// Shortest text that reads back to the same double; integral values without ".0".
func lpNumber(_ value: Double) -> String {
    if value == 0 { return "0" }
    if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// Hands out unique LP-legal names in a deterministic order.
struct LPNameTable {
    /// Words some LP reader treats specially; a name equal to one (any case) gets a `_`.
    static let keywords: Set<String> = [
        "minimize", "minimise", "minimum", "min", "maximize", "maximise", "maximum", "max",
        "subject", "such", "st", "s.t.", "st.", "bounds", "bound", "general", "generals", "gen",
        "integer", "integers", "int", "binary", "binaries", "bin", "semi", "semis",
        "semi-continuous", "sos", "end", "free", "inf", "infinity",
    ]
    /// GLPK's reader stops at 255 characters; leave room for a `_<index>` suffix.
    static let maximumBaseLength = 200

    private var used: Set<String> = []

    /// An LP-legal version of `raw`, or nil when nothing usable remains (empty name).
    static func sanitised(_ raw: String) -> String? {
        var name = String(String.UnicodeScalarView(raw.unicodeScalars.prefix(maximumBaseLength).map {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == ".")
                ? $0 : "_"
        }))
        guard let first = name.unicodeScalars.first else { return nil }
        if ("0"..."9").contains(first) || first == "." || first == "e" || first == "E"
            || keywords.contains(name.lowercased()) {
            name = "_" + name
        }
        return name
    }

    mutating func unique(_ raw: String, index: Int, fallbackPrefix: String) -> String {
        let base = Self.sanitised(raw) ?? "\(fallbackPrefix)\(index)"
        var candidate = base
        var attempt = 1
        while used.contains(candidate) {
            candidate = attempt == 1 ? "\(base)_\(index)" : "\(base)_\(index)_\(attempt)"
            attempt += 1
        }
        used.insert(candidate)
        return candidate
    }
}
