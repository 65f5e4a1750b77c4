import CodesignCore
import CostModels
import LinearProgramming
import MappingSearch

// The whole-network scheduling ILP (DESIGN.md, "Network scheduling"); the decisions and their
// exact scoring are in SchedulingProblem.swift.
//
// Decisions, per layer l: one candidate mapping; whether its weights stay resident across
// inferences and in which storage level (r[l][s]); whether its output tensor stays in the
// activation level (k[l]: from l to its last consumer, so that every consumer reads it on
// chip; this covers fusion with the next layer and also residual and concatenated tensors);
// and, for several chips, its pipeline stage. Removing traffic changes a layer's cycles
// through a max (compute vs. transfers), so each layer's few combinations (candidate x
// residency level x own output on chip x each producer's tensor on chip) are enumerated as
// binaries with their exact latency and energy precomputed by the cost model: no product of
// decisions and no max appears in the model, and the relaxation of one layer's choice is its
// convex hull. Capacity, per layer and per storage level: the weights resident there + the
// on-chip tensors alive during the layer (activation level) + the option's own tiles there
// <= the level's capacity. With nothing resident and nothing on chip every candidate fits
// (its tiles fit by construction, and the capacity rows' margin never cuts off a tile
// alone), so the layer-by-layer schedule is always feasible.
//
// Units inside the model: microseconds, microjoules and KiB, so that coefficients stay far
// from GLPK's absolute tolerances; results are converted back to SI and scored exactly.

// MARK: - The ILP

/// A sparse linear expression that merges repeated variables.
struct LinearExpression: Sendable {
    private(set) var coefficients: [Int: Double] = [:]

    mutating func add(_ variable: Int, _ coefficient: Double) {
        guard coefficient != 0 else { return }
        coefficients[variable, default: 0] += coefficient
    }

    mutating func add(_ other: LinearExpression, times factor: Double = 1) {
        for (variable, coefficient) in other.coefficients { add(variable, coefficient * factor) }
    }

    /// Terms in variable order (deterministic models), exact zeros dropped.
    var terms: [ILPModel.Term] {
        coefficients.keys.sorted().compactMap { key in
            let c = coefficients[key]!
            return c == 0 ? nil : ILPModel.Term(key, c)
        }
    }
}

/// What a phase of the lexicographic solve minimises.
enum ScheduleGoal: String, Sendable {
    /// One inference's latency: the layers plus chip-to-chip transfers.
    case latency = "latency_s"
    case energy = "energy_j"
    /// The slowest pipeline stage (equals `latency` on one chip).
    case bottleneck = "bottleneck_stage_s"
}


/// One way a layer can run: a candidate and its on-chip choices, with its exact figures
/// precomputed, so that the max() in a layer's cycles never appears in the model and the LP
/// relaxation of each layer's choice is its convex hull.
struct LayerOption: Sendable {
    var candidate: Int
    /// Storage level (problem order) keeping the layer's weights, or nil.
    var resident: Int?
    var outputOnChip: Bool
    /// Per producer (in `LayerProfile.producers` order): its tensor is read on chip.
    var inputsOnChip: [Bool]
    /// Model units: microseconds, microjoules, KiB.
    var latency: Double
    var energy: Double
    /// Per storage level, KiB: the option's tiles there, tensors kept whole not counted.
    var tile: [Double]
}

/// The scheduling ILP for one problem, built once; each phase sets its objective.
///
/// Variables: y[l][j] binary, one per option of layer l (candidate x residency level x own
/// output on chip x each producer's tensor on chip), exactly one per layer; r[l][s] (weights
/// resident in storage level s) and k[p] (tensor of p stays in the activation level)
/// continuous in [0, 1], tied to the options by equalities
/// (k[p] equals the choice of p and of every consumer of p, which is what makes a tensor
/// either on chip for all its readers or for none). With several chips: z[l][s] binary
/// (layer l on chip s, s <= l), b[l] binary (a stage ends after l), stage index growing by b;
/// resident bytes per chip and level through h[j][c][s] = r[j][s] and z[j][c], stage times through t[l][s] =
/// latency of l on its chip, transfers through e[l][s] = b[l] and z[l][s] (products
/// disaggregated: sum over s equals the factor, each part at most z); T >= every stage time
/// and T >= every layer's latency (valid, and it tightens the relaxation a lot).
struct ScheduleILP: Sendable {
    let problem: SchedulingProblem
    private(set) var base = ILPModel()
    private(set) var options: [[LayerOption]] = []
    private(set) var y: [[Int]] = []
    /// r[l][i]: weights of l resident in `problem.layers[l].residencyLevels[i]`.
    private(set) var resident: [[Int]] = []
    private(set) var onChip: [Int?] = []
    private(set) var stage: [[Int]] = []
    private(set) var bottleneck: Int?
    private var latencyExpression = LinearExpression()
    private var energyExpression = LinearExpression()
    private var layerLatency: [LinearExpression] = []
    /// Coefficients written by the rows that grow with the square of the layer count
    /// (capacity rows repeat every resident weight; long-lived tensors forbid cuts at every
    /// layer they span). Building stops once they pass the solver's limit, so a graph of
    /// thousands of layers costs neither the memory of a model no solver accepts nor the
    /// time to write it; the scheduler then reports the layer-by-layer schedule.
    private var quadraticTerms = 0
    private(set) var exceedsSizeLimit = false

