import CodesignCore
import Yams

/// A design scalar as written: one value, or a list of values in a design space.
struct Written<Value> {
    var path: String
    var keyLocation: SourceLocation
    /// The value node: the scalar, or the list.
    var location: SourceLocation
    var isList: Bool
    var values: [Located<Value>]
}

/// A design file as written: phase one's output, types checked, nothing else.
struct RawDesign {
    struct Level {
        var index: Int
        var location: SourceLocation
        var name: Located<String>?
        var scope: Located<String>?
        /// size_bytes / size_kib / size_mib as given (normally one).
        var sizes: [(key: String, value: Written<NumberLiteral>)] = []
        var holds: [Located<String>]?
        var holdsLocation: SourceLocation?
        var bandwidths: [(key: String, value: Written<NumberLiteral>)] = []
        var type: Written<String>?
        var wordBits: Written<NumberLiteral>?
        /// energy_pj_per_bit (reads and writes alike), read_energy_pj_per_bit and
        /// write_energy_pj_per_bit as given, in file order.
        var energies: [(key: String, value: Written<NumberLiteral>)] = []
        var instances: Written<NumberLiteral>?
        var sharedByPEs: Written<NumberLiteral>?
        var doubleBuffered: Written<Bool>?
        /// False for an item that is not a mapping; it is kept so that positions (and which
        /// level is outermost) stay those of the file.
        var isMapping = true

        var label: String { name.map { "memory level '\($0.value)'" } ?? "memory level #\(index + 1)" }
        /// The operand names `holds` gives, every operand when it is absent.
        var heldOperands: Set<String> { Set(holds?.map(\.value) ?? Operand.allCases.map(\.rawValue)) }
    }

    var location: SourceLocation
    var name: Located<String>?
    var technologyLocation: SourceLocation?
    var nodeNm: Written<NumberLiteral>?
    var clockMHz: Written<NumberLiteral>?
    var vddV: Written<NumberLiteral>?
    var peArrayLocation: SourceLocation?
    var rows: Written<NumberLiteral>?
    var cols: Written<NumberLiteral>?
    var macsPerPE: Written<NumberLiteral>?
    var precision: Written<NumberLiteral>?
    var macEnergyPJ: Written<NumberLiteral>?
    var array: Written<String>?
    var dataflow: Written<String>?
    var memoryLocation: SourceLocation?
    var memory: [Level]?
    var vectorOpsPerCycle: Written<NumberLiteral>?
    var chips: Written<NumberLiteral>?
    var leakageMWPerMM2: Written<NumberLiteral>?
    /// A vendor profile's `vendor:` block, already checked (nil when absent or wrong).
    var vendor: VendorSpec?
}

/// Memory types of the design format and what they model.
enum MemoryTypes {
    static let dram = ["LPDDR3", "LPDDR4", "LPDDR4X", "LPDDR5", "DDR3", "DDR4", "HBM2", "GDDR6"]
    /// Stores outside the accelerator with a bandwidth and no cited energy per bit: host links,
    /// and a microcontroller's embedded flash (read through its bus like a link).
    static let hostLinks = ["USB2", "USB3", "PCIe2", "PCIe3", "FLASH"]
    static let all: [(String, MemoryTechnology)] =
        [("SRAM", .sram)] + dram.map { ($0, .dram(type: $0)) } + hostLinks.map { ($0, .hostLink(type: $0)) }
}

/// Reads, checks and builds a design file or design space (INTERFACE.md, "Design file").
enum DesignDecoder {
    static let sizeUnits: [(key: String, bytes: Int)] = [("size_bytes", 1), ("size_kib", 1024), ("size_mib", 1 << 20)]
    static let bandwidthKeys = ["bandwidth_bytes_per_cycle", "bandwidth_gb_per_s"]
    /// One energy for reads and writes alike, or one per direction (never both forms).
    static let energyKeys = ["energy_pj_per_bit", "read_energy_pj_per_bit", "write_energy_pj_per_bit"]
    /// Physical ranges, not model limits: they refuse values no circuit has (a figure typed
    /// in the wrong unit, a fuzzed 1e-300) before they reach the models and the ILPs, where
    /// they would end as an unlocated numerical failure. 1e-6 pJ per bit or per MAC is still
    /// three hundred times the Landauer limit (kT ln 2 = 2.9e-9 pJ at 300 K).
    static let energyRule = RealRule.between(1e-6, 1e6, phrase: "a number of picojoules from 0.000001 to 1000000")

