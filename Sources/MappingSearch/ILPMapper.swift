import CodesignCore
import CostModels
import Foundation
import LinearProgramming

/// The per-layer ILP mapper: CoSA's formulation (Huang et al., "CoSA: Scheduling by
/// Constrained Optimization for Spatial Accelerators", ISCA 2021) made solvable by GLPK.
///
/// Every loop bound is split into prime factors; an integer count per (dimension, prime,
/// slot) places the factors in the Mapspace's slots (counts rather than one binary per
/// factor, so identical factors are never permuted and branch and bound stays small). Products become sums of logarithms, so the array-axis
/// fan-out and the per-operand buffer capacities are linear rows. The objective is CoSA's
/// log-domain blend of compute (temporal iterations) and traffic (per level, the operand
/// tiles refetched for every iteration above them), weighted towards traffic for the energy
/// objective and towards compute for latency.
///
/// The ILP proposes; the exact cost model decides: the ILP is solved under several traffic
/// weights (re-weighted objectives), every proposal is scored under every loop order, and
/// the best ones are polished by moving single prime factors between slots while the exact
/// objective improves.
public struct ILPMapper: Sendable {
    public let model: LayerCostModel
    public let objective: MappingObjective
    /// Time limit of each GLPK solve: a safety net; `nodeLimit` normally ends a hard solve
    /// first, so that the same layer always gets the same mapping.
    public var timeLimitPerSolveS = 10.0
    /// Branch-and-bound nodes per solve.
    public var nodeLimit = 2000
    /// Relative gap at which each solve may stop: the log-domain objective is a proxy, so
    /// proving its last percent buys nothing the exact model does not re-decide.
    public var relativeMIPGap = 0.01
    /// Branch-and-bound nodes of each padded-extent solve: its proposals are polished by the
    /// exact model anyway; 10 nodes keep a layer's mapping as fast as without padding
    /// (`make bench`) and lose nothing on the quality table (ILPQualityTests).
    public var paddedNodeLimit = 10
    /// Padded spaces up to which each one also gets an ILP solve of its own.
    public var maxSpacesSolvedSeparately = 16
    /// Padded spaces whose best start is polished, and into which the best point is
    /// carried, best-scored first (each costs two polishing runs).
    public var paddedSpacesExplored = 3
    /// Exact-model evaluations each polishing run may spend.
    public var polishBudget = 1500
    /// Distinct ILP proposals polished, best first.
    public var startsPolished = 2
    /// Random two-factor kicks of the best point, each re-polished.
    public var kicks = 8
    /// When set, receives every ILP solved, named `<layer>-v<solve>.lp`, as CPLEX-LP text:
    /// a user checks the formulation with another solver (`map --dump-lp`). The mapper
    /// writes no file itself, so a write error is the caller's to report.
    public var lpReceiver: (@Sendable (_ name: String, _ cplexLP: String) -> Void)?
    /// The mapspace pads a bound only to multiples of an array axis's divisors; the search
    /// heuristic also pads temporal loops to fit a buffer, outside the mapspace. When set,
    /// a heuristic mapping outside the mapspace that beats the ILP's is reported instead,
    /// as mapper "search". Off to measure the ILP against the exhaustive optimum of the
    /// same mapspace.
    public var keepsBetterHeuristic = true

    public init(model: LayerCostModel, objective: MappingObjective = .edp) {
        self.model = model
        self.objective = objective
    }

    /// Traffic weights of the log-domain objective (compute has weight 1), per objective.
    var trafficWeights: [Double] {
        switch objective {
        case .latency: [0.25, 1, 0.05]
        case .energy: [4, 1, 16]
        case .edp: [1, 0.25, 4]
        }
    }