    /// Model units per SI unit: microseconds, microjoules; capacities in KiB.
    static let timeScale = 1e6
    static let energyScale = 1e6
    static let bytesPerUnit = 1024.0
    /// Capacity rows leave 0.01 % spare: GLPK accepts a binary within 1e-5 of 0 or 1
    /// (`tol_int`), and the rounded schedule must still fit when scored exactly.
    static let capacityMargin = 1 - 1e-4
    /// Producers of one layer whose tensors may be read on chip: 2^n options per candidate,
    /// so beyond this the remaining producers' tensors go off chip.
    static let maximumOnChipInputs = 6

    /// Coefficients the quadratic rows may have (`exceedsSizeLimit` past it).
    let sizeLimit: Int

    init(problem: SchedulingProblem, sizeLimit: Int = ILPModel.maximumNonzeroCount) {
        self.problem = problem
        self.sizeLimit = sizeLimit
        build()
        if !exceedsSizeLimit, base.rows.reduce(0, { $0 + $1.terms.count }) > sizeLimit { exceedsSizeLimit = true }
    }

    func expression(_ goal: ScheduleGoal) -> LinearExpression {
        switch goal {
        case .latency: return latencyExpression
        case .energy: return energyExpression
        case .bottleneck:
            guard let bottleneck else { return latencyExpression }
            var e = LinearExpression()
            e.add(bottleneck, 1)
            return e
        }
    }

    /// The model minimising latency / `latency` + energy / `energy` (SI units): EDP's
    /// first-order change around a schedule with those figures (see `NetworkScheduler`).
    func model(minimisingLatencyOver latency: Double, plusEnergyOver energy: Double) -> ILPModel {
        var objective = LinearExpression()
        objective.add(latencyExpression, times: 1 / (latency * Self.timeScale))
        objective.add(energyExpression, times: 1 / (energy * Self.energyScale))
        var model = base
        model.objective = objective.terms
        return model
    }

    /// SI units per model unit of a goal's objective.
    static func siPerModelUnit(_ goal: ScheduleGoal) -> Double {
        goal == .energy ? 1 / energyScale : 1 / timeScale
    }

    /// The model minimising `goal`, optionally holding another goal at or below a value
    /// (the lexicographic second phase), optionally with the pipeline cut fixed.
    func model(minimising goal: ScheduleGoal, holding held: (goal: ScheduleGoal, atMost: Double)? = nil,
               stages fixed: [Int]? = nil) -> ILPModel {
        var model = base
        model.objective = expression(goal).terms
        if let held {
            model.addRow("hold_\(held.goal.rawValue)", expression(held.goal).terms, atMost: held.atMost)
        }
        if let fixed, !stage.isEmpty {
            for (l, zs) in stage.enumerated() {
                for (s, z) in zs.enumerated() {
                    let value = fixed[l] == s ? 1.0 : 0.0
                    model.variables[z].lowerBound = value
                    model.variables[z].upperBound = value
                }
            }
        }
        return model
    }

    /// Reads the decisions out of a solution's values.
    func decisions(from values: [Double]) -> ScheduleDecisions {
        let count = problem.layers.count
        var d = ScheduleDecisions(candidate: [], resident: Array(repeating: nil, count: count),
                                  outputOnChip: Array(repeating: false, count: count),
                                  stage: Array(repeating: 0, count: count))
        for l in 0..<count {
            var best = 0
            for j in y[l].indices where values[y[l][j]] > values[y[l][best]] { best = j }
            let option = options[l][best]
            d.candidate.append(option.candidate)
            d.resident[l] = option.resident
            d.outputOnChip[l] = option.outputOnChip
            if !stage.isEmpty {
                var s = 0
                for t in stage[l].indices where values[stage[l][t]] > values[stage[l][s]] { s = t }
                d.stage[l] = s
            }
        }
        return d
    }

