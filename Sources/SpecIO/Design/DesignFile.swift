import CodesignCore

/// One explored parameter of a design space: a scalar of the design file written as a list.
public struct DesignAxis: Sendable, Hashable {
    /// Dotted path of the parameter: `pe_array.rows`, `memory[1].size_kib`, `dataflow`.
    public var path: String
    /// The path a reader recognises: a memory level by its name (`GLB.size_kib`,
    /// `DRAM.type`), other parameters by their path (`pe_array.rows`, `technology.clock_mhz`).
    /// Reports name a design point by these (`GLB.size_kib=128`).
    public var label: String
    /// The values as written in the file, in file order.
    public var values: [String]
    /// Where the list is written.
    public var location: SourceLocation

    /// `label=value` for the index-th value: how every output names this knob's setting.
    public func setting(_ index: Int) -> String { "\(label)=\(values[index])" }
}

/// Source locations of a design's parts, for diagnostics raised after loading (a layer that
/// cannot be mapped, a level too small for any tile).
public struct DesignLocations: Sendable, Hashable {
    /// The whole file (line 1, column 1).
    public var file: SourceLocation
    /// The `design:` name.
    public var name: SourceLocation
    public var technology: SourceLocation
    public var peArray: SourceLocation
    /// `array:` and `dataflow:` values; nil when the file leaves them at their defaults.
    public var array: SourceLocation?
    public var dataflow: SourceLocation?
    /// The `memory:` list, and each level's mapping by index (innermost first).
    public var memory: SourceLocation
    public var memoryLevels: [SourceLocation]
    /// The value of every node by dotted path: `pe_array.rows`, `memory[1].size_kib`,
    /// `memory[1].holds[0]`, `technology.clock_mhz[1]`.
    public var values: [String: SourceLocation]

    /// The mapping of memory level `index` (innermost first), nil outside the list.
    public func memoryLevel(_ index: Int) -> SourceLocation? {
        memoryLevels.indices.contains(index) ? memoryLevels[index] : nil
    }
}

/// A validated design file, or design space when some scalars are lists.
///
/// Points of a space are numbered like nested loops over `axes`, which are the lists in the
/// order they appear in the file (by line, then column): the first list is the outermost
/// loop and the last list varies fastest. Point 0 takes the first value of every list; in
/// `rows: [8, 16]` then `cols: [8, 16]`, point 1 is rows 8, cols 16 and point 2 is rows 16,
/// cols 8. The order depends only on the file, so shards and resumed runs agree on it.
public struct DesignSpec: Sendable {
    public var name: String
    /// The file this was loaded from, as given to the loader.
    public var path: String
    /// Whether any scalar was given as a list (even a list of one value).
    public var isSpace: Bool
    /// 1 for a plain design; the product of the list lengths for a space.
    public var pointCount: Int
    /// The explored parameters, in enumeration order (outermost first); empty for a design.
    public var axes: [DesignAxis]
    public var locations: DesignLocations

    let template: DesignTemplate
    /// The `vendor:` block of a vendor profile; nil for a user's design.
    public var vendor: VendorSpec?

    /// The index-th point of the space, in the order documented on the type (0 for a plain
    /// design). The accelerator is named after the design, with the point's index appended
    /// for a space (`eyeriss-space#17`).
    public func accelerator(at index: Int) -> Accelerator {
        precondition(index >= 0 && index < pointCount, "design point \(index) is outside 0..<\(pointCount)")
        return template.accelerator(choices: coordinates(at: index), name: isSpace ? "\(name)#\(index)" : name)
    }

    /// For the index-th point, the position within each axis's list (one entry per axis).
    public func coordinates(at index: Int) -> [Int] {
        precondition(index >= 0 && index < pointCount, "design point \(index) is outside 0..<\(pointCount)")
        return MixedRadix.digits(of: index, radices: axes.map(\.values.count))
    }
}

/// A design parameter's candidate values; `axis` is its position among the space's axes,
/// nil for a scalar.
struct Candidates<Value: Sendable>: Sendable {
    var values: [Value]
    var axis: Int?

    init(_ value: Value) {
        self.values = [value]
        self.axis = nil
    }

    init(values: [Value], axis: Int?) {
        self.values = values
        self.axis = axis
    }

    func pick(_ choices: [Int]) -> Value { values[axis.map { choices[$0] } ?? 0] }
}

/// A design space before enumeration: every parameter with its candidates.
struct DesignTemplate: Sendable {
    struct Level: Sendable {
        var name: String
        var scope: MemoryLevel.Scope
        var holds: Set<Operand>
        var technology: Candidates<MemoryTechnology>
        /// nil: unbounded (off-chip).
        var sizeBytes: Candidates<Int>?
        var bandwidthBytesPerCycle: Candidates<Double>?
        var bandwidthBytesPerSecond: Candidates<Double>?
        var wordBits: Candidates<Int>?
        var readEnergyPJPerBit: Candidates<Double>?
        var writeEnergyPJPerBit: Candidates<Double>?
        var instances: Candidates<Int>
        var sharedByPEs: Candidates<Int>
        var doubleBuffered: Candidates<Bool>
    }

    var nodeNm: Candidates<Double>
    var clockMHz: Candidates<Double>
    var vddV: Candidates<Double>?
    var rows: Candidates<Int>
    var cols: Candidates<Int>
    var macsPerPE: Candidates<Int>
    var precisionBits: Candidates<Int>
    var macEnergyPJ: Candidates<Double>?
    var array: Candidates<ArrayKind>
    var dataflow: Candidates<Dataflow>
    var memory: [Level]
    var vectorOpsPerCycle: Candidates<Int>?
    var chips: Candidates<Int>
    var leakageMWPerMM2: Candidates<Double>?

    func accelerator(choices: [Int], name: String) -> Accelerator {
        let memory = self.memory.map { level in
            MemoryLevel(name: level.name, scope: level.scope, technology: level.technology.pick(choices),
                        sizeBytes: level.sizeBytes?.pick(choices), holds: level.holds,
                        bandwidthBytesPerCycle: level.bandwidthBytesPerCycle?.pick(choices),
                        bandwidthBytesPerSecond: level.bandwidthBytesPerSecond?.pick(choices),
                        wordBits: level.wordBits?.pick(choices),
                        readEnergyPJPerBit: level.readEnergyPJPerBit?.pick(choices),
                        writeEnergyPJPerBit: level.writeEnergyPJPerBit?.pick(choices),
                        instances: level.instances.pick(choices), sharedByPEs: level.sharedByPEs.pick(choices),
                        doubleBuffered: level.doubleBuffered.pick(choices))
        }
        return Accelerator(
            name: name,
            technology: Technology(nodeNm: nodeNm.pick(choices), clockMHz: clockMHz.pick(choices),
                                   vddV: vddV?.pick(choices)),
            peArray: PEArray(rows: rows.pick(choices), cols: cols.pick(choices), macsPerPE: macsPerPE.pick(choices),
                             precisionBits: precisionBits.pick(choices), macEnergyPJ: macEnergyPJ?.pick(choices)),
            array: array.pick(choices), dataflow: dataflow.pick(choices), memory: memory,
            vectorOpsPerCycle: vectorOpsPerCycle?.pick(choices), chips: chips.pick(choices),
            leakageMWPerMM2: leakageMWPerMM2?.pick(choices))
    }
}
