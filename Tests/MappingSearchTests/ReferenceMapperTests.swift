import TestSupport
import CodesignCore
import CostModels
import MappingSearch
import Testing

/// Tiny designs for the reference mappers: few slots and small capacities, so a brute-force
/// enumeration is cheap in a debug build and the capacity pruning is actually exercised.
enum TinyDesigns {
    static func design(_ name: String, array: ArrayKind, dataflow: Dataflow, rows: Int, cols: Int, lanes: Int,
                       memory: [MemoryLevel]) -> Accelerator {
        Accelerator(name: name, technology: Technology(nodeNm: 28, clockMHz: 500),
                    peArray: PEArray(rows: rows, cols: cols, macsPerPE: lanes, precisionBits: 8),
                    array: array, dataflow: dataflow, memory: memory)
    }

    static let glb = MemoryLevel(name: "GLB", sizeBytes: 96, bandwidthBytesPerCycle: 8)
    static let dram = MemoryLevel(name: "DRAM", technology: .dram(type: "LPDDR4"), sizeBytes: nil,
                                  bandwidthBytesPerSecond: 4e9)

    /// Three levels: a per-PE register file for everything, a shared buffer, DRAM.
    static let rowStationary = design("tiny-rs", array: .broadcast, dataflow: .rowStationary, rows: 2, cols: 2, lanes: 1,
                                      memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 8), glb, dram])
    static let weightStationarySystolic = design(
        "tiny-ws-systolic", array: .systolic, dataflow: .weightStationary, rows: 2, cols: 2, lanes: 1,
        memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 6, holds: [.weights]), glb, dram])
    static let outputStationaryLanes = design(
        "tiny-os-lanes", array: .broadcast, dataflow: .outputStationary, rows: 2, cols: 2, lanes: 2,
        memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 12), glb, dram])
    /// Eyeriss-style split scratchpads: each per-PE level holds one operand, so a level's
    /// tile can overflow through factors placed below it.
    static let splitScratchpads = design(
        "tiny-split", array: .broadcast, dataflow: .weightStationary, rows: 2, cols: 1, lanes: 1,
        memory: [MemoryLevel(name: "ifmap", scope: .perPE, sizeBytes: 3, holds: [.inputs]),
                 MemoryLevel(name: "weights", scope: .perPE, sizeBytes: 4, holds: [.weights]),
                 MemoryLevel(name: "GLB", sizeBytes: 64, holds: [.inputs, .outputs], bandwidthBytesPerCycle: 8), dram])
    /// Rows of 4: 13 pads to 14 (a multiple of 2) and to 16 (of 4).
    static let rowStationary4x2 = design("tiny-rs-4x2", array: .broadcast, dataflow: .rowStationary, rows: 4, cols: 2, lanes: 1,
                                         memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 8), glb, dram])
    /// One register file per pair of PEs: its tile grows with the array axes it serves.
    static let sharedRegisters = design("tiny-shared-rf", array: .broadcast, dataflow: .any, rows: 2, cols: 2, lanes: 1,
                                        memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 8, sharedByPEs: 2), glb, dram])
    /// Everything on chip: the outermost level is bounded too.
    static let onChipOnly = design("tiny-onchip", array: .broadcast, dataflow: .any, rows: 2, cols: 2, lanes: 1,
                                   memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 8),
                                            MemoryLevel(name: "SRAM", sizeBytes: 120, bandwidthBytesPerCycle: 8)])
}

