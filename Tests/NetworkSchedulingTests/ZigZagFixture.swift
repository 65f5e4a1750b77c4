import CodesignCore
import CostModels
import Foundation
import MappingSearch
import SpecIO
import Testing

/// Tests/Fixtures/zigzag: ZigZag 3.9.1's per-layer results (`zigzag_resnet18.csv`, one row
/// per accelerator and layer; the folder's README explains every column) and the two
/// accelerators written as design files, evaluated by this tool layer by layer.
enum ZigZagFixture {
    static let folder = ScheduleFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/zigzag")

    /// ZigZag's accelerator names (the CSV's `accelerator` column) and our design files.
    static let accelerators: [(zigzag: String, design: String)] = [
        ("edge_tpu_like", "zigzag-edge-tpu-like.yaml"),
        ("tpu_like", "zigzag-tpu-like.yaml"),
    ]

    /// The DRAM port of both accelerators: `rw_port_1`, `bandwidth_max` 64 bits
    /// (`zigzag_accelerators.json`), i.e. 8 bytes per cycle.
    static let dramBytesPerCycle = 8.0

    /// The columns of one CSV row that the comparisons use; names as in the README.
    struct Row: Sendable {
        var accelerator: String
        var layer: String
        var macs: Int
        /// ZigZag's `operand_size_elem` of weights and outputs.
        var weightElements: Int
        var outputElements: Int
        /// ZigZag's loop sizes (`C`, `OX`, `OY`, `FX`, `FY`), stride and unpadded input extent.
        var channels: Int
        var outputCols: Int, outputRows: Int, filterCols: Int, filterRows: Int
        var stride: Int
        var inputCols: Int, inputRows: Int
        var latencyCycles: Double
        var idealTemporalCycles: Double
        var dataOnloadingCycles: Double
        var energyPJ: Double
        var macEnergyPJ: Double
        var dramEnergyPJ: Double
        /// DRAM energy per operand (`Operand.position` order).
        var dramEnergyByOperandPJ: [Double]
        /// Energy per memory level by ZigZag's level name (`energy_<level>_pJ`).
        var levelEnergyPJ: [String: Double]
        /// DRAM bytes per operand (`Operand.position` order), reads (DRAM to chip) and writes.
        var dramReadBytes: [Double]
        var dramWriteBytes: [Double]
        var dramBytes: Double

        /// ZigZag's compute time including its spatial under-use (`ideal_temporal_cycle`).
        /// The layer is DRAM-bound when its DRAM traffic over the 64-bit port takes longer.
        var dramCycles: Double { dramBytes / ZigZagFixture.dramBytesPerCycle }
        var isDRAMBound: Bool { dramCycles > idealTemporalCycles }
        /// A 1x1 convolution with stride 2: the ResNet shortcut.
        var isDownsample: Bool { layer.contains("downsample") }

        /// Input elements of the window the outputs read, halo and zero padding included:
        /// ((OY - 1) stride + FY) x ((OX - 1) stride + FX) x C, the input our workload format
        /// describes (INTERFACE.md: "padding already applied").
        var paddedWindowInputs: Double {
            Double(channels * ((outputRows - 1) * stride + filterRows) * ((outputCols - 1) * stride + filterCols))
        }
    }

    /// ZigZag's physical memory levels on the two accelerators (one CSV column each); our
    /// design files use the same names.
    static let levelNames = ["rf_1B", "rf_128B", "rf_2B", "sram_32KB", "sram_2MB", "dram"]

    enum FixtureError: Error {
        case missingColumn(String)
        case badNumber(column: String, row: Int, text: String)
        case missingRow(accelerator: String, layer: String)
    }

