import CodesignCore
import CostModels
import LinearProgramming
import MappingSearch

// The whole-network scheduling ILP (DESIGN.md, "Network scheduling").
//
// Decisions, per layer l: one candidate mapping; whether its weights stay resident on chip
// across inferences (r[l]); whether its output tensor stays on chip (k[l]: from l to its last
// consumer, so that every consumer reads it on chip; this covers fusion with the next layer
// and also residual and concatenated tensors); and, for several chips, its pipeline stage.
// Removing off-chip traffic changes a layer's cycles through a max (compute vs. transfers),
// so each layer's few combinations (candidate x resident x own output on chip x each
// producer's tensor on chip) are enumerated as binaries with their exact latency and energy
// precomputed: no product of decisions and no max appears in the model, and the relaxation of
// one layer's choice is its convex hull. Capacity: per layer, resident weights (of its chip)
// + on-chip tensors alive during the layer + the mapping's own tile in the shared on-chip
// levels <= the chip's shared on-chip capacity (the tile is counted on top, conservatively).
// With nothing resident and nothing on chip every candidate fits (its tile is clamped to the
// capacity), so the layer-by-layer schedule is always feasible.
//
// Units inside the model: microseconds, microjoules and KiB, so that coefficients stay far
// from GLPK's absolute tolerances; results are converted back to SI and scored exactly.

/// An off-chip memory level (DRAM or host link) as the schedule sees it.
struct OffChipLevel: Sendable {
    var index: Int
    var name: String
    /// nil: unlimited bandwidth.
    var bytesPerCycle: Double?
    var instances: Int
    var doubleBuffered: Bool
    var energyJPerByte: Double
}

/// One candidate mapping of one layer, reduced to what the schedule needs.
struct CandidateProfile: Sendable {
    var result: MappingResult
    /// Cycles of the array and of the on-chip levels whose transfers overlap with it.
    var overlappedOnChipCycles: Double
    /// Cycles added in series: on-chip levels that are not double-buffered, plus any
    /// difference between this recomputation and the cost model's `cycles` (zero in practice).
    var serialCycles: Double
    /// Per off-chip level (problem order): bytes per operand, `Operand.position` order.
    var offChipOperandBytes: [[Double]]
    /// Per off-chip level: all bytes (operands and word padding).
    var offChipTotalBytes: [Double]
    /// Energy without leakage, which the schedule recharges for the new latency.
    var dynamicEnergyJ: Double
    /// Bytes of the mapping's tiles in the shared on-chip levels, at most the capacity.
    var tileBytes: Double
    /// The cost model's bottleneck when it is an on-chip level, else nil.
    var onChipBottleneck: String?
}

/// One layer with its candidates and its place in the graph.
struct LayerProfile: Sendable {
    var layer: Layer
    var candidates: [CandidateProfile]
    /// The candidate the layer-by-layer evaluation takes: best by the objective.
    var baselineCandidate: Int
    var producers: [Int]
    var consumers: [Int]
    var outputBytes: Double
    var weightBytes: Double
    var canBeResident: Bool
    var outputCanStayOnChip: Bool
    /// Share of the layer's activation-input traffic that comes from each producer (same
    /// order as `producers`), proportional to the producers' output sizes.
    var inputShare: [Double]
    /// Per off-chip level: cycles per byte for this layer (0: unlimited).
    var cyclesPerByte: [Double]
    /// Per off-chip level: whether its transfers overlap with compute for this layer.
    var overlapsCompute: [Bool]
}

/// The decisions of a schedule.
struct ScheduleDecisions: Sendable, Hashable {
    var candidate: [Int]
    var resident: [Bool]
    var outputOnChip: [Bool]
    var stage: [Int]
}

/// A schedule scored exactly.
struct ScheduleEvaluation: Sendable {
    struct LayerFigures: Sendable {
        var cycles: Double
        var latencyS: Double
        var energyJ: Double
        var offChipBytes: Double
        var removedByOperand: [Double]
        var bottleneck: String
        var workingSetBytes: Double
    }
    var layers: [LayerFigures]
    var stages: [ScheduleStage]
    var totals: ScheduleTotals
    var residentWeightBytes: Double
    var streamedWeightBytes: Double
    /// Largest stage time: the pipeline period.
    var bottleneckS: Double
}