enum TinyLayers {
    static let conv = Layer(name: "conv", op: .conv, bounds: DimensionVector(k: 4, c: 2, p: 3, q: 2, r: 3))
    static let depthwise = Layer(name: "dw", op: .depthwise, bounds: DimensionVector(g: 4, p: 2, q: 3, r: 3))
    static let fc = Layer(name: "fc", op: .fc, bounds: DimensionVector(k: 6, c: 4))
    static let strided = Layer(name: "strided", op: .conv, bounds: DimensionVector(k: 2, c: 3, p: 2, q: 2, r: 3, s: 3),
                               strideH: 2, strideW: 2)
    static let pointwise = Layer(name: "pw", op: .pointwise, bounds: DimensionVector(k: 8, c: 2, p: 2, q: 2))
    /// Awkward sizes: 7 and 13 output channels, 3 input channels (issue 9, item 4).
    static let awkward = Layer(name: "awkward", op: .conv, bounds: DimensionVector(k: 7, c: 3, p: 3, q: 2, r: 3))
    static let primeFC = Layer(name: "prime-fc", op: .fc, bounds: DimensionVector(k: 13, c: 5))
    static let pool = Layer(name: "pool", op: .pool, bounds: DimensionVector(g: 4, p: 2, q: 2, r: 2, s: 2), strideH: 2, strideW: 2)
}

struct ReferenceCase: CustomTestStringConvertible, Sendable {
    var layer: Layer
    var design: Accelerator
    var objective: MappingObjective
    var testDescription: String { "\(layer.name) on \(design.name), \(objective.rawValue)" }

    func model() throws -> LayerCostModel {
        LayerCostModel(accelerator: design, energy: try EnergyModel(accelerator: design))
    }

    static let table: [ReferenceCase] = [
        ReferenceCase(layer: TinyLayers.conv, design: TinyDesigns.rowStationary, objective: .edp),
        ReferenceCase(layer: TinyLayers.conv, design: TinyDesigns.outputStationaryLanes, objective: .latency),
        ReferenceCase(layer: TinyLayers.depthwise, design: TinyDesigns.rowStationary, objective: .energy),
        ReferenceCase(layer: TinyLayers.depthwise, design: TinyDesigns.weightStationarySystolic, objective: .edp),
        ReferenceCase(layer: TinyLayers.fc, design: TinyDesigns.weightStationarySystolic, objective: .latency),
        ReferenceCase(layer: TinyLayers.fc, design: TinyDesigns.outputStationaryLanes, objective: .edp),
        ReferenceCase(layer: TinyLayers.strided, design: TinyDesigns.rowStationary, objective: .edp),
        ReferenceCase(layer: TinyLayers.pointwise, design: TinyDesigns.splitScratchpads, objective: .energy),
        ReferenceCase(layer: TinyLayers.fc, design: TinyDesigns.splitScratchpads, objective: .edp),
        ReferenceCase(layer: TinyLayers.fc, design: TinyDesigns.onChipOnly, objective: .edp),
        ReferenceCase(layer: TinyLayers.awkward, design: TinyDesigns.rowStationary, objective: .edp),
        ReferenceCase(layer: TinyLayers.primeFC, design: TinyDesigns.outputStationaryLanes, objective: .latency),
        ReferenceCase(layer: TinyLayers.primeFC, design: TinyDesigns.rowStationary4x2, objective: .edp),
        ReferenceCase(layer: TinyLayers.fc, design: TinyDesigns.sharedRegisters, objective: .edp),
    ]
}

/// Every slot of every factor and every loop order, one point at a time: no compositions,
/// no pruning, validity and score from the cost model alone.
struct BruteForce {
    var bestScore = Double.infinity
    var validPoints = 0
    /// Distinct valid mappings: interchangeable factors collapse, as in the exhaustive search.
    var distinctValid = Set<Mapping>()

    /// Every padded space of the layer.
    init(spaces: [Mapspace], model: LayerCostModel, objective: MappingObjective) {
        for space in spaces { visit(space, model: model, objective: objective) }
    }

    private mutating func visit(_ space: Mapspace, model: LayerCostModel, objective: MappingObjective) {
        var slotOfFactor = space.allowedSlots.map { $0[0] }
        var digits = [Int](repeating: 0, count: space.factors.count)
        while true {
            for order in space.loopOrders.indices {
                let mapping = space.mapping(slotOfFactor: slotOfFactor, loopOrder: order)
                if model.violations(of: mapping, for: space.layer).isEmpty {
                    validPoints += 1
                    distinctValid.insert(mapping)
                    bestScore = min(bestScore, objective.score(model.cost(of: space.layer, mapping: mapping)))
                }
            }
            // Odometer over the allowed slots of every factor.
            var i = 0
            while i < digits.count {
                digits[i] += 1
                if digits[i] < space.allowedSlots[i].count { break }
                digits[i] = 0
                i += 1
            }
            if i == digits.count { break }
            for j in 0...i { slotOfFactor[j] = space.allowedSlots[j][digits[j]] }
        }
    }
}