    static func load(document: YAMLDocument, log: DiagnosticLog) -> DesignSpec? {
        guard let raw = decode(document.root, reader: NodeReader(log: log)) else { return nil }
        return validateAndBuild(raw, document: document, log: log)
    }

    // MARK: Phase 1: decode

    static func decode(_ root: Node, reader: NodeReader) -> RawDesign? {
        guard var top = reader.mapping(root, "the top level", context: "the design") else { return nil }
        var raw = RawDesign(location: top.location)
        if let n = top.required("design") { raw.name = reader.string(n, "design") }
        if let n = top.optional("description") { _ = reader.string(n, "description") }
        if let n = top.required("technology"), var map = reader.mapping(n, "'technology'") {
            raw.technologyLocation = map.location
            raw.nodeNm = numbers(&map, "node_nm", required: true, path: "technology", reader: reader)
            raw.clockMHz = numbers(&map, "clock_mhz", required: true, path: "technology", reader: reader)
            raw.vddV = numbers(&map, "vdd_v", path: "technology", reader: reader)
            map.reportUnknownKeys()
        }
        if let n = top.required("pe_array"), var map = reader.mapping(n, "'pe_array'") {
            raw.peArrayLocation = map.location
            raw.rows = numbers(&map, "rows", required: true, path: "pe_array", reader: reader)
            raw.cols = numbers(&map, "cols", required: true, path: "pe_array", reader: reader)
            raw.macsPerPE = numbers(&map, "macs_per_pe", path: "pe_array", reader: reader)
            raw.precision = numbers(&map, "precision", path: "pe_array", reader: reader)
            raw.macEnergyPJ = numbers(&map, "mac_energy_pj", path: "pe_array", reader: reader)
            map.reportUnknownKeys()
        }
        raw.array = written(&top, "array", path: "", reader: reader) { reader.string($0, "array") }
        raw.dataflow = written(&top, "dataflow", path: "", reader: reader) { reader.string($0, "dataflow") }
        if let n = top.required("memory"), let items = reader.list(n, "memory") {
            raw.memoryLocation = reader.location(of: n)
            raw.memory = items.enumerated().map { decodeLevel($1, index: $0, reader: reader) }
        }
        raw.vectorOpsPerCycle = numbers(&top, "vector_ops_per_cycle", path: "", reader: reader)
        raw.chips = numbers(&top, "chips", path: "", reader: reader)
        raw.leakageMWPerMM2 = numbers(&top, "leakage_mw_per_mm2", path: "", reader: reader)
        if let n = top.optional("vendor") {
            raw.vendor = VendorDecoder.decode(n, reader: reader)
        }
        top.reportUnknownKeys()
        return raw
    }

    private static func decodeLevel(_ node: Node, index: Int, reader: NodeReader) -> RawDesign.Level {
        var level = RawDesign.Level(index: index, location: reader.location(of: node))
        guard var map = reader.mapping(node, "memory level #\(index + 1)") else {
            level.isMapping = false
            return level
        }
        let path = "memory[\(index)]"
        if let n = map.required("name") { level.name = single(n, "name", reader: reader) }
        map.context = level.label
        if let n = map.optional("scope") { level.scope = single(n, "scope", reader: reader) }
        for unit in sizeUnits {
            if let value = numbers(&map, unit.key, path: path, reader: reader) { level.sizes.append((unit.key, value)) }
        }
        if let n = map.optional("holds") {
            level.holdsLocation = reader.location(of: n)
            level.holds = reader.list(n, "holds")?.compactMap { reader.string($0, "holds") }
        }
        for key in bandwidthKeys {
            if let value = numbers(&map, key, path: path, reader: reader) { level.bandwidths.append((key, value)) }
        }
        level.type = written(&map, "type", path: path, reader: reader) { reader.string($0, "type") }
        level.wordBits = numbers(&map, "word_bits", path: path, reader: reader)
        for key in energyKeys {
            if let value = numbers(&map, key, path: path, reader: reader) { level.energies.append((key, value)) }
        }
        level.instances = numbers(&map, "instances", path: path, reader: reader)
        level.sharedByPEs = numbers(&map, "shared_by_pes", path: path, reader: reader)
        level.doubleBuffered = written(&map, "double_buffered", path: path, reader: reader) {
            reader.bool($0, "double_buffered")
        }
        // "Both given" errors name the two keys in the order the user wrote them.
        level.sizes.sort { ($0.value.keyLocation.line, $0.value.keyLocation.column) < ($1.value.keyLocation.line, $1.value.keyLocation.column) }
        level.bandwidths.sort { ($0.value.keyLocation.line, $0.value.keyLocation.column) < ($1.value.keyLocation.line, $1.value.keyLocation.column) }
        level.energies.sort { ($0.value.keyLocation.line, $0.value.keyLocation.column) < ($1.value.keyLocation.line, $1.value.keyLocation.column) }
        map.reportUnknownKeys()
        return level
    }