/// Everything the ILP and the exact evaluation need, computed once from the candidates.
struct SchedulingProblem: Sendable {
    let accelerator: Accelerator
    let objective: MappingObjective
    let layers: [LayerProfile]
    let offChip: [OffChipLevel]
    /// The outermost off-chip level: activations between chips travel over it.
    let link: OffChipLevel?
    let capacityBytes: Double
    let stageCount: Int
    let clockHz: Double
    let leakagePowerW: Double
    /// For a cut after layer l: bytes of the tensors produced at or before l and read after it.
    let crossBytes: [Double]
    /// For each layer: producers whose tensors, if kept on chip, are alive while it runs.
    let liveTensors: [[Int]]

    init(network: Network, candidates: [[MappingResult]], model: LayerCostModel,
         objective: MappingObjective) throws(NetworkSchedulingError) {
        let accelerator = model.accelerator
        let memory = accelerator.memory
        let layers = network.layers
        guard candidates.count == layers.count else {
            throw .candidateListCountMismatch(layers: layers.count, lists: candidates.count)
        }
        self.accelerator = accelerator
        self.objective = objective
        clockHz = accelerator.technology.clockHz
        leakagePowerW = model.energy.leakagePowerW
        capacityBytes = Double(accelerator.onChipSharedBytes)
        stageCount = max(1, min(accelerator.chips, layers.count))

        var offChip: [OffChipLevel] = []
        for (index, level) in memory.enumerated() where !level.technology.isOnChip {
            offChip.append(OffChipLevel(
                index: index, name: level.name, bytesPerCycle: level.bytesPerCycle(clockHz: clockHz),
                instances: max(1, level.instances), doubleBuffered: level.doubleBuffered,
                energyJPerByte: model.energy.accessEnergyPJPerBit(level: index) * 8e-12))
        }
        self.offChip = offChip
        link = offChip.last

        var consumers = [[Int]](repeating: [], count: layers.count)
        for (l, producers) in network.producers.enumerated() {
            for p in producers { consumers[p].append(l) }
        }
        let outputBytes = layers.map { Double($0.elementCount(of: .outputs) * $0.activationBits) / 8 }
        let capacity = capacityBytes
        let hasOffChip = !offChip.isEmpty

        var profiles: [LayerProfile] = []
        for (l, layer) in layers.enumerated() {
            guard !candidates[l].isEmpty else { throw .noCandidates(layer: layer.name) }
            let isVector = !layer.op.runsOnPEArray
            let cyclesPerByte = offChip.map { level -> Double in
                guard let bandwidth = level.bytesPerCycle, bandwidth > 0 else { return 0 }
                // The vector unit streams through the outermost level at its full bandwidth;
                // PE-array layers spread shared-level traffic over the level's instances.
                return 1 / (bandwidth * (isVector ? 1 : Double(level.instances)))
            }
            let overlapsCompute = offChip.map { isVector || $0.doubleBuffered }
            var profileCandidates: [CandidateProfile] = []
            for (m, result) in candidates[l].enumerated() {
                var candidate = try Self.profile(result, index: m, layer: layer, model: model,
                                                 offChip: offChip, capacityBytes: capacity)
                // The candidate's own cycles must come back exactly with nothing removed; the
                // correction (zero in practice) keeps the layer-by-layer schedule identical to
                // the layer-by-layer evaluation.
                let recomputed = Self.cycles(candidate, cyclesPerByte: cyclesPerByte, overlapsCompute: overlapsCompute,
                                             offChip: offChip, removed: Array(repeating: 0, count: offChip.count)).cycles
                candidate.serialCycles += result.cost.cycles - recomputed
                profileCandidates.append(candidate)
            }
            var best = 0
            for m in profileCandidates.indices.dropFirst()
            where objective.prefers(profileCandidates[m].result.cost, over: profileCandidates[best].result.cost) {
                best = m
            }
            let producers = network.producers[l]
            let producerBytes = producers.map { outputBytes[$0] }
            let producerTotal = producerBytes.reduce(0, +)
            let weightBytes = Double(layer.weightCount) * layer.storageBits(of: .weights) / 8
            profiles.append(LayerProfile(
                layer: layer, candidates: profileCandidates, baselineCandidate: best,
                producers: producers, consumers: consumers[l], outputBytes: outputBytes[l],
                weightBytes: weightBytes,
                canBeResident: hasOffChip && weightBytes > 0 && !layer.weightsAreActivations && weightBytes <= capacity,
                outputCanStayOnChip: hasOffChip && !consumers[l].isEmpty && outputBytes[l] > 0
                    && outputBytes[l] <= capacity,
                inputShare: producerBytes.map { producerTotal > 0 ? $0 / producerTotal : 0 },
                cyclesPerByte: cyclesPerByte, overlapsCompute: overlapsCompute))
        }

        var crossBytes: [Double] = []
        var liveTensors = [[Int]](repeating: [], count: layers.count)
        for l in layers.indices where l + 1 < layers.count {
            var bytes = 0.0
            for p in 0...l where (consumers[p].last ?? -1) > l { bytes += outputBytes[p] }
            crossBytes.append(bytes)
        }
        for p in profiles.indices where profiles[p].outputCanStayOnChip {
            for l in p...(consumers[p].last ?? p) { liveTensors[l].append(p) }
        }
        self.crossBytes = crossBytes
        self.liveTensors = liveTensors
        self.layers = profiles
    }