    public func map(_ layer: Layer) throws(MappingError) -> MappingResult {
        let start = ContinuousClock.now
        let search = SearchMapper(model: model, objective: objective)
        if !layer.op.runsOnPEArray { return try search.map(layer) }
        try search.checkFeasibility(of: layer)

        let spaces = Mapspace.paddedSpaces(layer: layer, accelerator: model.accelerator)
        // Variants: each traffic weight with buffers shared equally between the operands they
        // hold, then the first weight with weights given most of every buffer (the log-domain
        // rows cannot express a shared budget, so the split is a parameter).
        var variants: [(formulation: ILPFormulation, weight: Double)] = []
        let equal = ILPFormulation(spaces: spaces, model: model, capacityWeights: [1, 1, 1])
        for weight in trafficWeights { variants.append((equal, weight)) }
        for favoured in [Operand.weights] {
            var shares = [1.0, 1.0, 1.0]
            shares[favoured.position] = 6
            variants.append((ILPFormulation(spaces: spaces, model: model, capacityWeights: shares), trafficWeights[0]))
        }
        // The variants run on the exact factorisation. Padded extents get one solve that
        // chooses them freely, at the first weight and `paddedNodeLimit` (a binary per extent
        // weakens the relaxation, and branch and bound would spend most of a layer's time
        // there), and, with a few padded spaces, each space a solve of its own with its
        // extents fixed, at the same limit: the log-domain objective sees padding only
        // as more iterations, so the free choice alone can settle on a space whose best point
        // it cannot see.
        let padded = spaces.count > 1
        var solves = variants.map { (formulation: $0.formulation, weight: $0.weight, space: padded ? Int?(0) : nil, padded: false) }
        if padded {
            solves.append((equal, trafficWeights[0], nil, true))
            if spaces.count <= maxSpacesSolvedSeparately {
                solves += spaces.indices.dropFirst().map { (equal, trafficWeights[0], $0, true) }
            }
        }
        var proposals: [MapspacePoint] = []
        var first: ILPSolution?
        var solverFailure: String?
        let solver = GLPKSolver(relativeMIPGap: relativeMIPGap, nodeLimit: nodeLimit)
        let paddedSolver = GLPKSolver(relativeMIPGap: relativeMIPGap, nodeLimit: paddedNodeLimit)
        for (variantIndex, variant) in solves.enumerated() {
            let formulation = variant.formulation
            let ilp = formulation.model(trafficWeight: variant.weight, fixingSpace: variant.space)
            lpReceiver?("\(sanitised(layer.name))-v\(variantIndex).lp", ilp.cplexLP())
            let solution: ILPSolution
            do {
                solution = try (variant.padded ? paddedSolver : solver).solveSync(ilp, timeLimitS: timeLimitPerSolveS)
            } catch {
                solverFailure = "\(error)"
                break
            }
            if first == nil { first = solution }
            guard solution.status.hasSolution else { continue }
            let point = formulation.point(from: solution.values)
            if !proposals.contains(point) { proposals.append(point) }
        }

        // The search heuristic's mapping joins the proposals when it lies in the mapspace,
        // so the result is never worse than the heuristic's there; on a systolic array so do
        // SCALE-Sim's fold filled level by level, the schedule that minimises its cycles.
        let heuristic = try? search.map(layer)
        var seeds = heuristic.map { [$0.mapping] } ?? []
        if model.accelerator.array == .systolic {
            let fold = SearchMapper.foldUnrolling(for: layer, on: model.accelerator)
            for order in SearchMapper.loopOrders(for: model.accelerator.dataflow) {
                for innermostFirst in [true, false] {
                    seeds.append(search.fillLevels(layer: layer, spatial: fold, order: order, growInnermostFirst: innermostFirst))
                }
            }
        }
        for seed in seeds {
            guard let index = spaces.firstIndex(where: { $0.extents == seed.coveredBounds }),
                  let assignment = spaces[index].assignment(of: seed) else { continue }
            let point = MapspacePoint(space: index, slotOfFactor: assignment)
            if !proposals.contains(point) { proposals.append(point) }
        }

        // Score every proposal under every loop order with the exact model.
        var evaluator = ExactEvaluator(model: model, objective: objective)
        var scored: [(point: MapspacePoint, order: Int, cost: LayerCost)] = []
        for point in proposals {
            for order in spaces[point.space].loopOrders.indices {
                if let cost = evaluator.cost(point.slotOfFactor, order, in: spaces[point.space]) {
                    scored.append((point, order, cost))
                }
            }
        }
        scored.sort { objective.prefers($0.cost, over: $1.cost) }
        // Polish the best distinct starting points, then kick the best one a few times
        // (two random factor moves, re-polished): iterated local search with a fixed seed.
        var best: (space: Int, assignment: [Int], order: Int, cost: LayerCost)?
        var polished: [MapspacePoint] = []
        // The best starts overall, then the best start of every other padded space.
        var starts: [(point: MapspacePoint, order: Int, cost: LayerCost)] = []
        for start in scored where starts.count < startsPolished && !starts.contains(where: { $0.point == start.point }) {
            starts.append(start)
        }
        // Spaces ranked by their best scored start (`scored` is sorted), the best few explored.
        var rankedSpaces: [Int] = []
        for start in scored where !rankedSpaces.contains(start.point.space) { rankedSpaces.append(start.point.space) }
        let explored = Array(rankedSpaces.prefix(paddedSpacesExplored))
        for start in scored where explored.contains(start.point.space)
            && !starts.contains(where: { $0.point.space == start.point.space }) { starts.append(start) }
        for start in starts {
            if polished.contains(start.point) { continue }
            polished.append(start.point)
            let space = spaces[start.point.space]
            let result = evaluator.polish(start.point.slotOfFactor, start.order, start.cost, in: space, budget: polishBudget)
            if best == nil || objective.prefers(result.cost, over: best!.cost) {
                best = (start.point.space, result.assignment, result.order, result.cost)
            }
        }
        // The best point carried into every other padded space (dimensions whose extent
        // differs start at the outermost level) and polished there: a padded extent the ILP
        // preferred may hide a better point of the exact one, which no move inside one space
        // reaches.
        if let found = best, spaces.count > 1, spaces.count <= maxSpacesSolvedSeparately {
            for index in explored where index != found.space {
                let translated = Self.translate(found.assignment, from: spaces[found.space], to: spaces[index])
                guard let cost = evaluator.cost(translated, found.order, in: spaces[index]) else { continue }
                let result = evaluator.polish(translated, found.order, cost, in: spaces[index], budget: polishBudget)
                if objective.prefers(result.cost, over: best!.cost) { best = (index, result.assignment, result.order, result.cost) }
            }
        }
        if var current = best {
            let space = spaces[current.space]
            var generator = SplitMix64(seed: 0x1CE)
            for _ in 0..<kicks where !current.assignment.isEmpty {
                var kicked = current.assignment
                for _ in 0..<2 {
                    let i = generator.next(below: kicked.count)
                    let allowed = space.allowedSlots[i]
                    kicked[i] = allowed[generator.next(below: allowed.count)]
                }
                guard let cost = evaluator.cost(kicked, current.order, in: space) else { continue }
                let result = evaluator.polish(kicked, current.order, cost, in: space, budget: polishBudget)
                if objective.prefers(result.cost, over: current.cost) {
                    current = (current.space, result.assignment, result.order, result.cost)
                }
            }
            best = current
        }
        guard let best else {
            let reason = solverFailure ?? (first.map { "the ILP is \($0.status.rawValue) and no proposal fits the design" }
                                           ?? "no ILP solution")
            throw .noValidMapping(layer: layer.name, reason: reason)
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        if keepsBetterHeuristic, var heuristic, objective.prefers(heuristic.cost, over: best.cost) {
            heuristic.evaluatedCount += evaluator.evaluations
            heuristic.solveTimeS = seconds
            heuristic.solverObjective = first?.objective
            heuristic.solverBound = first?.bound
            heuristic.solverGap = first?.gap
            heuristic.solverNote = first?.unprovenReason
            return heuristic
        }
        let status = first.flatMap { MappingStatus(rawValue: $0.status.rawValue) } ?? .feasible
        return MappingResult(
            mapping: spaces[best.space].mapping(slotOfFactor: best.assignment, loopOrder: best.order), cost: best.cost,
            mapper: .ilp, status: status, evaluatedCount: evaluator.evaluations,
            solveTimeS: seconds, solverObjective: first?.objective, solverBound: first?.bound, solverGap: first?.gap,
            solverNote: first?.unprovenReason)
    }

    /// `assignment` of `source` as a point of `target`: a dimension with the same extent in
    /// both keeps its factors' slots, the others put every factor in the outermost level.
    static func translate(_ assignment: [Int], from source: Mapspace, to target: Mapspace) -> [Int] {
        let outermost = target.slots.lastIndex { if case .temporal = $0 { true } else { false } }!
        var result = [Int](repeating: outermost, count: target.factors.count)
        for d in LoopDimension.allCases where source.extents[d] == target.extents[d] {
            let from = source.factors.indices.filter { source.factors[$0].dimension == d }
            let to = target.factors.indices.filter { target.factors[$0].dimension == d }
            for (i, j) in zip(from, to) { result[j] = assignment[i] }
        }
        return result
    }

    private func sanitised(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
    }
}

/// One point of the mapspace: a padded space (index in `Mapspace.paddedSpaces`) and the
/// slot of every prime factor there.
struct MapspacePoint: Hashable {
    var space: Int
    var slotOfFactor: [Int]
}

/// The linear model over one layer's mapspace, every padded space at once: a binary per
/// extent option chooses each dimension's extent, and the placed copies of each prime
/// follow the chosen extent's factorisation.
struct ILPFormulation {
    /// The copies of one prime of one dimension, placed together; `countPerOption` is how
    /// many copies each extent option of the dimension has.
    struct Group {
        var dimension: LoopDimension
        var prime: Int
        var logPrime: Double
        var countPerOption: [Int]
        var slots: [Int]
        var maxCount: Int { countPerOption.max() ?? 0 }
    }