    /// A key that names one thing and cannot be explored (`name`, `scope`).
    private static func single(_ node: Node, _ key: String, reader: NodeReader) -> Located<String>? {
        if case .sequence = node {
            reader.log.error("'\(key)' takes a single value; it cannot be explored as a list", at: reader.location(of: node))
            return nil
        }
        return reader.string(node, key)
    }

    private static func numbers(_ map: inout MappingReader, _ key: String, required: Bool = false, path: String,
                                reader: NodeReader) -> Written<NumberLiteral>? {
        let expected = (["node_nm", "clock_mhz", "vdd_v", "size_kib", "size_mib", "mac_energy_pj"] + energyKeys)
            .contains(key) || key.hasPrefix("bandwidth") ? "a positive number" : "a positive integer"
        return written(&map, key, required: required, path: path, reader: reader) {
            reader.number($0, key, expected: expected)
        }
    }

    /// A scalar, or in a design space a non-empty list of scalars.
    private static func written<Value>(_ map: inout MappingReader, _ key: String, required: Bool = false, path: String,
                                       reader: NodeReader, _ decode: (Node) -> Located<Value>?) -> Written<Value>? {
        guard let node = required ? map.required(key) : map.optional(key) else { return nil }
        let location = reader.location(of: node)
        let fullPath = path.isEmpty ? key : path + "." + key
        if case .sequence(let items) = node {
            if items.isEmpty {
                reader.log.error("'\(key)' must list at least one value, found an empty list", at: location)
                return nil
            }
            let values = items.compactMap(decode)
            guard values.count == items.count else { return nil }
            return Written(path: fullPath, keyLocation: map.keyLocation(key)!, location: location, isList: true,
                           values: values)
        }
        return decode(node).map {
            Written(path: fullPath, keyLocation: map.keyLocation(key)!, location: location, isList: false, values: [$0])
        }
    }

    /// `memory[1].size_kib` → `GLB.size_kib` when level 1 is named GLB (names are unique,
    /// checked with the levels); other paths as written.
    static func label(of path: String, levels: [RawDesign.Level]) -> String {
        guard path.hasPrefix("memory["), let close = path.firstIndex(of: "]"),
              let index = Int(path[path.index(path.startIndex, offsetBy: 7)..<close]),
              levels.indices.contains(index), let name = levels[index].name?.value, !name.isEmpty else { return path }
        return name + path[path.index(after: close)...]
    }

    // MARK: Phase 2: validate

    /// Registers the space's axes as parameters are checked; their numbering is fixed at the
    /// end, by position in the file.
    private final class AxisRegistry {
        var axes: [DesignAxis] = []

        func candidates<Value>(_ written: Written<some Any>, _ values: [Value]) -> Candidates<Value> {
            guard written.isList else { return Candidates(values: values, axis: nil) }
            axes.append(DesignAxis(path: written.path, label: written.path, values: written.values.map(Self.text),
                                   location: written.location))
            return Candidates(values: values, axis: axes.count - 1)
        }

        private static func text(_ value: Located<some Any>) -> String {
            switch value.value {
            case let number as NumberLiteral: number.text
            case let string as String: string
            case let bool as Bool: bool ? "true" : "false"
            default: "\(value.value)"
            }
        }
    }

    /// Checks every value of a parameter; nil if any is invalid.
    private static func check<Input, Output>(_ written: Written<Input>?, registry: AxisRegistry,
                                             _ validate: (Located<Input>) -> Output?) -> Candidates<Output>?? {
        guard let written else { return .some(nil) }
        var values: [Output] = []
        for value in written.values {
            if let checked = validate(value) { values.append(checked) }
        }
        guard values.count == written.values.count else { return nil }
        return .some(registry.candidates(written, values))
    }