/// The reference mappers against a brute force, against each other, and their errors.
@Suite struct ReferenceMapperTests {
    @Test(arguments: ReferenceCase.table)
    func exhaustiveEqualsBruteForce(_ c: ReferenceCase) throws {
        let model = try c.model()
        let spaces = Mapspace.paddedSpaces(layer: c.layer, accelerator: c.design)
        let brute = BruteForce(spaces: spaces, model: model, objective: c.objective)
        let outcome = try ExhaustiveMapper(model: model, objective: c.objective).explore(c.layer)
        #expect(brute.validPoints > 0)
        #expect(relativeDifference(c.objective.score(outcome.result.cost), brute.bestScore) <= 1e-12,
                "exhaustive \(c.objective.score(outcome.result.cost)) vs brute force \(brute.bestScore)")
        // Same set of valid points, counted once per composition.
        #expect(outcome.statistics.validPoints == brute.distinctValid.count)
        let counted = try ExhaustiveMapper(model: model, objective: c.objective).countPoints(c.layer)
        #expect(counted.validPoints == outcome.statistics.validPoints && counted.evaluations == 0)
        #expect(counted.mapspacePoints == outcome.statistics.mapspacePoints)
        #expect(outcome.statistics.evaluations <= outcome.statistics.validPoints)
        #expect(outcome.statistics.validPoints <= outcome.statistics.mapspacePoints)
        #expect(outcome.result.mapper == .exhaustive)
        #expect(outcome.result.status == .optimal)
        #expect(model.violations(of: outcome.result.mapping, for: c.layer).isEmpty)
        // The reported slot assignment rebuilds the reported mapping.
        let slots = try #require(outcome.slotOfFactor)
        let order = try #require(outcome.loopOrder)
        let space = try #require(spaces.first { $0.extents == outcome.extents })
        #expect(space.mapping(slotOfFactor: slots, loopOrder: order) == outcome.result.mapping)
    }

    @Test(arguments: ReferenceCase.table)
    func exhaustiveIsNeverWorseThanRandom(_ c: ReferenceCase) throws {
        let model = try c.model()
        let exhaustive = try ExhaustiveMapper(model: model, objective: c.objective).map(c.layer)
        let random = try RandomMapper(model: model, objective: c.objective, samples: 200, seed: 7).map(c.layer)
        #expect(c.objective.score(exhaustive.cost) <= c.objective.score(random.cost))
        #expect(random.mapper == .random)
        #expect(random.status == .heuristic)
        #expect(random.evaluatedCount > 0 && random.evaluatedCount <= 200)
        #expect(model.violations(of: random.mapping, for: c.layer).isEmpty)
        #expect(model.violations(of: exhaustive.mapping, for: c.layer).isEmpty)
    }

    @Test(arguments: [UInt64(1), 42, 0xDEAD_BEEF])
    func randomMapperIsDeterministicForASeed(_ seed: UInt64) throws {
        let c = ReferenceCase.table[0]
        let model = try c.model()
        let mapper = RandomMapper(model: model, objective: c.objective, samples: 100, seed: seed)
        let first = try mapper.map(c.layer)
        let second = try mapper.map(c.layer)
        #expect(first == second)
    }

    @Test func randomMapperSeedsDiffer() throws {
        let c = ReferenceCase.table[0]
        let model = try c.model()
        let results = try (1...6).map { seed in
            try RandomMapper(model: model, objective: c.objective, samples: 5, seed: UInt64(seed)).map(c.layer).mapping
        }
        #expect(Set(results).count > 1)
    }

    @Test func exhaustiveRefusesAMapspaceAboveTheLimit() throws {
        let c = ReferenceCase.table[0]
        let model = try c.model()
        let full = try ExhaustiveMapper(model: model, objective: c.objective).explore(c.layer)
        let limit = full.statistics.validPoints - 1
        #expect(throws: MappingError.mapspaceTooLarge(layer: "conv", points: full.statistics.mapspacePoints, limit: limit)) {
            try ExhaustiveMapper(model: model, objective: c.objective, maxPoints: limit).map(c.layer)
        }
        let error = MappingError.mapspaceTooLarge(layer: "conv", points: full.statistics.mapspacePoints, limit: 3)
        #expect(error.description == "layer 'conv': the exhaustive mapspace has \(full.statistics.mapspacePoints) points "
            + "and more than 3 of them are valid; too many to enumerate (raise maxPoints or use the ILP mapper)")
        // Exactly at the limit it runs, and finds the same optimum.
        let atLimit = try ExhaustiveMapper(model: model, objective: c.objective,
                                           maxPoints: full.statistics.validPoints).map(c.layer)
        #expect(atLimit == full.result)
    }

    @Test func exhaustiveReportsWhyNothingFits() throws {
        // The whole fc layer (6·4 weights + 4 inputs + 6 outputs = 34 bytes) cannot fit a 30-byte
        // outermost level, although the smallest tile fits every level.
        let design = TinyDesigns.design("tiny-full", array: .broadcast, dataflow: .any, rows: 2, cols: 2, lanes: 1,
                                        memory: [MemoryLevel(name: "RF", scope: .perPE, sizeBytes: 8),
                                                 MemoryLevel(name: "SRAM", sizeBytes: 30, bandwidthBytesPerCycle: 8)])
        let model = LayerCostModel(accelerator: design, energy: try EnergyModel(accelerator: design))
        let expected = MappingError.noValidMapping(
            layer: "fc", reason: "no point of the mapspace fits the array and the memory capacities: even with every "
                + "factor at the outermost level, tile of 34 bytes exceeds SRAM's 30 bytes")
        #expect(throws: expected) { try ExhaustiveMapper(model: model, objective: .edp).map(TinyLayers.fc) }
        #expect(throws: MappingError.self) { try RandomMapper(model: model, objective: .edp, samples: 10).map(TinyLayers.fc) }
    }

    @Test(arguments: [TinyDesigns.rowStationary.name, TinyDesigns.weightStationarySystolic.name])
    func vectorUnitLayersMatchTheSearchMapper(_ name: String) throws {
        let design = try #require([TinyDesigns.rowStationary, TinyDesigns.weightStationarySystolic].first { $0.name == name })
        let model = LayerCostModel(accelerator: design, energy: try EnergyModel(accelerator: design))
        let search = try SearchMapper(model: model, objective: .edp).map(TinyLayers.pool)
        #expect(try ExhaustiveMapper(model: model, objective: .edp).map(TinyLayers.pool) == search)
        #expect(try RandomMapper(model: model, objective: .edp).map(TinyLayers.pool) == search)
    }

    @Test func referenceMappersShareTheSearchMappersFeasibilityErrors() throws {
        let design = TinyDesigns.rowStationary
        let model = LayerCostModel(accelerator: design, energy: try EnergyModel(accelerator: design))
        var wide = TinyLayers.fc
        wide.weightBits = 16
        let expected = MappingError.precisionUnsupported(layer: "fc", bits: 16, supportedBits: 8)
        #expect(throws: expected) { try ExhaustiveMapper(model: model, objective: .edp).map(wide) }
        #expect(throws: expected) { try RandomMapper(model: model, objective: .edp).map(wide) }
    }
}