    let spaces: [Mapspace]
    /// Per dimension (`LoopDimension.allCases` order), the extents the spaces use.
    let extentOptions: [[Int]]
    let groups: [Group]
    /// count[group][slot position]: the variable holding how many copies of the group's
    /// prime sit in that slot.
    let count: [[Int]]
    /// choice[dimension][option]: the binary choosing that extent (nil for a dimension
    /// with one option).
    let choice: [[Int]?]
    /// The fold variable of each systolic axis slot (log of its folds, at least 0).
    let foldVariables: [(slot: Int, variable: Int)]
    let variableCount: Int
    let baseRows: [ILPModel.Row]
    let computeTerms: [ILPModel.Term]
    let trafficTerms: [ILPModel.Term]

    /// `capacityWeights` (per operand, `Operand.position` order) split each buffer between
    /// the operands it holds in proportion.
    init(spaces: [Mapspace], model: LayerCostModel, capacityWeights: [Double]) {
        self.spaces = spaces
        let space = spaces[0]
        let options = LoopDimension.allCases.map { d in Array(Set(spaces.map { $0.extents[d] })).sorted() }
        extentOptions = options
        var groups: [Group] = []
        for (di, d) in LoopDimension.allCases.enumerated() {
            let factorisations = options[di].map(\.primeFactors)
            for prime in Set(factorisations.joined()).sorted() {
                groups.append(Group(dimension: d, prime: prime, logPrime: log(Double(prime)),
                                    countPerOption: factorisations.map { f in f.filter { $0 == prime }.count },
                                    slots: space.allowedSlots(dimension: d, prime: prime)))
            }
        }
        self.groups = groups
        var next = 0
        let count = groups.map { group in group.slots.map { _ in defer { next += 1 }; return next } }
        self.count = count
        let choice: [[Int]?] = options.map { values in
            values.count > 1 ? values.map { _ in defer { next += 1 }; return next } : nil
        }
        self.choice = choice

        let accelerator = space.accelerator
        let memory = accelerator.memory
        let perPE = accelerator.perPELevelCount
        var rows: [ILPModel.Row] = []
        // Each group's copies are all placed: as many as the chosen extent has.
        for (g, group) in groups.enumerated() {
            var terms = group.slots.indices.map { ILPModel.Term(count[g][$0], 1) }
            let di = group.dimension.index
            let constant: Double
            if let binaries = choice[di] {
                terms += binaries.enumerated().map { ILPModel.Term($0.element, -Double(group.countPerOption[$0.offset])) }
                constant = 0
            } else {
                constant = Double(group.countPerOption[0])
            }
            rows.append(ILPModel.Row(name: "place_g\(g)", terms: terms, lowerBound: constant, upperBound: constant))
        }
        for (di, binaries) in choice.enumerated() {
            guard let binaries else { continue }
            rows.append(ILPModel.Row(name: "extent_\(LoopDimension.allCases[di].rawValue)",
                                     terms: binaries.map { ILPModel.Term($0, 1) }, lowerBound: 1, upperBound: 1))
        }
        func axisTerms(_ slotIndex: Int) -> [ILPModel.Term] {
            groups.indices.compactMap { g in
                groups[g].slots.firstIndex(of: slotIndex).map { ILPModel.Term(count[g][$0], groups[g].logPrime) }
            }
        }
        // Array axes: the product of the factors on an axis fits the axis; an axis that
        // folds takes more, and its folds (in the log domain, at least log(slice / length))
        // join the compute term.
        let array = accelerator.peArray
        var folds: [(slot: Int, variable: Int)] = []
        for (slotIndex, slot) in space.slots.enumerated() {
            guard case .spatial(let axis) = slot else { continue }
            let size = axis == .rows ? array.rows : axis == .cols ? array.cols : array.macsPerPE
            let terms = axisTerms(slotIndex)
            guard !terms.isEmpty else { continue }
            if Mapspace.foldsSlices(axis, of: accelerator) {
                let fold = next
                next += 1
                folds.append((slotIndex, fold))
                rows.append(ILPModel.Row(name: "folds_\(axis.rawValue)", terms: [ILPModel.Term(fold, 1)] + terms.map { .init($0.variable, -$0.coefficient) },
                                         lowerBound: -log(Double(size)), upperBound: .infinity))
            } else {
                rows.append(ILPModel.Row(name: "axis_\(axis.rawValue)", terms: terms, lowerBound: -.infinity,
                                         upperBound: log(Double(size)) + 1e-9))
            }
        }
        foldVariables = folds
        variableCount = next
        // Buffers: each operand a level holds gets its share of the capacity. The input
        // window (p−1)·stride + (r−1)·dilation + 1 is bounded by p·r·stride·dilation, so the
        // log-domain row never admits a tile that overflows; polishing regains the slack.
        func inside(_ slot: Mapspace.Slot, level: Int) -> Bool {
            switch slot {
            case .temporal(let l): l <= level
            case .spatial(.lanes): true
            case .spatial: level >= perPE
            }
        }
        func tileTerms(_ operand: Operand, level: Int) -> [ILPModel.Term] {
            var terms: [ILPModel.Term] = []
            for (g, group) in groups.enumerated() {
                let d = group.dimension
                guard operand.isRelevant(d) else { continue }
                for (position, slot) in group.slots.enumerated() where inside(space.slots[slot], level: level) {
                    terms.append(ILPModel.Term(count[g][position], group.logPrime))
                }
            }
            return terms
        }
        let layer = space.layer
        for (level, memoryLevel) in memory.enumerated() {
            guard let capacity = memoryLevel.sizeBytes, !memoryLevel.holds.isEmpty else { continue }
            let totalWeight = memoryLevel.holds.reduce(0) { $0 + capacityWeights[$1.position] }
            for operand in Operand.allCases where memoryLevel.holds.contains(operand) {
                let share = Double(capacity) * 8 * capacityWeights[operand.position] / totalWeight
                var limit = share / layer.storageBits(of: operand)
                if operand == .inputs {
                    limit /= Double(layer.strideH * layer.strideW * layer.dilationH * layer.dilationW)
                        * Double(layer.op == .add ? 2 : 1)
                }
                let terms = tileTerms(operand, level: level)
                guard !terms.isEmpty else { continue }
                rows.append(ILPModel.Row(name: "capacity_\(memoryLevel.name)_\(operand.rawValue)", terms: terms,
                                         lowerBound: -.infinity, upperBound: log(max(limit, 1)) + 1e-9))
            }
        }
        baseRows = rows

        // Compute: log of the temporal iterations, plus the folds of a systolic array.
        var compute: [ILPModel.Term] = folds.map { ILPModel.Term($0.variable, 1) }
        for (g, group) in groups.enumerated() {
            for (position, slot) in group.slots.enumerated() {
                if case .temporal = space.slots[slot] { compute.append(ILPModel.Term(count[g][position], group.logPrime)) }
            }
        }
        computeTerms = compute
        // Traffic: for every level an operand lives in below the outermost, log(tile) +
        // log(temporal iterations above it), weighted by the parent's relative energy per bit.
        var traffic: [ILPModel.Term] = []
        let energyPerBit = memory.indices.map { model.energy.accessEnergyPJPerBit(level: $0) }
        let topEnergy = energyPerBit.max() ?? 1
        for operand in Operand.allCases {
            let holders = accelerator.levels(holding: operand)
            for (i, level) in holders.enumerated() where i + 1 < holders.count {
                let parent = holders[i + 1]
                let weight = max(energyPerBit[parent] / topEnergy, 0.01)
                traffic += tileTerms(operand, level: level).map { .init($0.variable, $0.coefficient * weight) }
                for (g, group) in groups.enumerated() {
                    for (position, slot) in group.slots.enumerated() {
                        if case .temporal(let l) = space.slots[slot], l > level {
                            traffic.append(ILPModel.Term(count[g][position], group.logPrime * weight))
                        }
                    }
                }
            }
        }
        trafficTerms = traffic
    }