    static func validateAndBuild(_ raw: RawDesign, document: YAMLDocument, log: DiagnosticLog) -> DesignSpec? {
        let registry = AxisRegistry()
        func integers(_ w: Written<NumberLiteral>?, _ key: String, _ rule: IntegerRule) -> Candidates<Int>?? {
            check(w, registry: registry) { log.integer($0, key, rule) }
        }
        func reals(_ w: Written<NumberLiteral>?, _ key: String, _ rule: RealRule) -> Candidates<Double>?? {
            check(w, registry: registry) { log.real($0, key, rule) }
        }
        if let name = raw.name, name.value.trimmingCharacters(in: .whitespaces).isEmpty {
            log.error("'design' must be a non-empty name", at: name.location)
        }
        let nodeNm = reals(raw.nodeNm, "node_nm", RealRule(lower: 3, lowerInclusive: true, upper: 250,
                                                          upperInclusive: true, phrase: "a number from 3 to 250"))
        // From a 10 kHz always-on domain (MCUs keep a 32.768 kHz clock) to 10 GHz.
        let clockMHz = reals(raw.clockMHz, "clock_mhz", .between(0.01, 10_000, phrase: "a number of MHz from 0.01 to 10000"))
        // A sanity bound, not a model limit: it refuses an I/O supply (2.5 V, 3.3 V) typed
        // for the core's. The fit's own lower bound depends on the node and is checked by
        // the energy model (`TechnologyTable.dynamicEnergyFactor(atNodeNm:vddV:)`).
        // Near-threshold logic runs at 0.25–0.4 V; 0.1 V is below any working supply.
        let vdd = reals(raw.vddV, "vdd_v", .between(0.1, 1.8, phrase: "a number of volts from 0.1 to 1.8"))
        let rows = integers(raw.rows, "rows", .positive(max: 4096))
        let cols = integers(raw.cols, "cols", .positive(max: 4096))
        let macsPerPE = integers(raw.macsPerPE, "macs_per_pe", .positive(max: 4096))
        let precision = integers(raw.precision, "precision", .positive(max: 32))
        let macEnergy = reals(raw.macEnergyPJ, "mac_energy_pj", energyRule)
        let array = check(raw.array, registry: registry) {
            log.choice($0, "array", ArrayKind.allCases.map { ($0.rawValue, $0) })
        }
        let dataflow = check(raw.dataflow, registry: registry) {
            log.choice($0, "dataflow", Dataflow.allCases.map { ($0.rawValue, $0) })
        }
        checkSystolicDataflow(raw, log: log)
        let vectorOps = integers(raw.vectorOpsPerCycle, "vector_ops_per_cycle", .positive(max: Limits.dimension,
                                                                                         label: Limits.dimensionLabel))
        let chips = integers(raw.chips, "chips", .positive(max: 1024))
        let leakage = reals(raw.leakageMWPerMM2, "leakage_mw_per_mm2",
                            RealRule(lower: 0, lowerInclusive: true, upper: 10_000, upperInclusive: true,
                                     phrase: "a non-negative number of at most 10000"))
        let memory = validateMemory(raw, registry: registry, log: log)
        checkSharedPerPELevels(raw, log: log)

        // Number the axes by their place in the file, so the order is the one users read.
        let order = registry.axes.indices.sorted {
            let a = registry.axes[$0].location, b = registry.axes[$1].location
            return (a.line, a.column) < (b.line, b.column)
        }
        var renumber = [Int](repeating: 0, count: order.count)
        for (position, old) in order.enumerated() { renumber[old] = position }
        let axes = order.map { index in
            var axis = registry.axes[index]
            axis.label = Self.label(of: axis.path, levels: raw.memory ?? [])
            return axis
        }
        let pointCount = checkedProduct(axes.map(\.values.count))
        if pointCount.map({ $0 > Limits.designPoints }) ?? true {
            log.error("the design space has too many points: the product of its list lengths must be at most \(Limits.designPoints) (\(Limits.designPointsLabel))",
                      at: raw.name?.location ?? raw.location)
        }

        if raw.vendor != nil, !axes.isEmpty {
            log.error("a vendor profile describes one device: its scalars cannot be lists", at: axes[0].location)
        }
        guard !log.hasErrors, let name = raw.name, let memory, let pointCount,
              let nodeNm = nodeNm ?? nil, let clockMHz = clockMHz ?? nil, let rows = rows ?? nil, let cols = cols ?? nil,
              let vdd, let macsPerPE, let precision, let macEnergy, let array, let dataflow, let vectorOps, let chips, let leakage,
              let technologyLocation = raw.technologyLocation, let peArrayLocation = raw.peArrayLocation,
              let memoryLocation = raw.memoryLocation else { return nil }
        func renumbered<T>(_ c: Candidates<T>) -> Candidates<T> {
            Candidates(values: c.values, axis: c.axis.map { renumber[$0] })
        }
        let template = DesignTemplate(
            nodeNm: renumbered(nodeNm), clockMHz: renumbered(clockMHz), vddV: vdd.map(renumbered),
            rows: renumbered(rows), cols: renumbered(cols),
            macsPerPE: macsPerPE.map(renumbered) ?? Candidates(1),
            precisionBits: precision.map(renumbered) ?? Candidates(8),
            macEnergyPJ: macEnergy.map(renumbered),
            array: array.map(renumbered) ?? Candidates(.broadcast),
            dataflow: dataflow.map(renumbered) ?? Candidates(.any),
            memory: memory.map { level in
                var level = level
                level.technology = renumbered(level.technology)
                level.sizeBytes = level.sizeBytes.map(renumbered)
                level.bandwidthBytesPerCycle = level.bandwidthBytesPerCycle.map(renumbered)
                level.bandwidthBytesPerSecond = level.bandwidthBytesPerSecond.map(renumbered)
                level.wordBits = level.wordBits.map(renumbered)
                level.readEnergyPJPerBit = level.readEnergyPJPerBit.map(renumbered)
                level.writeEnergyPJPerBit = level.writeEnergyPJPerBit.map(renumbered)
                level.instances = renumbered(level.instances)
                level.sharedByPEs = renumbered(level.sharedByPEs)
                level.doubleBuffered = renumbered(level.doubleBuffered)
                return level
            },
            vectorOpsPerCycle: vectorOps.map(renumbered), chips: chips.map(renumbered) ?? Candidates(1),
            leakageMWPerMM2: leakage.map(renumbered))
        let locations = DesignLocations(
            file: .file(document.path), name: name.location, technology: technologyLocation, peArray: peArrayLocation,
            array: raw.array?.location, dataflow: raw.dataflow?.location, memory: memoryLocation,
            memoryLevels: (raw.memory ?? []).map(\.location),
            values: NodeLocations.collect(document.root, path: document.path))
        return DesignSpec(name: name.value, path: document.path, isSpace: !axes.isEmpty, pointCount: pointCount,
                          axes: axes, locations: locations, template: template, vendor: raw.vendor)
    }

