import Foundation
import Testing

/// Writes test inputs to a fresh temporary directory, so that each case is a real file.
public enum TestFiles {
    public static func write(_ bytes: [UInt8], name: String = "case.yaml") -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("specio-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url.path
    }

    public static func write(_ text: String, name: String = "case.yaml") -> String { write(Array(text.utf8), name: name) }

    /// A file under Tests/SpecIOTests/Fixtures, found from this file's own path so that
    /// every test target can use the same fixtures.
    public static func fixture(_ relativePath: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SpecIOTests/Fixtures").appendingPathComponent(relativePath).path
    }

    /// The case's input written to (or found as) a real file.
    public static func path(of input: BadInput) -> String {
        switch input.source {
        case .text(let text): write(text)
        case .bytes(let bytes): write(bytes)
        case .fixture(let name): fixture(name)
        }
    }
}

/// One invalid input and the diagnostic it must produce.
public struct BadInput: Sendable, CustomTestStringConvertible {
    public enum Loader: Sendable { case validate, workload, design }
    public enum Source: Sendable {
        case text(String)
        case bytes([UInt8])
        case fixture(String)
    }

    public var name: String
    public var loader: Loader = .validate
    public var source: Source
    public var line: Int
    public var column: Int
    public var message: String

    public init(_ name: String, _ loader: Loader, _ source: Source, _ line: Int, _ column: Int, _ message: String) {
        self.name = name
        self.loader = loader
        self.source = source
        self.line = line
        self.column = column
        self.message = message
    }

    public init(_ name: String, _ source: Source, _ line: Int, _ column: Int, _ message: String) {
        self.init(name, .validate, source, line, column, message)
    }

    public var testDescription: String { name }
}

/// A valid one-layer workload; cases change one line of it.
public func workload(layer: String = "{name: conv1, op: conv, K: 16, C: 3, P: 8, Q: 8, R: 3, S: 3}",
                      extra: String = "") -> String {
    """
    workload: test
    network:
      layers:
        - \(layer)
    \(extra)
    """
}

/// A valid design; cases replace parts of it.
public func design(array: String = "broadcast", dataflow: String = "weight_stationary",
                    memory: String = """
                      - {name: RF, scope: per_pe, size_bytes: 64}
                      - {name: GLB, size_kib: 64}
                      - {name: DRAM, type: LPDDR4, bandwidth_gb_per_s: 12.8}
                    """) -> String {
    """
    design: test
    technology: {node_nm: 28, clock_mhz: 500}
    pe_array: {rows: 8, cols: 8}
    array: \(array)
    dataflow: \(dataflow)
    memory:
    \(memory)
    """
}

