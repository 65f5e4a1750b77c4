import CodesignCore
import CostModels
import LinearProgramming
import MappingSearch

/// Schedules a whole network on a design: per layer one of a few candidate mappings, weight
/// residency across inferences, activations kept on chip between layers, and for several
/// chips a contiguous pipeline split, chosen by an ILP (see NetworkScheduleILP.swift).
///
/// Objectives, all solved lexicographically (the second figure is minimised with the first
/// held at its optimum):
/// - `.latency`: one chip: latency, then energy. Several chips: the slowest stage (the
///   pipeline period, i.e. throughput), then one inference's latency.
/// - `.energy`: energy, then latency (one chip) or the slowest stage (several chips).
/// - `.edp`: energy x latency is not linear, and no ILP minimises it; this is a heuristic,
///   and the schedule is kept only if its product, scored exactly, beats the layer-by-layer
///   one. On one chip: linearisation. log(E x L) is concave in (E, L), so its tangent at the
///   layer-by-layer figures (E0, L0) lies above it, and the schedule minimising
///   E / E0 + L / L0 (one ILP, started from the layer-by-layer schedule) has a product no
///   larger than E0 x L0. Several chips: the latency-optimal schedule (the slowest stage)
///   with the least energy.
///
///   On one chip this replaced "latency-optimal, then the least energy" (issue 15; figures in
///   its notes): holding the latency optimum made the energy phase the hardest solve, and on
///   one demo design a schedule 0.14 % faster cost 13 % more energy. A second linearisation,
///   at the new schedule's figures, gained little for much more solve time, so there is one.
///
/// Whatever happens, the reported schedule is never worse on the objective than the
/// layer-by-layer one, which is feasible by construction; when the ILP gives nothing usable
/// (time limit before any solution), the layer-by-layer schedule is reported and the status
/// says so.
public struct NetworkScheduler: Sendable {
    public let accelerator: Accelerator
    public let model: LayerCostModel
    public let objective: MappingObjective
    public let candidatesPerLayer: Int
    public let timeLimitS: Double
    /// The mapper that generates candidates in `schedule(_:)` and `candidates(for:)`.
    public let mapper: MapperKind
    /// Fractions of each shared on-chip level's capacity that the built-in candidate
    /// generator lets the mapper fill. Smaller tiles leave room for resident weights and
    /// on-chip activations, which the full-capacity mapping (the layer-by-layer choice) does
    /// not; the schedule picks the trade-off.
    public var capacityBudgets: [Double] = [1, 1.0 / 4, 1.0 / 16, 1.0 / 64]

    /// Relative gap at which the ILP over a free pipeline split may stop: the relaxation of
    /// the split is weak, proving the last 0.1 % costs seconds and is worth nothing. Every
    /// other solve (one chip, or a fixed split) stops at `singleChipMIPGap`.
    public static let pipelineMIPGap = 1e-3
    /// Branch-and-bound nodes each solve may explore: the limit that normally ends a hard
    /// search, so the same inputs give the same schedule on every run (the time limit is
    /// only a safety net).
    public var nodeLimit = 1000
    /// The same for one chip or a fixed split: 1 % of the objective is far below the cost
    /// model's own accuracy, and closing it can take GLPK seconds on networks of 60+ layers.
    public static let singleChipMIPGap = 1e-2

    /// `ScheduleSolvePhase.minimised` of a linearised EDP solve.
    public static let linearisedEDPPhase = "edp_linearised"

    /// Coefficients of the scheduling ILP's rows that grow with the square of the layer
    /// count; a graph that needs more is scheduled layer by layer (lowered only by tests).
    var modelSizeLimit = ILPModel.maximumNonzeroCount

    public init(accelerator: Accelerator, objective: MappingObjective = .latency, candidatesPerLayer: Int = 3,
                timeLimitS: Double = 2, mapper: MapperKind = .search) throws(TechnologyError) {
        self.accelerator = accelerator
        self.mapper = mapper
        self.model = LayerCostModel(accelerator: accelerator, energy: try EnergyModel(accelerator: accelerator))
        self.objective = objective
        self.candidatesPerLayer = candidatesPerLayer
        self.timeLimitS = timeLimitS
    }