    /// SCALE-Sim's systolic arrays stream one operand and keep another; row stationary and
    /// the free dataflow have no systolic meaning. Every (array, dataflow) pair of a space
    /// is checked, so no point of the space is invalid.
    private static func checkSystolicDataflow(_ raw: RawDesign, log: DiagnosticLog) {
        guard let systolic = raw.array?.values.first(where: { $0.value == ArrayKind.systolic.rawValue }) else { return }
        let allowed: [Dataflow] = [.weightStationary, .outputStationary, .inputStationary]
        let names = Suggestions.list(allowed.map(\.rawValue))
        guard let dataflow = raw.dataflow else {
            log.error("a systolic array needs a 'dataflow' of \(names); the default 'any' has no systolic meaning",
                      at: systolic.location)
            return
        }
        for value in dataflow.values {
            guard let flow = Dataflow(rawValue: value.value), !allowed.contains(flow) else { continue }
            log.error("dataflow '\(flow.rawValue)' is not possible on a systolic array; use \(names)",
                      at: value.location, notes: [.note("'array: systolic' is given here", at: systolic.location)])
        }
    }

    private static func validateMemory(_ raw: RawDesign, registry: AxisRegistry,
                                       log: DiagnosticLog) -> [DesignTemplate.Level]? {
        guard let levels = raw.memory, let memoryLocation = raw.memoryLocation else { return nil }
        if levels.isEmpty {
            log.error("'memory' must list at least one level, found an empty list", at: memoryLocation)
            return nil
        }
        var result: [DesignTemplate.Level] = []
        var valid = true
        var firstShared: RawDesign.Level?
        let outermost = levels.count - 1
        for (position, level) in levels.enumerated() {
            guard level.isMapping else {
                valid = false
                continue
            }
            if let name = level.name {
                if name.value.isEmpty { log.error("'name' must not be empty", at: name.location) }
                if let first = levels[..<position].first(where: { $0.name?.value == name.value }) {
                    log.error("memory level name '\(name.value)' is used twice; level names must be unique",
                              at: name.location, notes: [.note("'\(name.value)' is first used here", at: first.name!.location)])
                }
            }
            let scope = log.choice(level.scope, "scope", [("per_pe", MemoryLevel.Scope.perPE), ("shared", .shared)])
                ?? (level.scope == nil ? .shared : nil)
            if scope == .shared, firstShared == nil { firstShared = level }
            if scope == .perPE, let shared = firstShared {
                log.error("per_pe \(level.label) must come before every shared level (memory lists levels innermost first)",
                          at: level.scope!.location, notes: [.note("shared \(shared.label) is here", at: shared.location)])
            } else if scope == .perPE, position == outermost {
                log.error("the outermost \(level.label) must be shared, not per_pe", at: level.scope!.location)
            }

            let technology = check(level.type, registry: registry) { type -> MemoryTechnology? in
                let match = MemoryTypes.all.first { $0.0.lowercased() == type.value.lowercased() }
                return match?.1 ?? log.choice(type, "memory type", MemoryTypes.all)
            }
            let sizeBytes = validateSize(level, registry: registry, log: log)
            if level.sizes.isEmpty {
                let onChip = level.type?.values.first { value in
                    MemoryTypes.all.first { $0.0.lowercased() == value.value.lowercased() }.map { $0.1.isOnChip } ?? false
                }
                let sizes = "give one of 'size_bytes', 'size_kib' or 'size_mib'"
                if position != outermost {
                    log.error("\(level.label) has no size; only the outermost level may be unbounded (off-chip): \(sizes)",
                              at: level.location)
                } else if level.type == nil || onChip != nil {
                    let type = onChip?.value ?? "SRAM"
                    log.error("\(level.label) is on chip (type \(type)) and needs a size: \(sizes), or give an off-chip type such as LPDDR4 or USB3",
                              at: onChip?.location ?? level.location)
                }
            }

            var holds = Set(Operand.allCases)
            // Whether `holds` is exactly what the user meant (no unknown word, not empty), so
            // that a missing operand is worth reporting.
            var holdsAsWritten = true
            if let written = level.holds {
                holds = []
                if written.isEmpty {
                    holdsAsWritten = false
                    log.error("'holds' of \(level.label) must name at least one of weights, inputs or outputs",
                              at: level.holdsLocation!)
                }
                for operand in written {
                    guard let value = log.choice(operand, "operand", Operand.allCases.map { ($0.rawValue, $0) }) else {
                        holdsAsWritten = false
                        continue
                    }
                    if holds.contains(value) {
                        log.error("'holds' of \(level.label) lists '\(value.rawValue)' twice", at: operand.location)
                    }
                    holds.insert(value)
                }
            }
            if position == outermost, holdsAsWritten {
                let missing = Operand.allCases.filter { !holds.contains($0) }
                if !missing.isEmpty {
                    log.error("the outermost \(level.label) must hold weights, inputs and outputs (every operand starts there); it does not hold \(Suggestions.list(missing.map(\.rawValue)).replacingOccurrences(of: " or ", with: " and "))",
                              at: level.holdsLocation ?? level.location)
                }
            }

            if level.bandwidths.count > 1 {
                log.error("\(level.label) gives both '\(level.bandwidths[0].key)' and '\(level.bandwidths[1].key)'; give at most one bandwidth",
                          at: level.bandwidths[1].value.keyLocation,
                          notes: [.note("'\(level.bandwidths[0].key)' is given here", at: level.bandwidths[0].value.keyLocation)])
            }
            let perCycle = check(level.bandwidths.first { $0.key == bandwidthKeys[0] }?.value, registry: registry) {
                // A 1-bit serial link at an eighth of the clock moves 0.016 bytes per cycle.
                log.real($0, bandwidthKeys[0], .between(0.001, Double(1 << 20),
                                                        phrase: "a number of bytes per cycle from 0.001 to 1048576 (2^20)"))
            }
            let perSecond = check(level.bandwidths.first { $0.key == bandwidthKeys[1] }?.value, registry: registry) {
                // From 1 kB/s (a slow serial flash) to 1 PB/s.
                log.real($0, bandwidthKeys[1], .between(1e-6, 1e6, phrase: "a number of GB/s from 0.000001 to 1000000"))
                    .map { $0 * 1e9 }
            }
            let wordBits = check(level.wordBits, registry: registry) { log.integer($0, "word_bits", .positive(max: 4096)) }
            let (readEnergy, writeEnergy) = validateEnergies(level, registry: registry, log: log)
            let instances = check(level.instances, registry: registry) {
                log.integer($0, "instances", .positive(max: Limits.dimension, label: Limits.dimensionLabel))
            }
            if let shared = level.sharedByPEs, scope == .shared {
                log.error("'shared_by_pes' applies to per_pe levels; shared \(level.label) already serves every PE (give 'instances' for parallel banks)",
                          at: shared.keyLocation)
            }
            let sharedByPEs = check(level.sharedByPEs, registry: registry) {
                log.integer($0, "shared_by_pes", .positive(max: Limits.dimension, label: Limits.dimensionLabel))
            }
            let doubleBuffered = check(level.doubleBuffered, registry: registry) { $0.value }

            guard let name = level.name?.value, let scope, let technology, let sizeBytes, let perCycle, let perSecond,
                  let wordBits, let readEnergy, let writeEnergy, let instances, let sharedByPEs,
                  let doubleBuffered else {
                valid = false
                continue
            }
            result.append(DesignTemplate.Level(
                name: name, scope: scope, holds: holds, technology: technology ?? Candidates(.sram),
                sizeBytes: sizeBytes, bandwidthBytesPerCycle: perCycle, bandwidthBytesPerSecond: perSecond,
                wordBits: wordBits, readEnergyPJPerBit: readEnergy, writeEnergyPJPerBit: writeEnergy,
                instances: instances ?? Candidates(1), sharedByPEs: sharedByPEs ?? Candidates(1),
                doubleBuffered: doubleBuffered ?? Candidates(true)))
        }
        return valid ? result : nil
    }