/// The bad-input table: SpecIOTests checks each diagnostic, CLITests checks that the
/// binary reports it and exits 1 without crashing.
public let badInputs: [BadInput] = [
    // File-level problems.
    BadInput("empty file", .text(""), 1, 1, "the file is empty"),
    BadInput("only a comment", .text("# nothing here\n"), 1, 1, "the file is empty"),
    BadInput("binary garbage", .bytes([0x77, 0x6f, 0x72, 0x6b, 0x0a, 0x20, 0xff, 0xfe, 0x00, 0x01]), 2, 2,
             "not valid UTF-8 text: found byte 0xff"),
    BadInput("NUL byte", .bytes(Array("workload: a\nnet\0work: x\n".utf8)), 2, 4, "found a NUL byte"),
    BadInput("YAML syntax error", .fixture("bad/syntax-error.yaml"), 5, 6,
             "invalid YAML: did not find expected ',' or '}'"),
    BadInput("duplicate key", .text("workload: a\nnetwork:\n  layers:\n    - {name: c, op: fc, K: 1, K: 2, C: 3}\n"), 4, 31, "duplicate key 'K'"),
    BadInput("top level a list", .text("- workload: a\n- design: b\n"), 1, 1,
             "the top level must be a mapping with a 'workload:' or 'design:' key, found a list"),
    BadInput("neither workload nor design", .text("workloads: a\nnetwork: {zoo: resnet18}\n"), 1, 1,
             "did you mean 'workload' instead of 'workloads'?"),
    BadInput("design given to the workload loader", .workload, .text(design()), 1, 1,
             "expected a workload file, found a design file"),

    // Workload structure.
    BadInput("missing workload key", .workload, .text("network: {zoo: resnet18}\n"), 1, 1,
             "missing required key 'workload' in the workload"),
    BadInput("missing network key", .text("workload: a\ninput: {resolution: 224}\n"), 1, 1,
             "missing required key 'network' in the workload"),
    BadInput("unknown top-level key", .text(workload(extra: "objectivs: [latency]")), 5, 1,
             "unknown key 'objectivs' in the workload; did you mean 'objectives'?"),
    BadInput("wrong type", .text("workload: a\nnetwork: {zoo: resnet18}\ninput: {resolution: 224, channels: three}\n"), 3, 36, "'channels' must be a positive integer, found 'three'"),
    BadInput("a batch that pushes a zoo layer past 2^50 operations", .workload,
             .text("workload: big\nnetwork: {zoo: vit_tiny}\ninput: {resolution: 4096, batch: 1048576}\n"), 3, 21,
             "layer 'patch_embed' is too large: the product of its loop bounds (G·N·K·C·P·Q·R·S, the batch included) must be at most 2^50"),
    BadInput("65 layers at the per-layer limit add up past 2^56", .workload,
             .text("workload: many\nnetwork:\n  layers:\n" + (0..<65).map {
                 "    - {name: c\($0), op: conv, K: 1048576, C: 1024, P: 1024, Q: 1024, R: 1, S: 1}\n" }.joined()), 4, 5,
             "the network is too large: its 65 layers add up to more than 2^56 operations"),
    BadInput("zero production volume", .text(workload(extra: "production: {volume: 0}")), 5, 22,
             "'volume' must be a positive integer, found 0"),
    BadInput("fractional production volume", .text(workload(extra: "production: {volume: 2.5}")), 5, 22,
             "'volume' must be a positive integer, found 2.5"),
    BadInput("production volume beyond any product line", .text(workload(extra: "production: {volume: 20000000000}")), 5, 22,
             "'volume' must be at most 10000000000 (10^10)"),
    BadInput("unknown production key", .text(workload(extra: "production: {units: 1000}")), 5, 14,
             "unknown key 'units' in 'production'"),
    BadInput("network is a string", .text("workload: a\nnetwork: resnet18\n"), 2, 10,
             "'network' must be a mapping, found 'resnet18'"),
    BadInput("both zoo and layers",
             .text("workload: a\nnetwork:\n  zoo: resnet18\n  layers: []\n"), 4, 3,
             "'network' must have exactly one of 'zoo', 'onnx' or 'layers', found both 'zoo' and 'layers'"),
    BadInput("neither zoo nor layers", .text("workload: a\nnetwork: {}\n"), 2, 10,
             "'network' must have exactly one of 'zoo', 'onnx' or 'layers', found none"),
    BadInput("unknown zoo family", .text("workload: a\nnetwork: {zoo: mobilenet_v9}\n"), 2, 16,
             "unknown zoo network 'mobilenet_v9'; expected one of"),
    BadInput("zoo variant that cannot be built",
             .text("workload: a\nnetwork: {zoo: resnet18}\nvariants: {width: [1.0, 0.5]}\n"), 3, 25,
             "zoo network 'resnet18' cannot be built: resnet18 has no width multiplier (only 1.0), found 0.5"),
    BadInput("onnx model missing", .text("workload: a\nnetwork: {onnx: model.onnx}\n"), 2, 17,
             "ONNX model 'model.onnx' not found"),
    BadInput("missing accuracy table",
             .text("workload: a\nnetwork: {zoo: resnet18}\naccuracy: {table: tables/missing.csv}\n"), 3, 19,
             "accuracy table 'tables/missing.csv' not found"),
    BadInput("bad constraint string",
             .text("workload: a\nnetwork: {zoo: resnet18}\nconstraints: {fps: fast}\n"), 3, 20,
             "constraint 'fps' must be a comparison such as '>= 30'"),
    BadInput("unknown constraint key",
             .text("workload: a\nnetwork: {zoo: resnet18}\nconstraints: {throughput: \">= 30\"}\n"), 3, 15,
             "unknown constraint 'throughput'; expected one of fps, power_w, top1, area_mm2, energy_j, latency_s or cost_usd"),
    BadInput("unknown objective",
             .text("workload: a\nnetwork: {zoo: resnet18}\nobjectives: [latency, speed]\n"), 3, 23,
             "unknown objective 'speed'"),
    BadInput("variant width out of range",
             .text("workload: a\nnetwork: {zoo: mobilenet_v2}\nvariants: {width: [0.5, 5]}\n"), 3, 25,
             "'width' must be a number in (0, 4], found 5"),
    BadInput("variant precision not 4, 8, 16",
             .text("workload: a\nnetwork: {zoo: mobilenet_v2}\nvariants: {precision: [8, 12]}\n"), 3, 27,
             "'precision' must be 4, 8 or 16 bits, found 12"),

    // Explicit layers.
    BadInput("layers list empty", .text("workload: a\nnetwork:\n  layers: []\n"), 3, 11,
             "'layers' must list at least one layer, found an empty list"),
    BadInput("layer not a mapping", .text("workload: a\nnetwork:\n  layers: [conv1]\n"), 3, 12,
             "layer #1 must be a mapping, found 'conv1'"),
    BadInput("merge key of a scalar",
             .text("workload: a\nnetwork:\n  layers:\n    - {<<: 5, name: d, op: fc, K: 1, C: 1}\n"), 4, 12,
             "'<<' in layer #1 must merge a mapping or a list of mappings, found 5"),
    BadInput("missing K", .text(workload(layer: "{name: conv1, op: conv, C: 3, P: 8, Q: 8, R: 3, S: 3}")), 4, 7,
             "missing required key 'K' in layer 'conv1' (op conv)"),
    BadInput("unknown op", .text(workload(layer: "{name: conv1, op: convolution, K: 16, C: 3}")), 4, 25,
             "unknown op 'convolution'; expected one of conv, depthwise, grouped, pointwise, fc, matmul, pool or add"),
    BadInput("op close to a known one", .text(workload(layer: "{name: x, op: depthwize, C: 3, P: 8, Q: 8, R: 3, S: 3}")), 4, 21, "did you mean 'depthwise'?"),
    BadInput("negative dimension", .text(workload(layer: "{name: conv1, op: conv, K: -3, C: 3, P: 8, Q: 8, R: 3, S: 3}")), 4, 34, "'K' must be a positive integer, found -3"),
    BadInput("zero dimension", .text(workload(layer: "{name: conv1, op: conv, K: 16, C: 3, P: 0, Q: 8, R: 3, S: 3}")), 4, 47, "'P' must be a positive integer, found 0"),
    BadInput("2^40 dimension",
             .text(workload(layer: "{name: conv1, op: conv, K: 16, C: 1099511627776, P: 8, Q: 8, R: 3, S: 3}")), 4, 41, "'C' must be at most 1048576 (2^20), found 1099511627776"),
    BadInput("NaN dimension", .text(workload(layer: "{name: conv1, op: conv, K: 16, C: 3, P: .nan, Q: 8, R: 3, S: 3}")), 4, 47, "'P' must be a positive integer, found .nan"),
    BadInput("non-integer dimension", .text(workload(layer: "{name: conv1, op: conv, K: 2.5, C: 3, P: 8, Q: 8, R: 3, S: 3}")), 4, 34, "'K' must be a positive integer, found 2.5"),
    BadInput("quoted number", .text(workload(layer: "{name: fc1, op: fc, K: \"10\", C: 3}")), 4, 30,
             "'K' must be a positive integer, found the string '10'"),
    BadInput("stride 0", .text(workload(layer: "{name: conv1, op: conv, K: 16, C: 3, P: 8, Q: 8, R: 3, S: 3, stride: 0}")), 4, 76, "'stride' must be a positive integer, found 0"),
    BadInput("stride list of three",
             .text(workload(layer: "{name: conv1, op: conv, K: 16, C: 3, P: 8, Q: 8, R: 3, S: 3, stride: [1, 2, 3]}")), 4, 76, "'stride' must be an integer or a list of two integers [vertical, horizontal], found a list of 3"),
    BadInput("product of bounds over 2^50",
             .text(workload(layer: "{name: big, op: conv, K: 1048576, C: 1048576, P: 1024, Q: 1024, R: 1, S: 1}")),
             4, 7, "layer 'big' is too large: the product of its loop bounds (G·N·K·C·P·Q·R·S) must be at most 1125899906842624 (2^50)"),
    BadInput("K not divisible by G",
             .text(workload(layer: "{name: g1, op: grouped, K: 30, C: 32, G: 4, P: 8, Q: 8, R: 3, S: 3}")), 4, 34, "'K' (30) must be divisible by the group count G (4) in layer 'g1'"),
    BadInput("key that does not apply to the op", .text(workload(layer: "{name: fc1, op: fc, K: 10, C: 3, R: 3}")), 4, 40, "key 'R' does not apply to op 'fc' (layer 'fc1'); it takes N, K or C"),
    BadInput("unknown layer key", .text(workload(layer: "{name: c, op: conv, K: 1, C: 1, P: 1, Q: 1, R: 1, S: 1, strides: 2}")), 4, 63, "unknown key 'strides' in layer 'c'; did you mean 'stride'?"),
    BadInput("unknown producer",
             .fixture("bad/unknown-producer.yaml"), 6, 78, "unknown producer 'conv9' in 'inputs' of layer 'conv2'"),
    BadInput("cycle in the layer graph", .fixture("bad/cycle.yaml"), 6, 46,
             "the layer graph has a cycle: b -> c -> b"),
    BadInput("producer after consumer",
             .text("workload: a\nnetwork:\n  layers:\n    - {name: a, op: fc, K: 1, C: 1, inputs: [b]}\n    - {name: b, op: fc, K: 1, C: 1}\n"), 4, 46, "layer 'a' reads from 'b', which comes later"),
    BadInput("duplicate layer names", .fixture("bad/duplicate-layer.yaml"), 6, 14,
             "layer name 'conv1' is used twice"),
    BadInput("add with only one producer",
             .text("workload: a\nnetwork:\n  layers:\n    - {name: a, op: fc, K: 4, C: 4}\n    - {name: s, op: add, C: 4, P: 1, Q: 1}\n"), 5, 7, "'add' layer 's' needs two producers but only 1 earlier layer exists"),
    BadInput("add naming three producers",
             .text("workload: a\nnetwork:\n  layers:\n    - {name: a, op: fc, K: 4, C: 4}\n    - {name: s, op: add, C: 4, P: 1, Q: 1, inputs: [a, a, a]}\n"), 5, 52, "must name exactly two producers in 'inputs', found 3"),

    // Designs.
    BadInput("missing design key", .design, .text("technology: {node_nm: 28, clock_mhz: 500}\n"), 1, 1,
             "missing required key 'design' in the design"),
    BadInput("unknown dataflow", .text(design(dataflow: "weight_stationery")), 5, 11,
             "unknown dataflow 'weight_stationery'; expected one of weight_stationary, output_stationary, input_stationary, row_stationary or any; did you mean 'weight_stationary'?"),
    BadInput("systolic with row_stationary", .text(design(array: "systolic", dataflow: "row_stationary")), 5, 11,
             "dataflow 'row_stationary' is not possible on a systolic array; use weight_stationary, output_stationary or input_stationary"),
    BadInput("memory list empty", .text(design(memory: "  []")), 7, 3,
             "'memory' must list at least one level, found an empty list"),
    BadInput("unknown operand in holds",
             .text(design(memory: "  - {name: GLB, size_kib: 64, holds: [weight, inputs]}\n  - {name: DRAM, type: DDR4}")), 7, 39, "unknown operand 'weight'; expected one of weights, inputs or outputs; did you mean 'weights'?"),
    BadInput("two sizes", .text(design(memory: "  - {name: GLB, size_kib: 64, size_bytes: 65536}\n  - {name: DRAM, type: DDR4}")),
             7, 31, "memory level 'GLB' gives both 'size_kib' and 'size_bytes'"),
    BadInput("unbounded on-chip level", .text(design(memory: "  - {name: GLB, size_kib: 64}\n  - {name: big}")), 8, 5,
             "memory level 'big' is on chip (type SRAM) and needs a size"),
    BadInput("unbounded inner level", .text(design(memory: "  - {name: GLB, type: DDR4}\n  - {name: DRAM, type: DDR4}")),
             7, 5, "memory level 'GLB' has no size; only the outermost level may be unbounded"),
    BadInput("outermost level not holding everything",
             .text(design(memory: "  - {name: GLB, size_kib: 64}\n  - {name: DRAM, type: DDR4, holds: [weights, inputs]}")), 8, 37, "the outermost memory level 'DRAM' must hold weights, inputs and outputs (every operand starts there); it does not hold outputs"),
    BadInput("per_pe level after a shared one",
             .text(design(memory: "  - {name: GLB, size_kib: 64}\n  - {name: RF, scope: per_pe, size_bytes: 64}\n  - {name: DRAM, type: DDR4}")), 8, 23, "per_pe memory level 'RF' must come before every shared level"),
    BadInput("duplicate memory level names",
             .text(design(memory: "  - {name: GLB, size_kib: 64}\n  - {name: GLB, type: DDR4}")), 8, 12, "memory level name 'GLB' is used twice"),
    BadInput("unknown memory type",
             .text(design(memory: "  - {name: GLB, size_kib: 64}\n  - {name: DRAM, type: LPDDR9}")), 8, 24, "unknown memory type 'LPDDR9'"),
    BadInput("misspelt memory key",
             .text(design(memory: "  - {name: GLB, sise_kib: 64}\n  - {name: DRAM, type: DDR4}")), 7, 17, "unknown key 'sise_kib' in memory level 'GLB'; did you mean 'size_kib'?"),
    BadInput("fractional byte size",
             .text(design(memory: "  - {name: GLB, size_kib: 0.1}\n  - {name: DRAM, type: DDR4}")), 7, 27, "'size_kib' must be a whole number of bytes, found 0.1"),
    BadInput("clock too fast",
             .text("design: d\ntechnology: {node_nm: 28, clock_mhz: 20000}\npe_array: {rows: 8, cols: 8}\nmemory:\n  - {name: DRAM, type: DDR4}\n"),
             2, 38, "'clock_mhz' must be a number of MHz from 0.01 to 10000, found 20000"),
    // Values no circuit has, refused before they reach a model or an ILP (issue 12: a
    // clock of 1e-300 MHz ended as an unlocated "coefficient 2.2e+303" ILP error).
    BadInput("clock of 1e-300 MHz",
             .text("design: d\ntechnology: {node_nm: 28, clock_mhz: 1e-300}\npe_array: {rows: 8, cols: 8}\nmemory:\n  - {name: DRAM, type: DDR4}\n"),
             2, 38, "'clock_mhz' must be a number of MHz from 0.01 to 10000, found 1e-300"),
    BadInput("bandwidth of 1e-308 bytes per cycle",
             .text(design(memory: "  - {name: GLB, size_kib: 64, bandwidth_bytes_per_cycle: 1e-308}\n  - {name: DRAM, type: DDR4}")),
             7, 58, "'bandwidth_bytes_per_cycle' must be a number of bytes per cycle from 0.001 to 1048576 (2^20), found 1e-308"),
    // Alias expansion is bounded (issue 12: 447 bytes grew past 1.8 GB in validate).
    BadInput("billion laughs in a merge key", .text(aliasBomb), 3, 269,
             "alias '*a5' takes the file past 1000000 nodes once its aliases are expanded"),
    BadInput("billion laughs as a mapping key", .text(aliasKeyBomb), 7, 13,
             "alias '*a5' takes the file past 1000000 nodes once its aliases are expanded"),
    // Shapes against producers (issue 12: these were accepted).
    BadInput("layer reading channels its producer does not write",
             .text("workload: w\nnetwork:\n  layers:\n    - {name: a, op: conv, K: 8, C: 3, P: 8, Q: 8, R: 3, S: 3}\n    - {name: b, op: conv, K: 16, C: 1000, P: 512, Q: 512, R: 1, S: 1}\n"),
             5, 7, "layer 'b' reads 1000 input channels (C·G), but its producer 'a' writes 8"),
    BadInput("addition of tensors of different channels",
             .text("workload: w\nnetwork:\n  layers:\n    - {name: a, op: conv, K: 8, C: 3, P: 8, Q: 8, R: 3, S: 3}\n    - {name: b, op: conv, K: 16, C: 8, P: 8, Q: 8, R: 3, S: 3}\n    - {name: s, op: add, C: 16, P: 8, Q: 8, inputs: [b, a]}\n"),
             6, 7, "layer 's' adds tensors of 16 channels at 8x8, but 'a' writes 8 channels at 8x8"),
    BadInput("concatenation read with too many channels",
             .text("workload: w\nnetwork:\n  layers:\n    - {name: a, op: conv, K: 8, C: 3, P: 8, Q: 8, R: 3, S: 3}\n    - {name: b, op: conv, K: 8, C: 8, P: 8, Q: 8, R: 3, S: 3}\n    - {name: c, op: pointwise, K: 4, C: 24, P: 8, Q: 8, inputs: [a, b]}\n"),
             6, 7, "reads 24 input channels (C·G), but its producers 'a', 'b' write 16"),
    BadInput("input channels the first layer does not read", .workload,
             .text("workload: w\ninput: {resolution: 10, channels: 4}\nnetwork:\n  layers:\n    - {name: a, op: conv, K: 8, C: 3, P: 8, Q: 8, R: 3, S: 3}\n"),
             2, 35, "'channels' is 4, but the first layer 'a' reads 3 input channels (C·G)"),
    BadInput("array rows over 4096",
             .text("design: d\ntechnology: {node_nm: 28, clock_mhz: 500}\npe_array: {rows: [8, 8192], cols: 8}\nmemory:\n  - {name: DRAM, type: DDR4}\n"),
             3, 22, "'rows' must be at most 4096, found 8192"),
    BadInput("empty list in a design space",
             .text("design: d\ntechnology: {node_nm: 28, clock_mhz: 500}\npe_array: {rows: [], cols: 8}\nmemory:\n  - {name: DRAM, type: DDR4}\n"),
             3, 18, "'rows' must list at least one value, found an empty list"),
    BadInput("scope given as a list",
             .text(design(memory: "  - {name: GLB, scope: [shared, per_pe], size_kib: 64}\n  - {name: DRAM, type: DDR4}")),
             7, 24, "'scope' takes a single value; it cannot be explored as a list"),
    // Read and write energies, the MAC energy and shared per-PE levels (ZigZag's r_cost /
    // w_cost, unit_energy and served dimensions).
    BadInput("both energy forms on a level",
             .text(design(memory: "  - {name: GLB, size_kib: 64, energy_pj_per_bit: 0.5, read_energy_pj_per_bit: 0.4}\n  - {name: DRAM, type: DDR4}")),
             7, 55, "memory level 'GLB' gives both 'energy_pj_per_bit' and 'read_energy_pj_per_bit'; give 'energy_pj_per_bit' for reads and writes alike, or 'read_energy_pj_per_bit' and 'write_energy_pj_per_bit'"),
    BadInput("read energy without a write energy",
             .text(design(memory: "  - {name: GLB, size_kib: 64, read_energy_pj_per_bit: 0.4}\n  - {name: DRAM, type: DDR4}")),
             7, 31, "memory level 'GLB' gives 'read_energy_pj_per_bit' without 'write_energy_pj_per_bit'; give both, or 'energy_pj_per_bit' for reads and writes alike"),
    BadInput("negative write energy",
             .text(design(memory: "  - {name: GLB, size_kib: 64, read_energy_pj_per_bit: 0.4, write_energy_pj_per_bit: -1}\n  - {name: DRAM, type: DDR4}")),
             7, 85, "'write_energy_pj_per_bit' must be a number of picojoules from 0.000001 to 1000000, found -1"),
    BadInput("zero MAC energy",
             .text("design: d\ntechnology: {node_nm: 28, clock_mhz: 500}\npe_array: {rows: 8, cols: 8, mac_energy_pj: 0}\nmemory:\n  - {name: DRAM, type: DDR4}\n"),
             3, 45, "'mac_energy_pj' must be a number of picojoules from 0.000001 to 1000000, found 0"),
    BadInput("supply above 1.8 V",
             .text("design: d\ntechnology: {node_nm: 28, clock_mhz: 500, vdd_v: 3.3}\npe_array: {rows: 8, cols: 8}\nmemory:\n  - {name: DRAM, type: DDR4}\n"),
             2, 50, "'vdd_v' must be a number of volts from 0.1 to 1.8, found 3.3"),
    BadInput("negative supply",
             .text("design: d\ntechnology: {node_nm: 28, clock_mhz: 500, vdd_v: -0.9}\npe_array: {rows: 8, cols: 8}\nmemory:\n  - {name: DRAM, type: DDR4}\n"),
             2, 50, "'vdd_v' must be a number of volts from 0.1 to 1.8, found -0.9"),
    BadInput("shared_by_pes on a shared level",
             .text(design(memory: "  - {name: GLB, size_kib: 64, shared_by_pes: 4}\n  - {name: DRAM, type: DDR4}")),
             7, 31, "'shared_by_pes' applies to per_pe levels; shared memory level 'GLB' already serves every PE (give 'instances' for parallel banks)"),
    BadInput("shared_by_pes not splitting the array",
             .text(design(memory: "  - {name: RF, scope: per_pe, size_bytes: 64, shared_by_pes: 3}\n  - {name: DRAM, type: DDR4}")),
             7, 62, "'shared_by_pes' of memory level 'RF' must split the 8 x 8 PEs into equal rectangular groups (a divisor of rows times a divisor of cols); 3 does not"),
    BadInput("shared_by_pes beyond the array",
             .text(design(memory: "  - {name: RF, scope: per_pe, size_bytes: 64, shared_by_pes: 128}\n  - {name: DRAM, type: DDR4}")),
             7, 62, "'shared_by_pes' of memory level 'RF' must split the 8 x 8 PEs into equal rectangular groups (a divisor of rows times a divisor of cols); 128 does not"),
    BadInput("shared_by_pes zero",
             .text(design(memory: "  - {name: RF, scope: per_pe, size_bytes: 64, shared_by_pes: 0}\n  - {name: DRAM, type: DDR4}")),
             7, 62, "'shared_by_pes' must be a positive integer, found 0"),
    BadInput("outer per_pe level not serving whole groups of the inner one",
             .text(design(memory: "  - {name: WRF, scope: per_pe, size_bytes: 4, holds: [weights], shared_by_pes: 4}\n  - {name: RF, scope: per_pe, size_bytes: 64, holds: [weights, inputs], shared_by_pes: 2}\n  - {name: DRAM, type: DDR4}")),
             8, 88, "memory level 'RF' is shared by 2 PEs but sits above per_pe memory level 'WRF', shared by 4, which holds the same operands: an outer per_pe level must serve whole groups of the inner one (a multiple of its 'shared_by_pes')"),
]