    // MARK: public API

    /// Generates candidates with `mapper` and schedules.
    public func schedule(_ network: Network) throws -> NetworkSchedule {
        try checkParameters()
        return try schedule(network, candidates: candidates(for: network))
    }

    /// Schedules with candidates from any mapper: one non-empty list per layer, in layer
    /// order, each scored by this design's `LayerCostModel` (`model`). The list's order does
    /// not matter; the layer-by-layer baseline takes the best by the objective.
    public func schedule(_ network: Network, candidates: [[MappingResult]]) throws -> NetworkSchedule {
        try checkParameters()
        let started = ContinuousClock.now
        let problem = try SchedulingProblem(network: network, candidates: candidates, model: model, objective: objective)
        let ilp = ScheduleILP(problem: problem, sizeLimit: modelSizeLimit)
        let baseline = problem.baselineDecisions()
        let baselineEvaluation = problem.evaluate(baseline)
        let errors = ilp.exceedsSizeLimit ? [] : ilp.base.validate()
        let sizeErrors = errors.filter(\.isSizeLimit)
        if ilp.exceedsSizeLimit || (!errors.isEmpty && sizeErrors.count == errors.count) {
            // Too large for any solver, not wrong: the layer-by-layer schedule, said so.
            let what = sizeErrors.first.map { "\($0)" } ?? "more than \(modelSizeLimit) non-zero coefficients"
            var info = ScheduleSolveInfo(
                status: .layerByLayerFallback,
                note: "layer-by-layer schedule reported: the scheduling ILP of these \(network.layers.count) layers would have \(what)",
                objective: nil, bound: nil, gap: nil,
                objectiveUnit: objective == .latency ? "s" : objective == .energy ? "J" : "J*s",
                solveTimeS: 0, variableCount: 0, integerVariableCount: 0, rowCount: 0, phases: [])
            info.solveTimeS = secondsSince(started)
            return makeSchedule(network: network, problem: problem, decisions: baseline, evaluation: baselineEvaluation,
                                baseline: baselineEvaluation, info: info)
        }
        if let first = errors.first {
            throw NetworkSchedulingError.invalidModel("\(errors.count) problem(s), first: \(first)")
        }

        let pipelined = problem.stageCount > 1
        let latencyGoal: ScheduleGoal = pipelined ? .bottleneck : .latency
        let linearisedEDP = objective == .edp && !pipelined
        let sequences: [[ScheduleGoal]] = switch objective {
        case .latency: [[latencyGoal, pipelined ? .latency : .energy]]
        case .energy: [[.energy, latencyGoal]]
        case .edp: linearisedEDP ? [] : [[latencyGoal, .energy]]
        }

        var found: [(decisions: ScheduleDecisions, evaluation: ScheduleEvaluation, run: SolveRun)] = []
        var phases: [ScheduleSolvePhase] = []
        var freeRuns: [SolveRun] = []
        var rejections: [String] = []
        func consider(_ run: SolveRun) {
            phases += run.phases
            guard let decisions = run.decisions else {
                if let note = run.note { rejections.append(note) }
                return
            }
            let evaluation = problem.evaluate(decisions)
            if let over = problem.overfullLevel(evaluation) {
                rejections.append("an ILP solution exceeds \(over.level)'s capacity on chip \(over.chip) when scored "
                    + "exactly (\(Int(over.peakBytes.rounded(.up))) of \(Int(over.capacityBytes)) bytes)")
                return
            }
            found.append((decisions, evaluation, run))
        }
        let (baselineLatencyS, baselineEnergyJ) = (baselineEvaluation.totals.latencyS, baselineEvaluation.totals.energyJ)
        if linearisedEDP, baselineLatencyS > 0, baselineEnergyJ > 0 {
            // See the type: one ILP, started from the layer-by-layer schedule it linearises at,
            // with GLPK's cuts (they close most of the shared capacity's gap at the root).
            let solution = try solveChecked(ilp.model(minimisingLatencyOver: baselineLatencyS, plusEnergyOver: baselineEnergyJ),
                                            timeLimitS: timeLimitS - secondsSince(started),
                                            relativeMIPGap: Self.singleChipMIPGap,
                                            startingPoint: ilp.values(for: baseline), cuts: .all)
            var run = SolveRun(goals: [], split: nil, decisions: nil, status: solution.status, note: nil, bound: nil,
                               phases: [phase(minimised: Self.linearisedEDPPhase, scale: 1, solution, split: nil)])
            if solution.status.hasSolution {
                run.decisions = ilp.decisions(from: solution.values)
            } else {
                run.note = "the linearised EDP ILP ended with status \(solution.status.rawValue)"
            }
            consider(run)
        }
        for (index, goals) in sequences.enumerated() {
            let sequenceStarted = ContinuousClock.now
            let budget = max(0, timeLimitS - secondsSince(started)) / Double(sequences.count - index)
            if pipelined {
                // Split heuristic: fix the split, solve the (then decomposed, fast) ILP, split
                // again on the layers' new latencies; a quarter of the budget at most. It
                // guarantees a good schedule when the free ILP cannot close its gap in time.
                var split = baseline.stage
                var tried: Set<[Int]> = []
                while !tried.contains(split) {
                    let remaining = budget / 4 - secondsSince(sequenceStarted)
                    guard remaining > 0.001 else { break }
                    tried.insert(split)
                    let run = try solve(ilp, goals: goals, split: split, cutoff: nil, timeLimitS: remaining)
                    consider(run)
                    guard let decisions = run.decisions else { break }
                    split = problem.bestSplit(latencyS: problem.evaluate(decisions).layers.map(\.cost.latencyS))
                }
            }
            // The free ILP only looks for schedules better than the heuristic's (a cutoff
            // row, as good as an incumbent for pruning); if there is none, that proves the
            // heuristic's primary figure optimal.
            let heuristic = found.filter { $0.run.goals == goals }
                .map { problem.value(of: goals[0], $0.evaluation) / ScheduleILP.siPerModelUnit(goals[0]) }.min()
            let reserve = pipelined ? budget / 10 : 0
            let run = try solve(ilp, goals: goals, split: nil, cutoff: heuristic.map { $0 + abs($0) * 1e-7 + 1e-7 },
                                timeLimitS: max(0.001, budget - reserve - secondsSince(sequenceStarted)))
            freeRuns.append(run)
            consider(run)
            // Polish: a time-limited free ILP leaves its secondary objective unoptimised; with
            // its split fixed, both phases are fast.
            if pipelined, !run.proven, let decisions = run.decisions {
                let remaining = budget - secondsSince(sequenceStarted)
                if remaining > 0.001 {
                    consider(try solve(ilp, goals: goals, split: decisions.stage, cutoff: nil, timeLimitS: remaining))
                }
            }
        }

        // The best schedule found: by the objective scored exactly, ties by the secondary
        // figure, then by the order found (deterministic).
        func better(_ a: ScheduleEvaluation, than b: ScheduleEvaluation) -> Bool {
            let (sa, sb) = (problem.score(a), problem.score(b))
            if abs(sa - sb) > 1e-9 * max(abs(sa), abs(sb)) { return sa < sb }
            return problem.secondaryScore(a) < problem.secondaryScore(b) * (1 - 1e-12)
        }
        var chosen: (decisions: ScheduleDecisions, evaluation: ScheduleEvaluation, run: SolveRun)?
        // Free-ILP schedules first, so that a tie keeps the one the ILP chose.
        let ordered = found.filter { $0.run.split == nil } + found.filter { $0.run.split != nil }
        for entry in ordered where chosen == nil || better(entry.evaluation, than: chosen!.evaluation) {
            chosen = entry
        }
        if let current = chosen, better(baselineEvaluation, than: current.evaluation) {
            // After a time limit, and for EDP (which neither linear objective minimises), the
            // layer-by-layer schedule can be the better one.
            rejections.append("the best ILP schedule (\(current.run.status.rawValue)) scores worse on "
                + "\(objective.rawValue) than the layer-by-layer one")
            chosen = nil
        }

        var info = ScheduleSolveInfo(
            status: .layerByLayerFallback, note: nil, objective: nil, bound: nil, gap: nil,
            objectiveUnit: objective == .latency ? "s" : objective == .energy ? "J" : "J*s",
            solveTimeS: 0, variableCount: ilp.base.variables.count,
            integerVariableCount: ilp.base.variables.filter { $0.kind != .continuous }.count,
            rowCount: ilp.base.rows.count, phases: phases)
        let decisions: ScheduleDecisions
        let evaluation: ScheduleEvaluation
        if let chosen {
            decisions = chosen.decisions
            evaluation = chosen.evaluation
            let score = problem.score(evaluation)
            info.objective = score
            var notes: [String] = []
            if let note = chosen.run.note { notes.append(note) }
            for run in freeRuns where run.split == nil && run.decisions != chosen.decisions {
                if let note = run.note, !notes.contains(note) { notes.append(note) }
            }
            if let split = chosen.run.split, !freeRuns.contains(where: { $0.decisions?.stage == split }) {
                notes.append("pipeline split from the split heuristic: the free ILP found no better one in time")
            }
            if objective == .edp {
                // No ILP minimises the product: no bound, and no claim of optimality.
                info.status = .feasible
                notes.append(linearisedEDP
                    ? "EDP is not linear: the schedule minimising its linearisation E/E0 + L/L0 at the layer-by-layer figures, scored exactly"
                    : "EDP is not linear: the latency-optimal schedule with the least energy, scored exactly")
            } else if let proof = freeRuns.first, let bound = proof.bound {
                info.bound = bound
                info.gap = max(0, score - bound) / max(1e-300, abs(score))
                // Optimal: within the gap the free ILP was asked to prove.
                info.status = info.gap! <= proof.tolerance ? .optimal : .feasible
            } else {
                info.status = .feasible
            }
            info.note = notes.isEmpty ? nil : notes.joined(separator: "; ")
        } else {
            decisions = baseline
            evaluation = baselineEvaluation
            info.note = "layer-by-layer schedule reported: " + (rejections.first ?? "the ILP gave no schedule")
        }
        info.solveTimeS = secondsSince(started)
        return makeSchedule(network: network, problem: problem, decisions: decisions, evaluation: evaluation,
                            baseline: baselineEvaluation, info: info)
    }