    /// One chip: the variables' values that make `d` (a starting point for branch and
    /// bound). nil for a pipeline, whose stage variables this does not set, or when `d` asks
    /// for an option the model does not have (an input past `maximumOnChipInputs`).
    func values(for d: ScheduleDecisions) -> [Double]? {
        guard problem.stageCount == 1 else { return nil }
        var values = [Double](repeating: 0, count: base.variables.count)
        for (l, profile) in problem.layers.enumerated() {
            let output = onChip[l] != nil && d.outputOnChip[l]
            let inputs = profile.producers.map { onChip[$0] != nil && d.outputOnChip[$0] }
            guard let j = options[l].firstIndex(where: { $0.candidate == d.candidate[l] && $0.resident == d.resident[l]
                && $0.outputOnChip == output && $0.inputsOnChip == inputs }) else { return nil }
            values[y[l][j]] = 1
            if let s = d.resident[l], let i = profile.residencyLevels.firstIndex(of: s) { values[resident[l][i]] = 1 }
            if output, let k = onChip[l] { values[k] = 1 }
        }
        return values
    }

    // MARK: building

    private mutating func build() {
        let layers = problem.layers
        let count = layers.count
        let microsecondsPerCycle = Self.timeScale / problem.clockHz

        resident = layers.indices.map { l in
            layers[l].residencyLevels.map { s in
                base.addVariable("r_\(l)_\(problem.storage[s].name)", kind: .continuous, lowerBound: 0, upperBound: 1)
            }
        }
        onChip = layers.indices.map { l in
            layers[l].outputCanStayOnChip ? base.addVariable("k_\(l)", kind: .continuous, lowerBound: 0, upperBound: 1) : nil
        }

        for (l, profile) in layers.enumerated() {
            // Producers whose tensors this layer may read on chip; past the limit, the
            // producer's tensor is kept off chip altogether.
            var eligible: [Int] = []
            for (i, p) in profile.producers.enumerated() {
                guard let k = onChip[p] else { continue }
                if eligible.count < Self.maximumOnChipInputs {
                    eligible.append(i)
                } else {
                    base.variables[k].upperBound = 0
                }
            }
            var layerOptions: [LayerOption] = []
            let residencies: [Int?] = [nil] + profile.residencyLevels.map { Optional($0) }
            for m in profile.candidates.indices {
                for residency in residencies {
                    for outputStays in onChip[l] == nil ? [false] : [false, true] {
                        for mask in 0..<(1 << eligible.count) {
                            var inputs = [Bool](repeating: false, count: profile.producers.count)
                            for (bit, i) in eligible.enumerated() where mask & (1 << bit) != 0 { inputs[i] = true }
                            let removed = problem.removedBytes(layer: l, candidate: m, resident: residency,
                                                               outputOnChip: outputStays, inputsOnChip: inputs)
                            let cost = problem.cost(layer: l, candidate: m, removed: removed)
                            // Tensors alive during the layer are rows of their own (k[p]).
                            let tiles = problem.workingSet(layer: l, candidate: m, resident: residency,
                                                           outputOnChip: outputStays,
                                                           inputsOnChip: inputs,
                                                           liveOnChip: 0)
                            layerOptions.append(LayerOption(
                                candidate: m, resident: residency, outputOnChip: outputStays, inputsOnChip: inputs,
                                latency: cost.cycles * microsecondsPerCycle, energy: cost.energyJ * Self.energyScale,
                                tile: tiles.map { $0 / Self.bytesPerUnit }))
                        }
                    }
                }
            }
            options.append(layerOptions)
            let ys = layerOptions.indices.map { base.addVariable("y_\(l)_\($0)", kind: .binary) }
            y.append(ys)
            base.addRow("one_option_\(l)", ys.map { ILPModel.Term($0, 1) }, equalTo: 1)
            func link(_ variable: Int?, _ name: String, _ chosen: (LayerOption) -> Bool) {
                guard let variable else { return }
                var terms = [ILPModel.Term(variable, 1)]
                for (j, option) in layerOptions.enumerated() where chosen(option) { terms.append(ILPModel.Term(ys[j], -1)) }
                base.addRow(name, terms, equalTo: 0)
            }
            for (i, s) in profile.residencyLevels.enumerated() {
                link(resident[l][i], "resident_\(l)_\(problem.storage[s].name)") { $0.resident == s }
            }
            link(onChip[l], "output_on_chip_\(l)") { $0.outputOnChip }
            for i in eligible {
                link(onChip[profile.producers[i]], "input_on_chip_\(l)_from_\(profile.producers[i])") { $0.inputsOnChip[i] }
            }
            var latency = LinearExpression()
            for (j, option) in layerOptions.enumerated() {
                latency.add(ys[j], option.latency)
                energyExpression.add(ys[j], option.energy)
            }
            layerLatency.append(latency)
            latencyExpression.add(latency)
        }

        if problem.stageCount == 1 {
            for (s, level) in problem.storage.enumerated() {
                let capacity = level.capacityBytes / Self.bytesPerUnit * Self.capacityMargin
                let (residentWeights, residentMost) = residentBytes(in: s)
                for l in 0..<count {
                    var row = residentWeights
                    var most = residentMost
                    if s == problem.activationLevel {
                        for p in problem.liveTensors[l] {
                            row.add(onChip[p]!, layers[p].outputBytes / Self.bytesPerUnit)
                            most += layers[p].outputBytes / Self.bytesPerUnit
                        }
                    }
                    // Rows that cannot bind (nothing kept here to decide, or everything fits) are left out.
                    let largestTile = options[l].map { $0.tile[s] }.max() ?? 0
                    guard !row.coefficients.isEmpty, most + largestTile > capacity else { continue }
                    for (j, option) in options[l].enumerated() { row.add(y[l][j], option.tile[s]) }
                    guard withinSizeLimit(adding: row.coefficients.count) else { return }
                    // The margin never cuts off a tile alone: a candidate may fill the level
                    // exactly, and the layer-by-layer schedule must stay a point of the model.
                    base.addRow("capacity_\(l)_\(level.name)", row.terms, atMost: max(capacity, largestTile))
                }
            }
            return
        }
        buildPipeline()
    }