    /// `energy_pj_per_bit` alone (reads and writes alike), or `read_energy_pj_per_bit` with
    /// `write_energy_pj_per_bit`; the energies for (reads, writes), nil when a value is
    /// invalid and `.some(nil)` when none is given (the technology model decides).
    private static func validateEnergies(_ level: RawDesign.Level, registry: AxisRegistry, log: DiagnosticLog)
        -> (Candidates<Double>??, Candidates<Double>??) {
        let given = level.energies
        let both = given.first { $0.key == energyKeys[0] }
        if let both, let directional = given.first(where: { $0.key != energyKeys[0] }) {
            let (first, second) = both.value.keyLocation.line < directional.value.keyLocation.line
                || (both.value.keyLocation.line == directional.value.keyLocation.line
                    && both.value.keyLocation.column < directional.value.keyLocation.column)
                ? (both, directional) : (directional, both)
            log.error("\(level.label) gives both '\(first.key)' and '\(second.key)'; give '\(energyKeys[0])' for reads and writes alike, or '\(energyKeys[1])' and '\(energyKeys[2])'",
                      at: second.value.keyLocation, notes: [.note("'\(first.key)' is given here", at: first.value.keyLocation)])
        } else if both == nil, given.count == 1 {
            let missing = given[0].key == energyKeys[1] ? energyKeys[2] : energyKeys[1]
            log.error("\(level.label) gives '\(given[0].key)' without '\(missing)'; give both, or '\(energyKeys[0])' for reads and writes alike",
                      at: given[0].value.keyLocation)
        }
        func energy(_ key: String) -> Candidates<Double>?? {
            check(given.first { $0.key == key }?.value, registry: registry) { log.real($0, key, energyRule) }
        }
        let alike = energy(energyKeys[0]), read = energy(energyKeys[1]), write = energy(energyKeys[2])
        guard let alike, let read, let write else { return (nil, nil) }
        return (.some(read ?? alike), .some(write ?? alike))
    }