    /// Candidates per layer from `mapper`: one mapping per capacity budget, re-scored
    /// on the real design, reduced by `selectCandidates`. Layers of identical shape share
    /// their candidates.
    public func candidates(for network: Network) throws -> [[MappingResult]] {
        try checkParameters()
        let models = capacityBudgets.map(budgetModel)
        var cache: [Layer: [MappingResult]] = [:]
        var lists: [[MappingResult]] = []
        for layer in network.layers {
            let key = layer.shape
            if let cached = cache[key] {
                lists.append(cached)
                continue
            }
            let list = try candidates(for: layer, budgetModels: models)
            cache[key] = list
            lists.append(list)
        }
        return lists
    }

    /// Candidates for one layer (see `candidates(for:)`).
    public func candidates(for layer: Layer) throws -> [MappingResult] {
        try candidates(for: layer, budgetModels: capacityBudgets.map(budgetModel))
    }

    /// Reduces a pool of mappings of one layer to at most `candidatesPerLayer` distinct ones
    /// worth scheduling: duplicates go, then every mapping that another beats on both the
    /// objective and its on-chip footprint (a schedule could never prefer it); of the rest,
    /// the best by the objective, the smallest footprint, and evenly spaced ones between.
    public func selectCandidates(_ pool: [MappingResult], layer: Layer) -> [MappingResult] {
        var distinct: [(result: MappingResult, footprint: Int, order: Int)] = []
        for result in pool where !distinct.contains(where: { $0.result.mapping == result.mapping }) {
            distinct.append((result, footprintBytes(layer: layer, mapping: result.mapping), distinct.count))
        }
        distinct.sort { a, b in
            if objective.prefers(a.result.cost, over: b.result.cost) { return true }
            if objective.prefers(b.result.cost, over: a.result.cost) { return false }
            return (a.footprint, a.order) < (b.footprint, b.order)
        }
        var pareto: [MappingResult] = []
        var smallest = Int.max
        for entry in distinct where entry.footprint < smallest {
            pareto.append(entry.result)
            smallest = entry.footprint
        }
        let k = max(1, candidatesPerLayer)
        guard pareto.count > k else { return pareto }
        if k == 1 { return [pareto[0]] }
        var picked: [Int] = []
        for j in 0..<k {
            let index = Int((Double(j) * Double(pareto.count - 1) / Double(k - 1)).rounded())
            if !picked.contains(index) { picked.append(index) }
        }
        return picked.map { pareto[$0] }
    }