    /// Reduces one candidate to the schedule's figures, re-deriving the cost model's cycle
    /// formula per level from the access counts so that off-chip traffic can be taken out.
    private static func profile(_ result: MappingResult, index: Int, layer: Layer, model: LayerCostModel,
                                offChip: [OffChipLevel], capacityBytes: Double) throws(NetworkSchedulingError) -> CandidateProfile {
        let accelerator = model.accelerator
        let memory = accelerator.memory
        let cost = result.cost
        let mapping = result.mapping
        guard mapping.temporal.count == memory.count, mapping.loopOrder.count == memory.count,
              cost.accesses.perLevel.count == memory.count, cost.accesses.wordPaddingBits.count == memory.count else {
            throw .invalidCandidate(layer: layer.name, index: index,
                                    reason: "its mapping or cost has a different number of memory levels than the design (\(memory.count))")
        }
        if layer.op.runsOnPEArray, let violation = model.violations(of: mapping, for: layer).first {
            throw .invalidCandidate(layer: layer.name, index: index, reason: "\(violation)")
        }
        let clock = accelerator.technology.clockHz
        func levelBits(_ level: Int) -> Double {
            var bits = cost.accesses.wordPaddingBits[level]
            for operand in Operand.allCases {
                bits += cost.accesses[level, operand].total * layer.storageBits(of: operand)
            }
            return bits
        }
        var overlapped = cost.computeCycles
        var serial = 0.0
        var onChipBottleneck: String?
        if !layer.op.runsOnPEArray {
            overlapped = cost.onChipCycles
        } else {
            let peUsed = Double(mapping.spatialRows.product * mapping.spatialCols.product)
            for level in memory.indices where memory[level].technology.isOnChip {
                guard let bandwidth = memory[level].bytesPerCycle(clockHz: clock), bandwidth > 0 else { continue }
                let instances = level < accelerator.perPELevelCount ? peUsed : Double(memory[level].instances)
                let transfer = levelBits(level) / 8 / bandwidth / instances
                if memory[level].doubleBuffered {
                    if transfer > overlapped { overlapped = transfer; onChipBottleneck = memory[level].name }
                } else {
                    serial += transfer
                }
            }
        }
        var tile = 0.0
        for level in memory.indices where memory[level].scope == .shared && memory[level].technology.isOnChip {
            tile += Double(model.tileBytes(layer: layer, mapping: mapping, level: level) * memory[level].instances)
        }
        return CandidateProfile(
            result: result, overlappedOnChipCycles: overlapped, serialCycles: serial,
            offChipOperandBytes: offChip.map { level in
                Operand.allCases.map { cost.accesses[level.index, $0].total * layer.storageBits(of: $0) / 8 }
            },
            offChipTotalBytes: offChip.map { levelBits($0.index) / 8 },
            dynamicEnergyJ: cost.energyJ - cost.leakageEnergyJ,
            tileBytes: min(tile, capacityBytes),
            onChipBottleneck: onChipBottleneck)
    }