/// Nine lols, then eight nested lists of eight aliases each (~19 million nodes expanded),
/// merged into the workload's input: the fuzz campaign's 447-byte hang.
public let aliasBomb = """
    workload: bomb
    network: {zoo: mobilenet_v2}
    input: {<<: {batch: &a7 [&a6 [&a5 [&a4 [&a3 [&a2 [&a1 [&a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol], *a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0], *a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1], *a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2], *a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3], *a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4], *a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5], *a6,*a6,*a6,*a6,*a6,*a6,*a6,*a6]}, batch: 1}

    """

/// The same growth used as a mapping key: the YAML composer hashes every key to find
/// duplicates, so this one would hang before any check on the parsed tree.
public let aliasKeyBomb = """
    a: &a0 [lol,lol,lol,lol,lol,lol,lol,lol,lol]
    b: &a1 [*a0,*a0,*a0,*a0,*a0,*a0,*a0,*a0]
    c: &a2 [*a1,*a1,*a1,*a1,*a1,*a1,*a1,*a1]
    d: &a3 [*a2,*a2,*a2,*a2,*a2,*a2,*a2,*a2]
    e: &a4 [*a3,*a3,*a3,*a3,*a3,*a3,*a3,*a3]
    f: &a5 [*a4,*a4,*a4,*a4,*a4,*a4,*a4,*a4]
    g: &a6 [*a5,*a5,*a5,*a5,*a5,*a5,*a5,*a5]
    h: &a7 [*a6,*a6,*a6,*a6,*a6,*a6,*a6,*a6]
    ? *a7
    : 1

    """