    // MARK: candidates

    private func checkParameters() throws(NetworkSchedulingError) {
        guard candidatesPerLayer >= 1 else { throw .invalidCandidatesPerLayer(candidatesPerLayer) }
        guard timeLimitS.isFinite, timeLimitS > 0 else { throw .invalidTimeLimit(timeLimitS) }
    }

    /// The design with every shared on-chip level shrunk to `fraction` of its capacity, for
    /// the mapper only; energies stay those of the real design.
    private func budgetModel(_ fraction: Double) -> LayerCostModel {
        var shrunk = accelerator
        for i in shrunk.memory.indices where shrunk.memory[i].scope == .shared && shrunk.memory[i].technology.isOnChip {
            if let size = shrunk.memory[i].sizeBytes, fraction < 1 {
                shrunk.memory[i].sizeBytes = max(1, Int((Double(size) * fraction).rounded(.down)))
            }
        }
        return LayerCostModel(accelerator: shrunk, energy: model.energy)
    }

    private func candidates(for layer: Layer, budgetModels: [LayerCostModel]) throws -> [MappingResult] {
        var pool: [MappingResult] = []
        for (i, budgetModel) in budgetModels.enumerated() {
            let found: MappingResult
            // The chosen mapper maps the full design; the smaller budgets, which only offer
            // the schedule smaller-footprint alternatives, use the fast search mapper (each
            // layer reports which mapper produced its mapping).
            let kind = i == 0 ? mapper : .search
            do {
                found = try kind.mapper(model: budgetModel, objective: objective).map(layer)
            } catch {
                // The full design's error is the layer's error; a smaller budget that cannot
                // hold the smallest tile only means no candidate from it.
                if i == 0 || budgetModel.accelerator == accelerator { throw error }
                continue
            }
            guard model.violations(of: found.mapping, for: layer).isEmpty || !layer.op.runsOnPEArray else { continue }
            var rescored = found
            rescored.cost = model.cost(of: layer, mapping: found.mapping)
            pool.append(rescored)
        }
        return selectCandidates(pool, layer: layer)
    }