    /// A per_pe level shared by a group of PEs must split every array of the space into
    /// equal rectangular groups, and an outer per_pe level holding an operand of an inner one
    /// must serve whole groups of it (data moves from one instance into the instances below).
    private static func checkSharedPerPELevels(_ raw: RawDesign, log: DiagnosticLog) {
        guard let levels = raw.memory, let rows = raw.rows, let cols = raw.cols else { return }
        func integers(_ w: Written<NumberLiteral>?) -> [Int] {
            (w?.values ?? []).compactMap { $0.value.value == $0.value.value.rounded() && $0.value.value >= 1 && $0.value.value <= Double(Limits.dimension) ? Int($0.value.value) : nil }
        }
        let rowCounts = integers(rows), colCounts = integers(cols)
        var inner: [(level: RawDesign.Level, counts: [Located<NumberLiteral>])] = []
        for level in levels where level.scope?.value == MemoryLevel.Scope.perPE.rawValue {
            let values = level.sharedByPEs?.values ?? []
            for value in values where value.value.value == value.value.value.rounded() && value.value.value >= 1 {
                let n = Int(value.value.value)
                for r in rowCounts {
                    for c in colCounts where !(1...r).contains(where: { r % $0 == 0 && n % $0 == 0 && c % (n / $0) == 0 }) {
                        log.error("'shared_by_pes' of \(level.label) must split the \(r) x \(c) PEs into equal rectangular groups (a divisor of rows times a divisor of cols); \(n) does not",
                                  at: value.location, notes: raw.peArrayLocation.map { [.note("the PE array is given here", at: $0)] } ?? [])
                    }
                }
            }
            // Every pair of values of a space is checked, so no point of it is invalid.
            let outerCounts = values.isEmpty ? [1] : values.map { Int($0.value.value.rounded()) }
            for below in inner where !below.level.heldOperands.isDisjoint(with: level.heldOperands) {
                let innerCounts = below.counts.isEmpty ? [1] : below.counts.map { Int($0.value.value.rounded()) }
                let pairs = outerCounts.flatMap { o in innerCounts.map { (outer: o, inner: $0) } }
                guard let bad = pairs.first(where: { $0.outer >= 1 && $0.inner >= 1 && $0.outer % $0.inner != 0 }) else { continue }
                log.error("\(level.label) is shared by \(bad.outer) PE\(bad.outer == 1 ? "" : "s") but sits above per_pe \(below.level.label), shared by \(bad.inner), which holds the same operands: an outer per_pe level must serve whole groups of the inner one (a multiple of its 'shared_by_pes')",
                          at: level.sharedByPEs?.location ?? level.scope?.location ?? level.location,
                          notes: [.note("\(below.level.label) is here", at: below.level.location)])
            }
            inner.append((level, values))
        }
    }

