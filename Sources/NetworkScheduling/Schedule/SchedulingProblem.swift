import CodesignCore
import CostModels
import MappingSearch

// What the whole-network schedule decides, and how a set of decisions is scored exactly
// (DESIGN.md, "Network scheduling"); the ILP that chooses them is in NetworkScheduleILP.swift.
//
// Whole tensors can stay on chip in two ways, each in a memory level that holds that operand:
// a layer's weights resident across inferences, in any shared on-chip level holding weights
// (the network's resident weights may spread over several such levels); and an activation
// tensor kept from its producer to its last consumer, in the activation level (the outermost
// shared on-chip level holding both inputs and outputs, which producer and consumers share).
// Per-PE levels are reused by every layer and keep nothing across layers. While a layer
// runs, each level must hold what stays there plus the layer's own tiles in it.
//
// A kept tensor removes, from the layer's cost-model figures, the operand's traffic at every
// level above the one keeping it and that level's exchanges with its parent; the layer's
// cycles, energy and leakage are then recombined by the cost model itself
// (`LayerCostModel.cost(_:removing:)`), so the schedule has no latency formula of its own.

/// A shared on-chip memory level in which whole tensors may stay.
struct StorageLevel: Sendable, Hashable {
    /// Index in the design's memory list.
    var index: Int
    var name: String
    /// Size of one instance times the instances.
    var capacityBytes: Double
    var holds: Set<Operand>
}

/// One candidate mapping of one layer, reduced to what the schedule needs.
struct CandidateProfile: Sendable {
    var result: MappingResult
    /// Per storage level (problem order), per operand: the bytes of the mapping's tiles there
    /// (all instances).
    var tileBytes: [[Double]]
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
    /// Storage levels (problem order) that can keep all of this layer's weights; empty when
    /// they cannot stay resident anywhere.
    var residencyLevels: [Int]
    var outputCanStayOnChip: Bool
    /// Share of the layer's activation-input traffic that comes from each producer (same
    /// order as `producers`), proportional to the producers' output sizes.
    var inputShare: [Double]

    var canBeResident: Bool { !residencyLevels.isEmpty }
}

/// The decisions of a schedule.
struct ScheduleDecisions: Sendable, Hashable {
    var candidate: [Int]
    /// Per layer, the storage level (problem order) its weights stay resident in, or nil.
    var resident: [Int?]
    /// Per layer, whether its output stays in the activation level.
    var outputOnChip: [Bool]
    var stage: [Int]
}

/// A schedule scored exactly.
struct ScheduleEvaluation: Sendable {
    struct LayerFigures: Sendable {
        var cost: LayerCost
        var removedOffChipByOperand: [Double]
        /// Per storage level: the layer's tiles there plus the tensors kept there while it
        /// runs, resident weights excluded.
        var workingSetBytes: [Double]
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
    let model: LayerCostModel
    let objective: MappingObjective
    let layers: [LayerProfile]
    let storage: [StorageLevel]
    /// The storage level (problem order) that keeps activation tensors between layers.
    let activationLevel: Int?
    /// The outermost memory level when it is off chip: activations between chips travel over it.
    let link: (index: Int, bytesPerCycle: Double?, energyJPerByte: Double)?
    let stageCount: Int
    let clockHz: Double
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
        self.model = model
        self.objective = objective
        clockHz = accelerator.technology.clockHz
        stageCount = max(1, min(accelerator.chips, layers.count))

        // Keeping a tensor on chip only saves something when some traffic goes off chip.
        let hasOffChip = memory.contains { !$0.technology.isOnChip }
        var storage: [StorageLevel] = []
        for (index, level) in memory.enumerated()
        where hasOffChip && level.scope == .shared && level.technology.isOnChip && !level.holds.isEmpty {
            guard let size = level.sizeBytes else { continue }
            storage.append(StorageLevel(index: index, name: level.name,
                                        capacityBytes: Double(size) * Double(max(1, level.instances)), holds: level.holds))
        }
        self.storage = storage
        let activationLevel = storage.indices.last { storage[$0].holds.isSuperset(of: [.inputs, .outputs]) }
        self.activationLevel = activationLevel
        if let top = memory.indices.last, !memory[top].technology.isOnChip {
            link = (top, memory[top].bytesPerCycle(clockHz: clockHz), model.energy.accessEnergyPJPerBit(level: top) * 8e-12)
        } else {
            link = nil
        }