/// Padded extents (issue 9, item 4), counted by hand: a bound is rounded up to a multiple
/// of each divisor of every broadcast axis (or the MAC lanes) that unrolls it, within a
/// quarter of the bound, at most three padded values; a systolic axis folds instead.
struct ExtentCase: CustomTestStringConvertible, Sendable {
    var layer: Layer
    var design: Accelerator
    var dimension: LoopDimension
    var expected: [Int]
    var testDescription: String { "\(dimension.rawValue)=\(layer.bounds[dimension]) on \(design.name)" }

    static func fc(k: Int, c: Int) -> Layer { Layer(name: "fc", op: .fc, bounds: DimensionVector(k: k, c: c)) }
    static func broadcast(rows: Int, cols: Int) -> Accelerator {
        TinyDesigns.design("os-\(rows)x\(cols)", array: .broadcast, dataflow: .outputStationary, rows: rows, cols: cols,
                           lanes: 1, memory: [TinyDesigns.dram])
    }

    static let table: [ExtentCase] = [
        // Row stationary 2x2: K on rows and cols (2): 7 -> 8; C=3 -> 4 wastes 33%.
        ExtentCase(layer: TinyLayers.awkward, design: TinyDesigns.rowStationary, dimension: .K, expected: [7, 8]),
        ExtentCase(layer: TinyLayers.awkward, design: TinyDesigns.rowStationary, dimension: .C, expected: [3]),
        // Rows of 4, cols of 2: 13 -> 14 (2) and 16 (4); 5 -> 6 (2), 8 wastes 60%.
        ExtentCase(layer: TinyLayers.primeFC, design: TinyDesigns.rowStationary4x2, dimension: .K, expected: [13, 14, 16]),
        ExtentCase(layer: TinyLayers.primeFC, design: TinyDesigns.rowStationary4x2, dimension: .C, expected: [5, 6]),
        // Output stationary with 2 lanes: K on cols and lanes, C on lanes only.
        ExtentCase(layer: TinyLayers.primeFC, design: TinyDesigns.outputStationaryLanes, dimension: .K, expected: [13, 14]),
        ExtentCase(layer: TinyLayers.primeFC, design: TinyDesigns.outputStationaryLanes, dimension: .C, expected: [5, 6]),
        // A systolic array folds K instead of padding it.
        ExtentCase(layer: TinyLayers.awkward, design: TinyDesigns.weightStationarySystolic, dimension: .K, expected: [7]),
        // 1000 classes on 16 columns: 1008; on 32: 1008 and 1024 (8 divides 1000 already).
        ExtentCase(layer: fc(k: 1000, c: 4), design: broadcast(rows: 1, cols: 16), dimension: .K, expected: [1000, 1008]),
        ExtentCase(layer: fc(k: 1000, c: 4), design: broadcast(rows: 1, cols: 32), dimension: .K, expected: [1000, 1008, 1024]),
        // 197 tokens on 8 rows (output stationary puts P on rows): 198 and 200.
        ExtentCase(layer: Layer(name: "tokens", op: .matmul, bounds: DimensionVector(k: 4, c: 4, p: 197)),
                   design: broadcast(rows: 8, cols: 1), dimension: .P, expected: [197, 198, 200]),
    ]
}