    // MARK: exact figures

    /// Traffic a layer's candidate sheds under the decisions, per off-chip level and per operand.
    func removedBytes(layer l: Int, candidate m: Int, decisions d: ScheduleDecisions) -> (perLevel: [Double], perOperand: [Double]) {
        removedBytes(layer: l, candidate: m, resident: d.resident[l], outputOnChip: d.outputOnChip[l],
                     inputsOnChip: layers[l].producers.map { d.outputOnChip[$0] })
    }

    /// The same for explicit choices; `inputsOnChip` follows `producers`. Choices a layer
    /// cannot make (residency of a layer without weights, a tensor that may not stay) are ignored.
    func removedBytes(layer l: Int, candidate m: Int, resident: Bool, outputOnChip: Bool,
                      inputsOnChip: [Bool]) -> (perLevel: [Double], perOperand: [Double]) {
        let profile = layers[l]
        let candidate = profile.candidates[m]
        var perLevel = [Double](repeating: 0, count: offChip.count)
        var perOperand = [0.0, 0.0, 0.0]
        for level in offChip.indices {
            let bytes = candidate.offChipOperandBytes[level]
            let activationInputs = bytes[Operand.inputs.position]
                + (profile.layer.weightsAreActivations ? bytes[Operand.weights.position] : 0)
            var removed = 0.0
            if resident && profile.canBeResident {
                removed += bytes[Operand.weights.position]
                perOperand[Operand.weights.position] += bytes[Operand.weights.position]
            }
            if outputOnChip && profile.outputCanStayOnChip {
                removed += bytes[Operand.outputs.position]
                perOperand[Operand.outputs.position] += bytes[Operand.outputs.position]
            }
            for (i, p) in profile.producers.enumerated() where inputsOnChip[i] && layers[p].outputCanStayOnChip {
                removed += profile.inputShare[i] * activationInputs
                perOperand[Operand.inputs.position] += profile.inputShare[i] * activationInputs
            }
            perLevel[level] = removed
        }
        return (perLevel, perOperand)
    }

    /// Cycles and energy of a layer's candidate once `removed` bytes are taken off each
    /// off-chip level: fewer transfers, less transfer energy, leakage for the new latency.
    func figures(layer l: Int, candidate m: Int, removed: [Double]) -> (cycles: Double, bottleneck: String, energyJ: Double) {
        let candidate = layers[l].candidates[m]
        let (cycles, bottleneck) = self.cycles(layer: l, candidate: m, removed: removed)
        var energy = candidate.dynamicEnergyJ + leakagePowerW * cycles / clockHz
        for level in offChip.indices { energy -= removed[level] * offChip[level].energyJPerByte }
        return (cycles, bottleneck, energy)
    }

    /// The cost model's cycle formula with `removed` bytes taken off each off-chip level.
    func cycles(layer l: Int, candidate m: Int, removed: [Double]) -> (cycles: Double, bottleneck: String) {
        Self.cycles(layers[l].candidates[m], cyclesPerByte: layers[l].cyclesPerByte,
                    overlapsCompute: layers[l].overlapsCompute, offChip: offChip, removed: removed)
    }

    static func cycles(_ candidate: CandidateProfile, cyclesPerByte: [Double], overlapsCompute: [Bool],
                       offChip: [OffChipLevel], removed: [Double]) -> (cycles: Double, bottleneck: String) {
        var overlapped = candidate.overlappedOnChipCycles
        var bottleneck = candidate.onChipBottleneck ?? "compute"
        var serial = candidate.serialCycles
        for level in offChip.indices {
            let transfer = max(0, candidate.offChipTotalBytes[level] - removed[level]) * cyclesPerByte[level]
            if overlapsCompute[level] {
                if transfer > overlapped { overlapped = transfer; bottleneck = offChip[level].name }
            } else {
                serial += transfer
            }
        }
        return (overlapped + serial, bottleneck)
    }