    /// Bytes of a mapping's tiles in the shared on-chip levels (all instances).
    private func footprintBytes(layer: Layer, mapping: Mapping) -> Int {
        var bytes = 0
        for (index, level) in accelerator.memory.enumerated()
        where level.scope == .shared && level.technology.isOnChip && mapping.temporal.count == accelerator.memory.count {
            bytes += model.tileBytes(layer: layer, mapping: mapping, level: index) * level.instances
        }
        return bytes
    }

    // MARK: solving

    /// One lexicographic solve: its decisions (nil when the ILP gave none) and what happened.
    private struct SolveRun {
        var goals: [ScheduleGoal]
        /// The fixed pipeline split, or nil for the free ILP.
        var split: [Int]?
        var decisions: ScheduleDecisions?
        var status: ILPSolution.Status
        var note: String?
        /// Phase one's bound on the primary objective, SI units.
        var bound: Double?
        /// Phase one proved that no schedule beats `bound` by more than `tolerance` (relative).
        var proven = false
        var tolerance = 1e-6
        var phases: [ScheduleSolvePhase]
    }

    /// Minimises `goals[0]` (below `cutoff`, in model units, if given), then, if that was
    /// proven optimal (within the gap asked for) and time remains, `goals[1]` with `goals[0]`
    /// held at the value found. A cutoff that leaves the model infeasible proves the cutoff
    /// optimal for `goals[0]`.
    private func solve(_ ilp: ScheduleILP, goals: [ScheduleGoal], split: [Int]?, cutoff: Double?,
                       timeLimitS: Double) throws -> SolveRun {
        let started = ContinuousClock.now
        let primary = goals[0]
        let scale = ScheduleILP.siPerModelUnit(primary)
        let gap = ilp.problem.stageCount > 1 && split == nil ? Self.pipelineMIPGap : Self.singleChipMIPGap
        // The free pipeline split is the hard search: it gets more nodes.
        let nodes = ilp.problem.stageCount > 1 && split == nil ? nodeLimit * 5 : nodeLimit
        let first = try solveChecked(ilp.model(minimising: primary, holding: cutoff.map { (primary, $0) }, stages: split),
                                     timeLimitS: timeLimitS, relativeMIPGap: gap, nodes: nodes)
        var run = SolveRun(goals: goals, split: split, decisions: nil, status: first.status, note: nil,
                           bound: first.bound.map { $0 * scale }, phases: [phase(primary, first, split: split)])
        run.tolerance = gap + 1e-6
        let optimum: Double
        if first.status == .infeasible, let cutoff {
            optimum = cutoff
            run.bound = cutoff * scale
            run.proven = true
        } else if first.status.hasSolution, let objective = first.objective {
            optimum = objective
            run.decisions = ilp.decisions(from: first.values)
            // Proven: optimal, or stopped by the gap asked for (not by the time limit).
            run.proven = first.status == .optimal || (gap > 0 && (first.gap ?? .infinity) <= gap + 1e-9)
            if !run.proven {
                run.note = "work or time limit: \(primary.rawValue) not proven optimal"
                    + (first.gap.map { " (ILP gap \($0))" } ?? "") + ", secondary objective not optimised"
                return run
            }
            if first.status == .optimal {
                run.bound = objective * scale
            } else {
                // Stopped by the gap: GLPK stops only once |incumbent - its bound| <= gap x
                // |incumbent|, and its own bound can be fresher than the last one reported.
                run.bound = max(run.bound ?? -.infinity, objective * (1 - gap) * scale)
            }
        } else {
            run.note = "the ILP minimising \(primary.rawValue) ended with status \(first.status.rawValue)"
                + (cutoff == nil ? "" : " (searching below the split heuristic's value)")
            return run
        }
        guard goals.count > 1 else { return run }
        let secondary = goals[1]
        let remaining = timeLimitS - secondsSince(started)
        guard remaining > 0.001 else {
            run.note = "time limit reached before the secondary objective (\(secondary.rawValue)) could be optimised"
            return run
        }
        // Hold the primary at its optimum, with room for GLPK's tolerances.
        let held = first.status == .infeasible ? optimum : optimum + abs(optimum) * 1e-7 + 1e-7
        // The first phase's solution satisfies the held row, so it starts the second phase:
        // a node limit then always leaves at least that schedule.
        let secondModel = ilp.model(minimising: secondary, holding: (primary, held), stages: split)
        let start = first.values.count == secondModel.variables.count ? first.values : nil
        let second = try solveChecked(secondModel, timeLimitS: remaining, relativeMIPGap: gap, nodes: nodes,
                                      startingPoint: start)
        run.phases.append(phase(secondary, second, split: split))
        if second.status.hasSolution {
            run.decisions = ilp.decisions(from: second.values)
            if second.status != .optimal && !(gap > 0 && (second.gap ?? .infinity) <= gap + 1e-9) {
                run.note = "work or time limit: secondary objective (\(secondary.rawValue)) not proven optimal"
            }
        } else {
            run.note = "secondary objective (\(secondary.rawValue)) not optimised: status \(second.status.rawValue)"
        }
        return run
    }