    static let rows: Result<[Row], any Error> = Result {
        let text = try String(contentsOf: folder.appendingPathComponent("zigzag_resnet18.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        var result: [Row] = []
        for (index, line) in lines.dropFirst().enumerated() {
            // The numeric columns all come before the first quoted text column, so a plain
            // split reads them correctly.
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            func text(_ name: String) throws -> String {
                guard let i = header.firstIndex(of: name) else { throw FixtureError.missingColumn(name) }
                return fields[i]
            }
            func number(_ name: String) throws -> Double {
                let field = try text(name)
                guard let value = Double(field) else { throw FixtureError.badNumber(column: name, row: index + 2, text: field) }
                return value
            }
            let operands = ["W", "I", "O"]
            var levelEnergy: [String: Double] = [:]
            for name in levelNames {
                if let value = Double(try text("energy_\(name)_pJ")) { levelEnergy[name] = value }
            }
            result.append(Row(
                accelerator: try text("accelerator"), layer: try text("layer"), macs: Int(try number("macs")),
                weightElements: Int(try number("W_elems")), outputElements: Int(try number("O_elems")),
                channels: Int(try number("C")), outputCols: Int(try number("OX")), outputRows: Int(try number("OY")),
                filterCols: Int(try number("FX")), filterRows: Int(try number("FY")), stride: Int(try number("stride")),
                inputCols: Int(try number("IX")), inputRows: Int(try number("IY")),
                latencyCycles: try number("latency_total_cycles"), idealTemporalCycles: try number("ideal_temporal_cycles"),
                dataOnloadingCycles: try number("data_onloading_cycles"),
                energyPJ: try number("energy_total_pJ"), macEnergyPJ: try number("mac_energy_pJ"),
                dramEnergyPJ: try number("energy_dram_pJ"),
                dramEnergyByOperandPJ: try operands.map { try number("energy_dram_\($0)_pJ") }, levelEnergyPJ: levelEnergy,
                dramReadBytes: try operands.map { try number("dram_\($0)_read_bytes") },
                dramWriteBytes: try operands.map { try number("dram_\($0)_write_bytes") },
                dramBytes: try number("dram_bytes")))
        }
        return result
    }

    /// One layer as both tools see it: ZigZag's row and our ILP mapping's cost.
    struct Layer: Sendable, CustomTestStringConvertible {
        var zigzag: Row
        var ours: MappingResult
        var design: Accelerator

        var testDescription: String { "\(zigzag.accelerator) \(zigzag.layer)" }
        /// Our DRAM level (the outermost, as in ZigZag).
        var ourDRAM: LevelTraffic { ours.cost.levels[ours.cost.levels.count - 1] }
    }

    /// Every layer of the workload on both designs, mapped one by one with the ILP mapper
    /// minimising latency (ZigZag's `opt="latency"`), without the network schedule: ZigZag
    /// evaluates each layer alone, from DRAM to DRAM. Computed once per test process.
    static let layers: Result<[Layer], any Error> = Result {
        let rows = try Self.rows.get()
        let network = try SpecLoader.loadWorkload(path: folder.appendingPathComponent("zigzag-resnet18-workload.yaml").path)
            .network()
        var result: [Layer] = []
        for (zigzag, file) in accelerators {
            let design = try SpecLoader.loadDesign(path: folder.appendingPathComponent(file).path).accelerator(at: 0)
            let model = LayerCostModel(accelerator: design, energy: try EnergyModel(accelerator: design))
            var mapper = ILPMapper(model: model, objective: .latency)
            // Node limits only: a debug build on a loaded machine must not reach the time
            // limit, which would make the mapping depend on the load.
            mapper.timeLimitPerSolveS = 600
            for layer in network.layers {
                guard let row = rows.first(where: { $0.accelerator == zigzag && $0.layer == layer.name }) else {
                    throw FixtureError.missingRow(accelerator: zigzag, layer: layer.name)
                }
                result.append(Layer(zigzag: row, ours: try mapper.map(layer), design: design))
            }
        }
        return result
    }

    /// The per-layer comparison tables of the fixture README ("Agreement with npu-codesign"),
    /// as Markdown: cycles, energy and DRAM bytes of both tools and their ratio (ours /
    /// ZigZag), then the energy split by component.
    static func agreementTables(_ layers: [Layer]) -> String {
        func ratio(_ a: Double, _ b: Double) -> String { String(format: "%.3f", a / b) }
        func integer(_ x: Double) -> String { String(Int(x.rounded())) }
        func micro(_ pJ: Double) -> String { String(format: "%.3f", pJ * 1e-6) }
        var lines: [String] = []
        for (zigzag, _) in accelerators {
            let rows = layers.filter { $0.zigzag.accelerator == zigzag }
            guard let design = rows.first?.design else { continue }
            lines.append("**\(zigzag)** (ours: `\(design.name)`)")
            lines.append("")
            lines.append("| layer | cycles ours | cycles ZigZag | ratio | energy ours (µJ) | energy ZigZag (µJ) | ratio | DRAM B ours | DRAM B ZigZag | ratio |")
            lines.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
            var totals = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
            for l in rows {
                let z = l.zigzag, c = l.ours.cost
                let figures = [c.cycles, z.latencyCycles, c.energyJ * 1e12, z.energyPJ, c.offChipBytes, z.dramBytes]
                for i in totals.indices { totals[i] += figures[i] }
                lines.append("| \(z.layer) | \(integer(figures[0])) | \(integer(figures[1])) | \(ratio(figures[0], figures[1])) | "
                    + "\(micro(figures[2])) | \(micro(figures[3])) | \(ratio(figures[2], figures[3])) | "
                    + "\(integer(figures[4])) | \(integer(figures[5])) | \(ratio(figures[4], figures[5])) |")
            }
            lines.append("| **total** | \(integer(totals[0])) | \(integer(totals[1])) | \(ratio(totals[0], totals[1])) | "
                + "\(micro(totals[2])) | \(micro(totals[3])) | \(ratio(totals[2], totals[3])) | "
                + "\(integer(totals[4])) | \(integer(totals[5])) | \(ratio(totals[4], totals[5])) |")
            lines.append("")
            // Energy by component, µJ, ours / ZigZag; ZigZag has no NoC energy.
            let levels = design.memory.map(\.name)
            lines.append("| layer | MAC | NoC (ours only) | " + levels.joined(separator: " | ") + " |")
            lines.append("|---|---:|---:|" + String(repeating: "---:|", count: levels.count))
            for l in rows {
                let z = l.zigzag, c = l.ours.cost
                var cells = ["\(micro(c.macEnergyJ * 1e12)) / \(micro(z.macEnergyPJ))", micro(c.networkEnergyJ * 1e12)]
                for (i, name) in levels.enumerated() {
                    cells.append("\(micro(c.levels[i].energyJ * 1e12)) / \(micro(z.levelEnergyPJ[name] ?? 0))")
                }
                lines.append("| \(z.layer) | " + cells.joined(separator: " | ") + " |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