    /// Exactly one of size_bytes / size_kib / size_mib, each value a whole number of bytes.
    private static func validateSize(_ level: RawDesign.Level, registry: AxisRegistry,
                                     log: DiagnosticLog) -> Candidates<Int>?? {
        guard let (key, written) = level.sizes.first else { return .some(nil) }
        if level.sizes.count > 1 {
            log.error("\(level.label) gives both '\(key)' and '\(level.sizes[1].key)'; give exactly one of 'size_bytes', 'size_kib' or 'size_mib'",
                      at: level.sizes[1].value.keyLocation, notes: [.note("'\(key)' is given here", at: written.keyLocation)])
        }
        let unit = sizeUnits.first { $0.key == key }!.bytes
        return check(written, registry: registry) { literal -> Int? in
            if unit == 1 {
                return log.integer(literal, key, .positive(max: Limits.memoryBytes, label: Limits.memoryBytesLabel))
            }
            let limit = Double(Limits.memoryBytes / unit)
            guard let value = log.real(literal, key, .positive(atMost: limit,
                                                                phrase: "a positive number of at most \(Int(limit)) (\(Limits.memoryBytesLabel) bytes)"))
            else { return nil }
            let bytes = value * Double(unit)
            guard bytes == bytes.rounded() else {
                log.error("'\(key)' must be a whole number of bytes, found \(literal.value.text) (\(bytes) bytes)",
                          at: literal.location)
                return nil
            }
            return Int(bytes)
        }
    }
}