    /// The model at one traffic weight; `fixingSpace` pins the extents to one padded space.
    func model(trafficWeight: Double, fixingSpace: Int? = nil) -> ILPModel {
        var ilp = ILPModel(sense: .minimize)
        let slots = spaces[0].slots
        // Variables in the order of `count`, then `choice`, then the folds.
        for group in groups {
            for slot in group.slots {
                ilp.addVariable("n_\(group.dimension.rawValue)\(group.prime)_\(slots[slot])",
                                kind: group.maxCount == 1 ? .binary : .integer, upperBound: Double(group.maxCount))
            }
        }
        for (di, binaries) in choice.enumerated() {
            guard let binaries else { continue }
            for o in binaries.indices {
                ilp.addVariable("u_\(LoopDimension.allCases[di].rawValue)\(extentOptions[di][o])", kind: .binary)
            }
        }
        for fold in foldVariables { ilp.addVariable("folds_\(slots[fold.slot])", kind: .continuous) }
        if let fixed = fixingSpace {
            let extents = spaces[fixed].extents
            for (di, binaries) in choice.enumerated() {
                guard let binaries else { continue }
                for (o, variable) in binaries.enumerated() {
                    let chosen = extentOptions[di][o] == extents[LoopDimension.allCases[di]]
                    ilp.variables[variable].lowerBound = chosen ? 1 : 0
                    ilp.variables[variable].upperBound = chosen ? 1 : 0
                }
            }
        }
        ilp.rows = baseRows
        var coefficients = [Double](repeating: 0, count: variableCount)
        for t in computeTerms { coefficients[t.variable] += t.coefficient }
        for t in trafficTerms { coefficients[t.variable] += t.coefficient * trafficWeight }
        ilp.objective = coefficients.enumerated().compactMap { $0.element == 0 ? nil : ILPModel.Term($0.offset, $0.element) }
        return ilp
    }