    /// Counts `terms` more coefficients of the quadratic rows; false (and the model marked
    /// too large) once they pass `sizeLimit`.
    private mutating func withinSizeLimit(adding terms: Int) -> Bool {
        quadraticTerms += terms
        if quadraticTerms > sizeLimit { exceedsSizeLimit = true }
        return !exceedsSizeLimit
    }

    /// Weights resident in storage level `s` (KiB, over r), and the most they can be.
    private func residentBytes(in s: Int) -> (LinearExpression, Double) {
        var expression = LinearExpression()
        var most = 0.0
        for (j, layer) in problem.layers.enumerated() {
            guard let i = layer.residencyLevels.firstIndex(of: s) else { continue }
            expression.add(resident[j][i], layer.weightBytes / Self.bytesPerUnit)
            most += layer.weightBytes / Self.bytesPerUnit
        }
        return (expression, most)
    }

    /// Stage assignment (contiguous, chip s runs stage s), per-chip and per-level capacity,
    /// stage times and the bottleneck T.
    private mutating func buildPipeline() {
        let layers = problem.layers
        let count = layers.count
        let stages = problem.stageCount
        for l in 0..<count {
            let zs = (0...min(l, stages - 1)).map { base.addVariable("z_\(l)_\($0)", kind: .binary) }
            stage.append(zs)
            base.addRow("one_stage_\(l)", zs.map { ILPModel.Term($0, 1) }, equalTo: 1)
        }
        var boundary: [Int] = []
        for l in 0..<(count - 1) {
            let b = base.addVariable("b_\(l)", kind: .binary)
            boundary.append(b)
            var row = LinearExpression()
            for (s, z) in stage[l + 1].enumerated() { row.add(z, Double(s)) }
            for (s, z) in stage[l].enumerated() { row.add(z, -Double(s)) }
            row.add(b, -1)
            base.addRow("stage_step_\(l)", row.terms, equalTo: 0)
        }
        // A tensor kept on chip never crosses a stage boundary.
        for p in 0..<count {
            guard let k = onChip[p], let last = layers[p].consumers.last else { continue }
            guard withinSizeLimit(adding: 2 * (last - p)) else { return }
            for j in p..<last {
                base.addRow("no_cut_in_tensor_\(p)_\(j)", [ILPModel.Term(k, 1), ILPModel.Term(boundary[j], 1)], atMost: 1)
            }
        }
        for (v, level) in problem.storage.enumerated() {
            let capacity = level.capacityBytes / Self.bytesPerUnit
            // Resident weights per chip in this level: h[j][c] = r[j][v] and z[j][c].
            var residentOnStage = [LinearExpression](repeating: LinearExpression(), count: stages)
            var residentMost = [Double](repeating: 0, count: stages)
            for j in 0..<count {
                guard let i = layers[j].residencyLevels.firstIndex(of: v) else { continue }
                var sum = [ILPModel.Term(resident[j][i], -1)]
                for (c, z) in stage[j].enumerated() {
                    let h = base.addVariable("h_\(j)_\(c)_\(level.name)", kind: .continuous, lowerBound: 0, upperBound: 1)
                    base.addRow("h_le_z_\(j)_\(c)_\(level.name)", [ILPModel.Term(h, 1), ILPModel.Term(z, -1)], atMost: 0)
                    sum.append(ILPModel.Term(h, 1))
                    residentOnStage[c].add(h, layers[j].weightBytes / Self.bytesPerUnit)
                    residentMost[c] += layers[j].weightBytes / Self.bytesPerUnit
                }
                base.addRow("h_sum_\(j)_\(level.name)", sum, equalTo: 0)
            }
            // Per layer and chip: the chip's resident weights here + the layer's working set
            // here fit when the layer runs there (big-M otherwise).
            for l in 0..<count {
                var workingSet = LinearExpression()
                var workingMost = 0.0
                if v == problem.activationLevel {
                    for p in problem.liveTensors[l] {
                        workingSet.add(onChip[p]!, layers[p].outputBytes / Self.bytesPerUnit)
                        workingMost += layers[p].outputBytes / Self.bytesPerUnit
                    }
                }
                for (j, option) in options[l].enumerated() { workingSet.add(y[l][j], option.tile[v]) }
                let largestTile = options[l].map { $0.tile[v] }.max() ?? 0
                for (c, z) in stage[l].enumerated() {
                    let bigM = residentMost[c] + workingMost + largestTile - capacity
                    guard bigM > 0, !residentOnStage[c].coefficients.isEmpty || workingMost > 0 else { continue }
                    var row = residentOnStage[c]
                    row.add(workingSet)
                    row.add(z, bigM)
                    guard withinSizeLimit(adding: row.coefficients.count) else { return }
                    base.addRow("capacity_\(l)_\(c)_\(level.name)", row.terms, atMost: capacity * Self.capacityMargin + bigM)
                }
            }
        }
        // Stage times: t[l][s] is the layer's latency on its own chip, 0 elsewhere; a transfer
        // after the last layer of a stage is charged to the sending chip.
        let bottleneck = base.addVariable("T", kind: .continuous, lowerBound: 0)
        self.bottleneck = bottleneck
        var stageTime = [LinearExpression](repeating: LinearExpression(), count: stages)
        for l in 0..<count {
            let latencyUpper = options[l].map(\.latency).max() ?? 0
            var sum = LinearExpression()
            sum.add(layerLatency[l], times: -1)
            for (s, z) in stage[l].enumerated() {
                let t = base.addVariable("t_\(l)_\(s)", kind: .continuous, lowerBound: 0)
                base.addRow("t_le_z_\(l)_\(s)", [ILPModel.Term(t, 1), ILPModel.Term(z, -latencyUpper)], atMost: 0)
                sum.add(t, 1)
                stageTime[s].add(t, 1)
            }
            base.addRow("t_sum_\(l)", sum.terms, equalTo: 0)
            // Valid: every layer runs within some stage.
            var covers = LinearExpression()
            covers.add(bottleneck, 1)
            covers.add(layerLatency[l], times: -1)
            base.addRow("T_covers_\(l)", covers.terms, atLeast: 0)
        }
        for l in 0..<(count - 1) {
            let out = problem.transfer(after: l)
            if out.seconds > 0 {
                var sum = [ILPModel.Term(boundary[l], -1)]
                for (s, z) in stage[l].enumerated() {
                    let e = base.addVariable("e_\(l)_\(s)", kind: .continuous, lowerBound: 0, upperBound: 1)
                    base.addRow("e_le_z_\(l)_\(s)", [ILPModel.Term(e, 1), ILPModel.Term(z, -1)], atMost: 0)
                    sum.append(ILPModel.Term(e, 1))
                    stageTime[s].add(e, out.seconds * Self.timeScale)
                }
                base.addRow("e_sum_\(l)", sum, equalTo: 0)
                latencyExpression.add(boundary[l], out.seconds * Self.timeScale)
            }
            if out.energyJ > 0 { energyExpression.add(boundary[l], out.energyJ * Self.energyScale) }
        }
        for s in 0..<stages {
            var row = LinearExpression()
            row.add(bottleneck, 1)
            row.add(stageTime[s], times: -1)
            base.addRow("bottleneck_\(s)", row.terms, atLeast: 0)
        }
    }
}