    /// Bytes and seconds of a chip-to-chip transfer after layer l.
    func transfer(after l: Int) -> (bytes: Double, seconds: Double, energyJ: Double) {
        let bytes = crossBytes[l]
        guard let link else { return (bytes, 0, 0) }
        let seconds = link.bytesPerCycle.map { $0 > 0 ? bytes / ($0 * clockHz) : 0 } ?? 0
        return (bytes, seconds, bytes * link.energyJPerByte)
    }

    /// Scores a schedule exactly, with the same formulas the ILP encodes.
    func evaluate(_ d: ScheduleDecisions) -> ScheduleEvaluation {
        var figures: [ScheduleEvaluation.LayerFigures] = []
        var energy = 0.0, latency = 0.0, offChipBytes = 0.0, streamedWeights = 0.0
        for l in layers.indices {
            let m = d.candidate[l]
            let candidate = layers[l].candidates[m]
            let removed = removedBytes(layer: l, candidate: m, decisions: d)
            let (cycles, bottleneck, layerEnergy) = self.figures(layer: l, candidate: m, removed: removed.perLevel)
            let latencyS = cycles / clockHz
            var remaining = 0.0
            for level in offChip.indices {
                remaining += max(0, candidate.offChipTotalBytes[level] - removed.perLevel[level])
                if !layers[l].layer.weightsAreActivations {
                    streamedWeights += candidate.offChipOperandBytes[level][Operand.weights.position]
                        - (d.resident[l] && layers[l].canBeResident ? candidate.offChipOperandBytes[level][Operand.weights.position] : 0)
                }
            }
            var workingSet = candidate.tileBytes
            for p in liveTensors[l] where d.outputOnChip[p] { workingSet += layers[p].outputBytes }
            figures.append(.init(cycles: cycles, latencyS: latencyS, energyJ: layerEnergy, offChipBytes: remaining,
                                 removedByOperand: removed.perOperand, bottleneck: bottleneck,
                                 workingSetBytes: workingSet))
            energy += layerEnergy
            latency += latencyS
            offChipBytes += remaining
        }
        var stages: [ScheduleStage] = []
        var chipToChip = 0.0
        var first = 0
        for l in layers.indices where l == layers.count - 1 || d.stage[l + 1] != d.stage[l] {
            let out = l + 1 < layers.count ? transfer(after: l) : (bytes: 0, seconds: 0, energyJ: 0)
            var time = out.seconds
            var resident = 0.0
            var peakWorkingSet = 0.0
            for j in first...l {
                time += figures[j].latencyS
                if d.resident[j] && layers[j].canBeResident { resident += layers[j].weightBytes }
                peakWorkingSet = max(peakWorkingSet, figures[j].workingSetBytes)
            }
            stages.append(ScheduleStage(chip: d.stage[l], firstLayer: first, lastLayer: l, timeS: time,
                                        transferOutBytes: out.bytes, transferOutS: out.seconds,
                                        residentWeightBytes: resident, peakOnChipBytes: resident + peakWorkingSet))
            latency += out.seconds
            energy += out.energyJ
            chipToChip += out.bytes
            first = l + 1
        }
        let bottleneck = stages.map(\.timeS).max() ?? 0
        let resident = stages.reduce(0) { $0 + $1.residentWeightBytes }
        return ScheduleEvaluation(
            layers: figures, stages: stages,
            totals: ScheduleTotals(latencyS: latency, throughputFps: bottleneck > 0 ? 1 / bottleneck : 0,
                                   energyJ: energy, offChipBytes: offChipBytes, chipToChipBytes: chipToChip),
            residentWeightBytes: resident, streamedWeightBytes: streamedWeights, bottleneckS: bottleneck)
    }

    /// The figure the objective minimises, scored exactly: for several chips, latency means
    /// the pipeline period (the slowest stage); EDP is energy x one inference's latency.
    func score(_ evaluation: ScheduleEvaluation) -> Double {
        switch objective {
        case .latency: stageCount > 1 ? evaluation.bottleneckS : evaluation.totals.latencyS
        case .energy: evaluation.totals.energyJ
        case .edp: evaluation.totals.energyJ * evaluation.totals.latencyS
        }
    }