    /// The padded space the solution chose and the slot of every factor there, from the counts.
    func point(from values: [Double]) -> MapspacePoint {
        var extents = spaces[0].layer.bounds
        for (di, d) in LoopDimension.allCases.enumerated() {
            if let binaries = choice[di] {
                let chosen = binaries.indices.max { values[binaries[$0]] < values[binaries[$1]] }!
                extents[d] = extentOptions[di][chosen]
            } else {
                extents[d] = extentOptions[di][0]
            }
        }
        let index = spaces.firstIndex { $0.extents == extents } ?? 0
        let space = spaces[index]
        var slotOfFactor = [Int](repeating: 0, count: space.factors.count)
        for (g, group) in groups.enumerated() {
            let members = space.factors.indices.filter {
                space.factors[$0].dimension == group.dimension && space.factors[$0].prime == group.prime
            }
            // Members left unplaced by rounding stay in the outermost level (slot 0 is the
            // innermost level; the last temporal slot is the outermost).
            let outermost = space.slots.lastIndex { if case .temporal = $0 { true } else { false } }!
            for m in members { slotOfFactor[m] = outermost }
            var next = 0
            for (position, slot) in group.slots.enumerated() {
                let copies = Int(values[count[g][position]].rounded())
                for _ in 0..<max(copies, 0) where next < members.count {
                    slotOfFactor[members[next]] = slot
                    next += 1
                }
            }
        }
        return MapspacePoint(space: index, slotOfFactor: slotOfFactor)
    }
}

/// Scores Mapspace points with the exact cost model and improves them by local moves.
struct ExactEvaluator {
    let model: LayerCostModel
    let objective: MappingObjective
    private(set) var evaluations = 0