@Test(arguments: ExtentCase.table)
func paddedExtentsAreTheAxisDivisorsMultiples(_ c: ExtentCase) {
    let options = Mapspace.extentOptions(layer: c.layer, accelerator: c.design)
    #expect(options[c.dimension.index] == c.expected)
    // One padded space per combination, the exact one first.
    let spaces = Mapspace.paddedSpaces(layer: c.layer, accelerator: c.design)
    #expect(spaces.count == options.reduce(1) { $0 * $1.count })
    #expect(spaces[0].extents == c.layer.bounds)
    #expect(Set(spaces.map(\.extents)).count == spaces.count)
}

/// Padding pays where the exact bound idles the array: 13 outputs on 4 rows of a
/// row-stationary array. The exhaustive optimum over the padded mapspace beats the best
/// point with exact factors (a brute force of that one space), by what the idle rows cost.
@Test func paddingBeatsExactFactorsOnAnAwkwardLayer() throws {
    let c = ReferenceCase(layer: TinyLayers.primeFC, design: TinyDesigns.rowStationary4x2, objective: .edp)
    let model = try c.model()
    let exact = BruteForce(spaces: [Mapspace(layer: c.layer, accelerator: c.design)], model: model, objective: .edp)
    let padded = try ExhaustiveMapper(model: model, objective: .edp).explore(c.layer)
    #expect(c.objective.score(padded.result.cost) < exact.bestScore * 0.9)
    #expect(padded.extents != c.layer.bounds)
}