    /// Whether every chip holds its resident weights plus each layer's working set (one byte
    /// of slack for the solver's tolerances).
    func fitsCapacity(_ evaluation: ScheduleEvaluation) -> Bool {
        evaluation.stages.allSatisfy { $0.peakOnChipBytes <= capacityBytes * (1 + 1e-12) + 1 }
    }

    /// The layer-by-layer schedule: best candidate per layer, nothing kept on chip; for
    /// several chips the contiguous split with the smallest slowest stage (dynamic
    /// programming; ties go to fewer stages, then to earlier cuts).
    func baselineDecisions() -> ScheduleDecisions {
        let count = layers.count
        let candidate = layers.map(\.baselineCandidate)
        var decisions = ScheduleDecisions(candidate: candidate, resident: Array(repeating: false, count: count),
                                          outputOnChip: Array(repeating: false, count: count),
                                          stage: Array(repeating: 0, count: count))
        let zero = [Double](repeating: 0, count: offChip.count)
        decisions.stage = bestSplit(latencyS: layers.indices.map {
            cycles(layer: $0, candidate: candidate[$0], removed: zero).cycles / clockHz
        })
        return decisions
    }

    /// The contiguous split into at most `stageCount` stages whose slowest stage (layer
    /// latencies plus the outgoing transfer) is smallest, for fixed layer latencies; among
    /// the splits within 1e-9 of that, the one that leaves the fewest weight bytes beyond a
    /// chip's capacity, counted as link time, plus transfers (more chips hold more weights,
    /// which the fixed latencies cannot show). Two dynamic programmes; ties go to the first
    /// split found.
    func bestSplit(latencyS latency: [Double]) -> [Int] {
        let count = layers.count
        guard stageCount > 1 else { return Array(repeating: 0, count: count) }
        var prefix = [0.0]
        for value in latency { prefix.append(prefix.last! + value) }
        var weightPrefix = [0.0]
        for layer in layers { weightPrefix.append(weightPrefix.last! + (layer.canBeResident ? layer.weightBytes : 0)) }
        let linkBytesPerSecond = (link?.bytesPerCycle).map { $0 * clockHz } ?? 0
        func outgoing(_ to: Int) -> Double { to < count ? transfer(after: to - 1).seconds : 0 }
        func stageTime(_ from: Int, _ to: Int) -> Double { prefix[to] - prefix[from] + outgoing(to) }   // layers from..<to
        func penalty(_ from: Int, _ to: Int) -> Double {
            let overflow = max(0, weightPrefix[to] - weightPrefix[from] - capacityBytes)
            return (linkBytesPerSecond > 0 ? overflow / linkBytesPerSecond : 0) + outgoing(to)
        }
        // Pass 1: the smallest slowest stage.
        var bottleneck = [[Double]](repeating: [Double](repeating: .infinity, count: count + 1), count: stageCount + 1)
        bottleneck[0][0] = 0
        for s in 1...stageCount {
            for i in s...count {
                for j in (s - 1)..<i where bottleneck[s - 1][j].isFinite {
                    bottleneck[s][i] = min(bottleneck[s][i], max(bottleneck[s - 1][j], stageTime(j, i)))
                }
            }
        }
        let limit = (1...stageCount).map { bottleneck[$0][count] }.min()! * (1 + 1e-9)
        // Pass 2: the least penalty with every stage within the limit.
        var best = [[Double]](repeating: [Double](repeating: .infinity, count: count + 1), count: stageCount + 1)
        var cut = [[Int]](repeating: [Int](repeating: 0, count: count + 1), count: stageCount + 1)
        best[0][0] = 0
        for s in 1...stageCount {
            for i in s...count {
                for j in (s - 1)..<i where best[s - 1][j].isFinite && stageTime(j, i) <= limit {
                    let value = best[s - 1][j] + penalty(j, i)
                    if value < best[s][i] { best[s][i] = value; cut[s][i] = j }
                }
            }
        }
        var stages = 1
        for s in 1...stageCount where best[s][count] < best[stages][count] { stages = s }
        var split = [Int](repeating: 0, count: count)
        var end = count
        for s in stride(from: stages, through: 1, by: -1) {
            let start = cut[s][end]
            for l in start..<end { split[l] = s - 1 }
            end = start
        }
        return split
    }