        var consumers = [[Int]](repeating: [], count: layers.count)
        for (l, producers) in network.producers.enumerated() {
            for p in producers { consumers[p].append(l) }
        }
        let outputBytes = layers.map { Double($0.elementCount(of: .outputs) * $0.activationBits) / 8 }

        var profiles: [LayerProfile] = []
        for (l, layer) in layers.enumerated() {
            guard !candidates[l].isEmpty else { throw .noCandidates(layer: layer.name) }
            var profileCandidates: [CandidateProfile] = []
            for (m, result) in candidates[l].enumerated() {
                profileCandidates.append(try Self.profile(result, index: m, layer: layer, model: model, storage: storage))
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
            let residencyLevels = weightBytes > 0 && !layer.weightsAreActivations
                ? storage.indices.filter { storage[$0].holds.contains(.weights) && weightBytes <= storage[$0].capacityBytes }
                : []
            profiles.append(LayerProfile(
                layer: layer, candidates: profileCandidates, baselineCandidate: best,
                producers: producers, consumers: consumers[l], outputBytes: outputBytes[l],
                weightBytes: weightBytes, residencyLevels: residencyLevels,
                outputCanStayOnChip: activationLevel.map { !consumers[l].isEmpty && outputBytes[l] > 0
                    && outputBytes[l] <= storage[$0].capacityBytes } ?? false,
                inputShare: producerBytes.map { producerTotal > 0 ? $0 / producerTotal : 0 }))
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

    /// Checks one candidate against the design and measures its tiles in the storage levels.
    private static func profile(_ result: MappingResult, index: Int, layer: Layer, model: LayerCostModel,
                                storage: [StorageLevel]) throws(NetworkSchedulingError) -> CandidateProfile {
        let memory = model.accelerator.memory
        let mapping = result.mapping
        guard mapping.temporal.count == memory.count, mapping.loopOrder.count == memory.count,
              result.cost.levels.count == memory.count else {
            throw .invalidCandidate(layer: layer.name, index: index,
                                    reason: "its mapping or cost has a different number of memory levels than the design (\(memory.count))")
        }
        if layer.op.runsOnPEArray, let violation = model.violations(of: mapping, for: layer).first {
            throw .invalidCandidate(layer: layer.name, index: index, reason: "\(violation)")
        }
        // Vector-unit layers stream through the outermost level and keep no tiles on chip.
        let tiles = storage.map { level in
            Operand.allCases.map { operand in
                layer.op.runsOnPEArray
                    ? model.tileBytes(layer: layer, mapping: mapping, level: level.index, operand: operand)
                        * Double(max(1, memory[level.index].instances))
                    : 0
            }
        }
        return CandidateProfile(result: result, tileBytes: tiles)
    }

    // MARK: exact figures

    /// Bytes a layer's candidate no longer moves, per memory level and operand, when
    /// `keptAt` (a memory index) keeps `fraction` of `operand`'s whole tensor: the operand's
    /// traffic at every level above it, and that level's exchanges with its parent. Nothing
    /// when the level does not hold the operand.
    private func addRemoval(_ removed: inout [[Double]], cost: LayerCost, operand: Operand, keptAt: Int,
                            fraction: Double) {
        let o = operand.position
        guard accelerator.memory[keptAt].holds.contains(operand), fraction > 0 else { return }
        removed[keptAt][o] += fraction * cost.levels[keptAt].parentEdgeBytes[o]
        for level in (keptAt + 1)..<accelerator.memory.count where accelerator.memory[level].holds.contains(operand) {
            removed[level][o] += fraction * cost.levels[level].operandBytes[o]
        }
    }

    /// Traffic a layer's candidate sheds under explicit choices: `resident` (a storage level
    /// or nil), its own output kept in the activation level, and per producer (in `producers`
    /// order) whether that producer's tensor is read there. Choices the layer cannot make are
    /// ignored.
    func removedBytes(layer l: Int, candidate m: Int, resident: Int?, outputOnChip: Bool,
                      inputsOnChip: [Bool]) -> [[Double]] {
        let profile = layers[l]
        let cost = profile.candidates[m].result.cost
        var removed = [[Double]](repeating: [0, 0, 0], count: accelerator.memory.count)
        if let r = resident, profile.residencyLevels.contains(r) {
            addRemoval(&removed, cost: cost, operand: .weights, keptAt: storage[r].index, fraction: 1)
        }
        if let a = activationLevel {
            if outputOnChip && profile.outputCanStayOnChip {
                addRemoval(&removed, cost: cost, operand: .outputs, keptAt: storage[a].index, fraction: 1)
            }
            for (i, p) in profile.producers.enumerated() where inputsOnChip[i] && layers[p].outputCanStayOnChip {
                addRemoval(&removed, cost: cost, operand: .inputs, keptAt: storage[a].index, fraction: profile.inputShare[i])
                if profile.layer.weightsAreActivations {
                    // An attention matmul's second operand is an activation held as weights.
                    addRemoval(&removed, cost: cost, operand: .weights, keptAt: storage[a].index,
                               fraction: profile.inputShare[i])
                }
            }
        }
        return removed
    }

    /// The layer's cost under the choices: the cost model's own figures with the removed
    /// traffic taken out.
    func cost(layer l: Int, candidate m: Int, removed: [[Double]]) -> LayerCost {
        model.cost(layers[l].candidates[m].result.cost, removing: removed)
    }

    /// Off-chip bytes removed, per operand; an attention matmul's activation operand held as
    /// weights is counted under inputs.
    func offChipByOperand(_ removed: [[Double]], layer l: Int) -> [Double] {
        var perOperand = [0.0, 0.0, 0.0]
        for level in accelerator.memory.indices where !accelerator.memory[level].technology.isOnChip {
            for o in perOperand.indices { perOperand[o] += removed[level][o] }
        }
        if layers[l].layer.weightsAreActivations {
            perOperand[Operand.inputs.position] += perOperand[Operand.weights.position]
            perOperand[Operand.weights.position] = 0
        }
        return perOperand
    }

    /// Per storage level: the candidate's tiles, less the tiles of tensors that stay there
    /// whole (counted once, as the tensor), plus the tensors alive in the activation level.
    func workingSet(layer l: Int, candidate m: Int, resident: Int?, outputOnChip: Bool, inputsOnChip: [Bool],
                    liveOnChip: Double) -> [Double] {
        let profile = layers[l]
        // The input tile is part of the kept tensors only when every producer's is kept.
        let allInputsOnChip = !inputsOnChip.isEmpty && inputsOnChip.allSatisfy { $0 }
        let tiles = profile.candidates[m].tileBytes
        return storage.indices.map { s in
            var bytes = tiles[s].reduce(0, +)
            if resident == s && profile.residencyLevels.contains(s) { bytes -= tiles[s][Operand.weights.position] }
            if s == activationLevel {
                if outputOnChip && profile.outputCanStayOnChip { bytes -= tiles[s][Operand.outputs.position] }
                if allInputsOnChip { bytes -= tiles[s][Operand.inputs.position] }
                bytes += liveOnChip
            }
            // Not capped at the capacity: an overfull level must show as one (`overfullLevel`).
            return max(0, bytes)
        }
    }

    /// Bytes and seconds of a chip-to-chip transfer after layer l.
    func transfer(after l: Int) -> (bytes: Double, seconds: Double, energyJ: Double) {
        let bytes = crossBytes[l]
        guard let link else { return (bytes, 0, 0) }
        let seconds = link.bytesPerCycle.map { $0 > 0 ? bytes / ($0 * clockHz) : 0 } ?? 0
        return (bytes, seconds, bytes * link.energyJPerByte)
    }

    /// Scores a schedule exactly, with the same figures the ILP's options carry.
    func evaluate(_ d: ScheduleDecisions) -> ScheduleEvaluation {
        var figures: [ScheduleEvaluation.LayerFigures] = []
        var energy = 0.0, latency = 0.0, offChipBytes = 0.0, streamedWeights = 0.0
        for l in layers.indices {
            let m = d.candidate[l]
            let profile = layers[l]
            let inputs = profile.producers.map { d.outputOnChip[$0] && layers[$0].outputCanStayOnChip }
            let removed = removedBytes(layer: l, candidate: m, resident: d.resident[l], outputOnChip: d.outputOnChip[l],
                                       inputsOnChip: inputs)
            let cost = self.cost(layer: l, candidate: m, removed: removed)
            if !profile.layer.weightsAreActivations { streamedWeights += cost.offChipBytesByOperand[Operand.weights.position] }
            var live = 0.0
            for p in liveTensors[l] where d.outputOnChip[p] { live += layers[p].outputBytes }
            let workingSet = self.workingSet(layer: l, candidate: m, resident: d.resident[l], outputOnChip: d.outputOnChip[l],
                                             inputsOnChip: inputs, liveOnChip: live)
            figures.append(.init(cost: cost, removedOffChipByOperand: offChipByOperand(removed, layer: l),
                                 workingSetBytes: workingSet))
            energy += cost.energyJ
            latency += cost.latencyS
            offChipBytes += cost.offChipBytes
        }
        var stages: [ScheduleStage] = []
        var chipToChip = 0.0
        var first = 0
        for l in layers.indices where l == layers.count - 1 || d.stage[l + 1] != d.stage[l] {
            let out = l + 1 < layers.count ? transfer(after: l) : (bytes: 0, seconds: 0, energyJ: 0)
            var time = out.seconds
            var residentByLevel = [Double](repeating: 0, count: storage.count)
            var peakByLevel = [Double](repeating: 0, count: storage.count)
            for j in first...l {
                time += figures[j].cost.latencyS
                if let r = d.resident[j], layers[j].residencyLevels.contains(r) { residentByLevel[r] += layers[j].weightBytes }
                for s in storage.indices { peakByLevel[s] = max(peakByLevel[s], figures[j].workingSetBytes[s]) }
            }
            let levels = storage.indices.map { s in
                StageLevelOccupancy(level: storage[s].name, capacityBytes: storage[s].capacityBytes,
                                    residentWeightBytes: residentByLevel[s],
                                    peakBytes: residentByLevel[s] + peakByLevel[s])
            }
            stages.append(ScheduleStage(chip: d.stage[l], firstLayer: first, lastLayer: l, timeS: time,
                                        transferOutBytes: out.bytes, transferOutS: out.seconds, levels: levels))
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

    /// The first storage level of a chip that cannot hold what stays there plus a layer's
    /// working set (one byte of slack for the solver's tolerances), or nil when all fit.
    func overfullLevel(_ evaluation: ScheduleEvaluation) -> (chip: Int, level: String, peakBytes: Double, capacityBytes: Double)? {
        for stage in evaluation.stages {
            for level in stage.levels where level.peakBytes > level.capacityBytes * (1 + 1e-12) + 1 {
                return (stage.chip, level.level, level.peakBytes, level.capacityBytes)
            }
        }
        return nil
    }

    /// The layer-by-layer schedule: best candidate per layer, nothing kept on chip; for
    /// several chips the contiguous split with the smallest slowest stage (dynamic
    /// programming; ties go to fewer stages, then to earlier cuts).
    func baselineDecisions() -> ScheduleDecisions {
        let count = layers.count
        let candidate = layers.map(\.baselineCandidate)
        var decisions = ScheduleDecisions(candidate: candidate, resident: Array(repeating: nil, count: count),
                                          outputOnChip: Array(repeating: false, count: count),
                                          stage: Array(repeating: 0, count: count))
        decisions.stage = bestSplit(latencyS: layers.indices.map { layers[$0].candidates[candidate[$0]].result.cost.latencyS })
        return decisions
    }

    /// Capacity of the storage levels that can keep weights, on one chip.
    var weightCapacityBytes: Double {
        storage.filter { $0.holds.contains(.weights) }.reduce(0) { $0 + $1.capacityBytes }
    }

    /// The contiguous split into at most `stageCount` stages whose slowest stage (layer
    /// latencies plus the outgoing transfer) is smallest, for fixed layer latencies; among
    /// the splits within 1e-9 of that, the one that leaves the fewest weight bytes beyond a
    /// chip's weight capacity, counted as link time, plus transfers (more chips hold more
    /// weights, which the fixed latencies cannot show). Two dynamic programmes; ties go to the
    /// first split found.
    func bestSplit(latencyS latency: [Double]) -> [Int] {
        let count = layers.count
        guard stageCount > 1 else { return Array(repeating: 0, count: count) }
        var prefix = [0.0]
        for value in latency { prefix.append(prefix.last! + value) }
        var weightPrefix = [0.0]
        for layer in layers { weightPrefix.append(weightPrefix.last! + (layer.canBeResident ? layer.weightBytes : 0)) }
        let linkBytesPerSecond = (link?.bytesPerCycle).map { $0 * clockHz } ?? 0
        let capacity = weightCapacityBytes
        func outgoing(_ to: Int) -> Double { to < count ? transfer(after: to - 1).seconds : 0 }
        func stageTime(_ from: Int, _ to: Int) -> Double { prefix[to] - prefix[from] + outgoing(to) }   // layers from..<to
        func penalty(_ from: Int, _ to: Int) -> Double {
            let overflow = max(0, weightPrefix[to] - weightPrefix[from] - capacity)
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