    private func solveChecked(_ model: ILPModel, timeLimitS: Double, relativeMIPGap: Double = 0,
                              nodes: Int? = nil, startingPoint: [Double]? = nil,
                              cuts: GLPKSolver.CutGenerators = []) throws -> ILPSolution {
        let nodeLimit = nodes ?? self.nodeLimit
        do {
            let started = ContinuousClock.now
            let solution = try GLPKSolver(relativeMIPGap: relativeMIPGap, nodeLimit: nodeLimit, cuts: cuts)
                .solveSync(model, timeLimitS: max(0, timeLimitS), startingPoint: startingPoint)
            // Out of nodes before any solution: one more search with ten times the nodes (a
            // fixed rule, so the result stays reproducible), if the time limit allows.
            let remaining = timeLimitS - secondsSince(started)
            if solution.status == .timeLimit, remaining > 0.001 {
                return try GLPKSolver(relativeMIPGap: relativeMIPGap, nodeLimit: nodeLimit * 10, cuts: cuts)
                    .solveSync(model, timeLimitS: remaining, startingPoint: startingPoint)
            }
            return solution
        } catch {
            switch error {
            case .invalidModel(let errors):
                throw NetworkSchedulingError.invalidModel("\(errors.count) problem(s), first: \(errors.first.map { "\($0)" } ?? "?")")
            case .invalidTimeLimit(let seconds):
                throw NetworkSchedulingError.invalidTimeLimit(seconds)
            case .solverFailure(let message):
                throw NetworkSchedulingError.solverFailure(message)
            }
        }
    }