    /// A goal's figure, scored exactly.
    func value(of goal: ScheduleGoal, _ evaluation: ScheduleEvaluation) -> Double {
        switch goal {
        case .latency: evaluation.totals.latencyS
        case .energy: evaluation.totals.energyJ
        case .bottleneck: stageCount > 1 ? evaluation.bottleneckS : evaluation.totals.latencyS
        }
    }

    /// The figure a lexicographic solve minimises second, scored exactly (ties on the
    /// objective are broken by it).
    func secondaryScore(_ evaluation: ScheduleEvaluation) -> Double {
        switch objective {
        case .latency: stageCount > 1 ? evaluation.totals.latencyS : evaluation.totals.energyJ
        case .energy: stageCount > 1 ? evaluation.bottleneckS : evaluation.totals.latencyS
        case .edp: evaluation.totals.latencyS
        }
    }
}

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
    var resident: Bool
    var outputOnChip: Bool
    /// Per producer (in `LayerProfile.producers` order): its tensor is read on chip.
    var inputsOnChip: [Bool]
    /// Model units: microseconds, microjoules, KiB.
    var latency: Double
    var energy: Double
    var tile: Double
}

/// The scheduling ILP for one problem, built once; each phase sets its objective.
///
/// Variables: y[l][j] binary, one per option of layer l (candidate x residency x own output on
/// chip x each producer's tensor on chip), exactly one per layer; r[l] (weights resident) and
/// k[p] (tensor of p stays on chip) continuous in [0, 1], tied to the options by equalities
/// (k[p] equals the choice of p and of every consumer of p, which is what makes a tensor
/// either on chip for all its readers or for none). With several chips: z[l][s] binary
/// (layer l on chip s, s <= l), b[l] binary (a stage ends after l), stage index growing by b;
/// resident bytes per chip through h[j][s] = r[j] and z[j][s], stage times through t[l][s] =
/// latency of l on its chip, transfers through e[l][s] = b[l] and z[l][s] (products
/// disaggregated: sum over s equals the factor, each part at most z); T >= every stage time
/// and T >= every layer's latency (valid, and it tightens the relaxation a lot).
struct ScheduleILP: Sendable {
    let problem: SchedulingProblem
    private(set) var base = ILPModel()
    private(set) var options: [[LayerOption]] = []
    private(set) var y: [[Int]] = []
    private(set) var resident: [Int?] = []
    private(set) var onChip: [Int?] = []
    private(set) var stage: [[Int]] = []
    private(set) var bottleneck: Int?
    private var latencyExpression = LinearExpression()
    private var energyExpression = LinearExpression()
    private var layerLatency: [LinearExpression] = []

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