    init(model: LayerCostModel, objective: MappingObjective) {
        self.model = model
        self.objective = objective
    }

    /// The exact cost, or nil when the point violates a constraint.
    mutating func cost(_ assignment: [Int], _ order: Int, in space: Mapspace) -> LayerCost? {
        evaluations += 1
        let mapping = space.mapping(slotOfFactor: assignment, loopOrder: order)
        guard model.violations(of: mapping, for: space.layer).isEmpty else { return nil }
        return model.cost(of: space.layer, mapping: mapping)
    }

    /// First-improvement hill climbing: move one prime factor to another allowed slot, or
    /// change the loop order, while the exact objective improves and the budget lasts.
    mutating func polish(_ assignment: [Int], _ order: Int, _ cost: LayerCost, in space: Mapspace, budget: Int)
        -> (assignment: [Int], order: Int, cost: LayerCost)
    {
        var current = (assignment: assignment, order: order, cost: cost)
        let limit = evaluations + budget
        var improved = true
        while improved && evaluations < limit {
            improved = false
            for o in space.loopOrders.indices where o != current.order && evaluations < limit {
                if let c = self.cost(current.assignment, o, in: space), objective.prefers(c, over: current.cost) {
                    current = (current.assignment, o, c)
                    improved = true
                }
            }
            // Moving every factor of one dimension that shares a slot at once: a tile grows or
            // shrinks by a whole loop, which single prime moves reach only through worse points.
            for d in LoopDimension.allCases where evaluations < limit {
                let members = space.factors.indices.filter { space.factors[$0].dimension == d }
                for from in Set(members.map { current.assignment[$0] }).sorted() where evaluations < limit {
                    let moving = members.filter { current.assignment[$0] == from }
                    guard moving.count > 1 else { continue }
                    for to in space.slots.indices where to != from && evaluations < limit {
                        guard moving.allSatisfy({ space.allowedSlots[$0].contains(to) }) else { continue }
                        var candidate = current.assignment
                        for i in moving { candidate[i] = to }
                        if let c = self.cost(candidate, current.order, in: space), objective.prefers(c, over: current.cost) {
                            current = (candidate, current.order, c)
                            improved = true
                            break
                        }
                    }
                }
            }
            // Exchanging whole loops: every factor of dimension d in slot a goes to slot b while
            // every factor of e in b goes to a (a full buffer takes one loop as another leaves).
            var placed: [(d: LoopDimension, slot: Int, members: [Int])] = []
            for d in LoopDimension.allCases {
                let members = space.factors.indices.filter { space.factors[$0].dimension == d }
                for slot in Set(members.map { current.assignment[$0] }).sorted() {
                    placed.append((d, slot, members.filter { current.assignment[$0] == slot }))
                }
            }
            exchange: for x in placed.indices where evaluations < limit {
                for y in placed.indices where y > x && evaluations < limit {
                    let (a, b) = (placed[x], placed[y])
                    guard a.d != b.d, a.slot != b.slot,
                          a.members.allSatisfy({ space.allowedSlots[$0].contains(b.slot) }),
                          b.members.allSatisfy({ space.allowedSlots[$0].contains(a.slot) }) else { continue }
                    var candidate = current.assignment
                    for i in a.members { candidate[i] = b.slot }
                    for i in b.members { candidate[i] = a.slot }
                    if let c = self.cost(candidate, current.order, in: space), objective.prefers(c, over: current.cost) {
                        current = (candidate, current.order, c)
                        improved = true
                        break exchange   // the loop list describes the old point
                    }
                }
            }
            // Exchanging two factors' slots crosses valleys a single move cannot (a buffer that
            // is full admits a factor only if another leaves).
            for i in space.factors.indices where evaluations < limit {
                for j in (i + 1)..<space.factors.count where evaluations < limit {
                    let (si, sj) = (current.assignment[i], current.assignment[j])
                    guard si != sj, space.factors[i].dimension != space.factors[j].dimension || space.factors[i].prime != space.factors[j].prime,
                          space.allowedSlots[i].contains(sj), space.allowedSlots[j].contains(si) else { continue }
                    var candidate = current.assignment
                    candidate.swapAt(i, j)
                    if let c = self.cost(candidate, current.order, in: space), objective.prefers(c, over: current.cost) {
                        current = (candidate, current.order, c)
                        improved = true
                    }
                }
            }
            for i in space.factors.indices where evaluations < limit {
                // Only the first of identical factors sharing a slot: the others give the same point.
                if i > 0, space.factors[i - 1] == space.factors[i], current.assignment[i - 1] == current.assignment[i] {
                    continue
                }
                for slot in space.allowedSlots[i] where slot != current.assignment[i] && evaluations < limit {
                    var candidate = current.assignment
                    candidate[i] = slot
                    if let c = self.cost(candidate, current.order, in: space), objective.prefers(c, over: current.cost) {
                        current = (candidate, current.order, c)
                        improved = true
                    }
                }
            }
        }
        return current
    }
}