    private func phase(_ goal: ScheduleGoal, _ solution: ILPSolution, split: [Int]?) -> ScheduleSolvePhase {
        phase(minimised: goal.rawValue, scale: ScheduleILP.siPerModelUnit(goal), solution, split: split)
    }

    /// A solve's record: its objective and bound times `scale` (model units to reported ones).
    private func phase(minimised: String, scale: Double, _ solution: ILPSolution, split: [Int]?) -> ScheduleSolvePhase {
        ScheduleSolvePhase(minimised: minimised, fixedSplit: split != nil, ilpStatus: solution.status.rawValue,
                           objective: solution.objective.map { $0 * scale },
                           bound: solution.bound.map { $0 * scale }, gap: solution.gap,
                           solveTimeS: solution.solveTimeS)
    }

    // MARK: result

    private func makeSchedule(network: Network, problem: SchedulingProblem, decisions d: ScheduleDecisions,
                              evaluation: ScheduleEvaluation, baseline: ScheduleEvaluation,
                              info: ScheduleSolveInfo) -> NetworkSchedule {
        var layers: [ScheduledLayer] = []
        let activationLevel = problem.activationLevel.map { problem.storage[$0].name }
        for (l, profile) in problem.layers.enumerated() {
            let figures = evaluation.layers[l]
            let onChipInputs = profile.producers.filter { d.outputOnChip[$0] && problem.layers[$0].outputCanStayOnChip }
            let resident = d.resident[l].flatMap { profile.residencyLevels.contains($0) ? $0 : nil }
            let outputStays = d.outputOnChip[l] && profile.outputCanStayOnChip
            layers.append(ScheduledLayer(
                layer: profile.layer, candidateIndex: d.candidate[l], candidateCount: profile.candidates.count,
                result: profile.candidates[d.candidate[l]].result,
                weightsResident: resident != nil, residentLevel: resident.map { problem.storage[$0].name },
                outputStaysOnChip: outputStays,
                activationLevel: outputStays || !onChipInputs.isEmpty ? activationLevel : nil,
                onChipInputs: onChipInputs.map { problem.layers[$0].layer.name },
                fusedWithPredecessor: l > 0 && onChipInputs.contains(l - 1),
                stage: d.stage[l], cycles: figures.cost.cycles, latencyS: figures.cost.latencyS,
                energyJ: figures.cost.energyJ, offChipBytes: figures.cost.offChipBytes,
                offChipBytesRemovedByOperand: figures.removedOffChipByOperand,
                bottleneck: figures.cost.bottleneck, workingSetBytesByLevel: figures.workingSetBytes,
                cost: figures.cost))
        }
        return NetworkSchedule(
            designName: accelerator.name, networkName: network.name, objective: objective, chips: accelerator.chips,
            onChipCapacityBytes: accelerator.onChipSharedBytes, onChipLevels: problem.storage.map(\.name),
            layers: layers, stages: evaluation.stages,
            totals: evaluation.totals, baseline: baseline.totals,
            weightBytes: problem.layers.reduce(0) { $0 + $1.weightBytes },
            residentWeightBytes: evaluation.residentWeightBytes, streamedWeightBytes: evaluation.streamedWeightBytes,
            solve: info)
    }
}

private func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}