    init(problem: SchedulingProblem) {
        self.problem = problem
        build()
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
        var d = ScheduleDecisions(candidate: [], resident: Array(repeating: false, count: count),
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

    // MARK: building

    private mutating func build() {
        let layers = problem.layers
        let count = layers.count
        let microsecondsPerCycle = Self.timeScale / problem.clockHz

        resident = layers.indices.map { l in
            layers[l].canBeResident ? base.addVariable("r_\(l)", kind: .continuous, lowerBound: 0, upperBound: 1) : nil
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
            for m in profile.candidates.indices {
                for isResident in resident[l] == nil ? [false] : [false, true] {
                    for outputStays in onChip[l] == nil ? [false] : [false, true] {
                        for mask in 0..<(1 << eligible.count) {
                            var inputs = [Bool](repeating: false, count: profile.producers.count)
                            for (bit, i) in eligible.enumerated() where mask & (1 << bit) != 0 { inputs[i] = true }
                            let removed = problem.removedBytes(layer: l, candidate: m, resident: isResident,
                                                               outputOnChip: outputStays, inputsOnChip: inputs)
                            let figures = problem.figures(layer: l, candidate: m, removed: removed.perLevel)
                            layerOptions.append(LayerOption(
                                candidate: m, resident: isResident, outputOnChip: outputStays, inputsOnChip: inputs,
                                latency: figures.cycles * microsecondsPerCycle, energy: figures.energyJ * Self.energyScale,
                                tile: profile.candidates[m].tileBytes / Self.bytesPerUnit))
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
            link(resident[l], "resident_\(l)") { $0.resident }
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
            let capacity = problem.capacityBytes / Self.bytesPerUnit * Self.capacityMargin
            var residentWeights = LinearExpression()
            var residentMost = 0.0
            for j in 0..<count {
                guard let r = resident[j] else { continue }
                residentWeights.add(r, layers[j].weightBytes / Self.bytesPerUnit)
                residentMost += layers[j].weightBytes / Self.bytesPerUnit
            }
            for l in 0..<count {
                var row = residentWeights
                var most = residentMost
                for p in problem.liveTensors[l] {
                    row.add(onChip[p]!, layers[p].outputBytes / Self.bytesPerUnit)
                    most += layers[p].outputBytes / Self.bytesPerUnit
                }
                // Rows that cannot bind (nothing on chip to decide, or everything fits) are left out.
                let largestTile = options[l].map(\.tile).max() ?? 0
                guard !row.coefficients.isEmpty, most + largestTile > capacity else { continue }
                for (j, option) in options[l].enumerated() { row.add(y[l][j], option.tile) }
                base.addRow("capacity_\(l)", row.terms, atMost: capacity)
            }
            return
        }
        buildPipeline()
    }

    /// Stage assignment (contiguous, chip s runs stage s), per-chip capacity, stage times and
    /// the bottleneck T.
    private mutating func buildPipeline() {
        let layers = problem.layers
        let count = layers.count
        let stages = problem.stageCount
        let capacity = problem.capacityBytes / Self.bytesPerUnit
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
            for j in p..<last {
                base.addRow("no_cut_in_tensor_\(p)_\(j)", [ILPModel.Term(k, 1), ILPModel.Term(boundary[j], 1)], atMost: 1)
            }
        }
        // Resident weights per chip.
        var residentOnStage = [LinearExpression](repeating: LinearExpression(), count: stages)
        var residentMost = [Double](repeating: 0, count: stages)
        for j in 0..<count {
            guard let r = resident[j] else { continue }
            var sum = [ILPModel.Term(r, -1)]
            for (s, z) in stage[j].enumerated() {
                let h = base.addVariable("h_\(j)_\(s)", kind: .continuous, lowerBound: 0, upperBound: 1)
                base.addRow("h_le_z_\(j)_\(s)", [ILPModel.Term(h, 1), ILPModel.Term(z, -1)], atMost: 0)
                sum.append(ILPModel.Term(h, 1))
                residentOnStage[s].add(h, layers[j].weightBytes / Self.bytesPerUnit)
                residentMost[s] += layers[j].weightBytes / Self.bytesPerUnit
            }
            base.addRow("h_sum_\(j)", sum, equalTo: 0)
        }
        // Per layer and chip: the chip's resident weights + the layer's working set fit when
        // the layer runs there (big-M otherwise).
        for l in 0..<count {
            var workingSet = LinearExpression()
            var workingMost = 0.0
            for p in problem.liveTensors[l] {
                workingSet.add(onChip[p]!, layers[p].outputBytes / Self.bytesPerUnit)
                workingMost += layers[p].outputBytes / Self.bytesPerUnit
            }
            for (j, option) in options[l].enumerated() { workingSet.add(y[l][j], option.tile) }
            let largestTile = options[l].map(\.tile).max() ?? 0
            for (s, z) in stage[l].enumerated() {
                let bigM = residentMost[s] + workingMost + largestTile - capacity
                guard bigM > 0, !residentOnStage[s].coefficients.isEmpty || workingMost > 0 else { continue }
                var row = residentOnStage[s]
                row.add(workingSet)
                row.add(z, bigM)
                base.addRow("capacity_\(l)_\(s)", row.terms, atMost: capacity + bigM)
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
