import CodesignCore
import Foundation
import Testing
import TestSupport
@testable import SpecIO

@Suite struct DesignFileTests {
    @Test func designLoadsEveryKey() throws {
        let path = TestFiles.fixture("good/design.yaml")
        let spec = try SpecLoader.loadDesign(path: path)
        #expect(spec.name == "eyeriss-like")
        #expect(spec.path == path)
        #expect(!spec.isSpace)
        #expect(spec.pointCount == 1)
        #expect(spec.axes.isEmpty)

        let chip = spec.accelerator(at: 0)
        #expect(chip.name == "eyeriss-like")
        #expect(chip.technology == Technology(nodeNm: 65, clockMHz: 200))
        #expect(chip.peArray == PEArray(rows: 12, cols: 14, macsPerPE: 1, precisionBits: 16))
        #expect(chip.array == .broadcast)
        #expect(chip.dataflow == .rowStationary)
        #expect(chip.vectorOpsPerCycle == 16)
        #expect(chip.chips == 1)
        #expect(chip.memory == [
            MemoryLevel(name: "RF", scope: .perPE, technology: .sram, sizeBytes: 512),
            MemoryLevel(name: "GLB", scope: .shared, technology: .sram, sizeBytes: 108 * 1024,
                        holds: [.inputs, .outputs], bandwidthBytesPerCycle: 64),
            MemoryLevel(name: "DRAM", scope: .shared, technology: .dram(type: "LPDDR4"), sizeBytes: nil,
                        bandwidthBytesPerSecond: 12.8e9, wordBits: 64, energyPJPerBit: 4.5),
        ])

        #expect((spec.locations.name.line, spec.locations.name.column) == (2, 9))
        #expect(spec.locations.technology.line == 3)
        #expect((spec.locations.peArray.line, spec.locations.peArray.column) == (4, 11))
        #expect(spec.locations.dataflow?.line == 6)
        #expect(spec.locations.memory.line == 8)
        #expect(spec.locations.memoryLevels.map(\.line) == [8, 9, 10])
        #expect(spec.locations.memoryLevel(2)?.column == 5)
        #expect(spec.locations.memoryLevel(3) == nil)
        #expect(spec.locations.values["memory[1].size_kib"]?.line == 9)
    }

    /// Read and write energies, a MAC energy and a per-PE level shared by a group of PEs
    /// reach the domain; `energy_pj_per_bit` sets both directions.
    @Test func designLoadsDirectionalEnergiesMACEnergyAndSharedRegisters() throws {
        let path = TestFiles.write("""
            design: zigzag-like
            technology: {node_nm: 16, clock_mhz: 1000}
            pe_array: {rows: 32, cols: 32, mac_energy_pj: 0.04}
            memory:
              - {name: rf_1B, scope: per_pe, size_bytes: 1, holds: [weights], shared_by_pes: 16, energy_pj_per_bit: 0.00125}
              - {name: sram, size_kib: 32, read_energy_pj_per_bit: 0.0447265625, write_energy_pj_per_bit: 0.1015820312}
              - {name: dram, type: DDR3, read_energy_pj_per_bit: 10.9375, write_energy_pj_per_bit: 11.71875}
            """)
        let chip = try SpecLoader.loadDesign(path: path).accelerator(at: 0)
        #expect(chip.peArray.macEnergyPJ == 0.04)
        #expect(chip.memory.map(\.sharedByPEs) == [16, 1, 1])
        #expect(chip.memory.map(\.readEnergyPJPerBit) == [0.00125, 0.0447265625, 10.9375])
        #expect(chip.memory.map(\.writeEnergyPJPerBit) == [0.00125, 0.1015820312, 11.71875])
    }

    /// A shared register's group and the directional energies may be explored like any scalar.
    @Test func directionalEnergiesAndGroupsAreExplorable() throws {
        let path = TestFiles.write("""
            design: space
            technology: {node_nm: 16, clock_mhz: 1000}
            pe_array: {rows: 8, cols: 8}
            memory:
              - {name: rf, scope: per_pe, size_bytes: 4, shared_by_pes: [1, 4]}
              - {name: dram, type: DDR3, read_energy_pj_per_bit: [10, 12], write_energy_pj_per_bit: 11}
            """)
        let spec = try SpecLoader.loadDesign(path: path)
        #expect(spec.axes.map(\.path) == ["memory[0].shared_by_pes", "memory[1].read_energy_pj_per_bit"])
        // Reports name a knob by its level's name, not its position (issue 14).
        #expect(spec.axes.map(\.label) == ["rf.shared_by_pes", "dram.read_energy_pj_per_bit"])
        #expect(spec.axes[1].setting(1) == "dram.read_energy_pj_per_bit=12")
        let point = spec.accelerator(at: 3)
        #expect(point.memory[0].sharedByPEs == 4)
        #expect(point.memory[1].readEnergyPJPerBit == 12 && point.memory[1].writeEnergyPJPerBit == 11)
    }

    @Test func designSpaceEnumeratesInFileOrder() throws {
        let spec = try SpecLoader.loadDesign(path: TestFiles.fixture("good/design-space.yaml"))
        #expect(spec.isSpace)
        #expect(spec.pointCount == 72)
        #expect(spec.axes.map(\.path) == ["technology.clock_mhz", "pe_array.rows", "array", "dataflow",
                                          "memory[1].size_kib"])
        #expect(spec.axes.map(\.label) == ["technology.clock_mhz", "pe_array.rows", "array", "dataflow", "GLB.size_kib"])
        #expect(spec.axes.map(\.values) == [["200", "400"], ["8", "16", "32"], ["broadcast", "systolic"],
                                            ["weight_stationary", "output_stationary"], ["64", "256", "1024"]])

        // 47 = ((((1·3 + 0)·2 + 1)·2 + 1)·3 + 2: clock 400, rows 8, systolic, output stationary, 1 MiB.
        #expect(spec.coordinates(at: 47) == [1, 0, 1, 1, 2])
        let point = spec.accelerator(at: 47)
        #expect(point.name == "small-space#47")
        #expect(point.technology == Technology(nodeNm: 28, clockMHz: 400))
        #expect(point.peArray == PEArray(rows: 8, cols: 16))
        #expect(point.array == .systolic)
        #expect(point.dataflow == .outputStationary)
        #expect(point.memory.map(\.sizeBytes) == [64, 1 << 20, nil])
        #expect(point.memory[2].technology == .dram(type: "LPDDR4"))

        let first = spec.accelerator(at: 0)
        #expect(first.technology.clockMHz == 200 && first.peArray.rows == 8 && first.array == .broadcast
                && first.dataflow == .weightStationary && first.memory[1].sizeBytes == 64 * 1024)
        let last = spec.accelerator(at: 71)
        #expect(last.technology.clockMHz == 400 && last.peArray.rows == 32 && last.array == .systolic
                && last.dataflow == .outputStationary && last.memory[1].sizeBytes == 1 << 20)

        // Every point is different; names aside, the space has no duplicates.
        let points = (0..<spec.pointCount).map { index -> Accelerator in
            var chip = spec.accelerator(at: index)
            chip.name = ""
            return chip
        }
        #expect(Set(points).count == 72)
    }

    @Test func listOfOneIsASpaceOfOnePoint() throws {
        let path = TestFiles.write("""
            design: one
            technology: {node_nm: 28, clock_mhz: 500}
            pe_array: {rows: [16], cols: 16}
            memory:
              - {name: SRAM, size_mib: 0.5}
              - {name: host, type: usb3, bandwidth_gb_per_s: 0.4, double_buffered: false}
            """)
        let spec = try SpecLoader.loadDesign(path: path)
        #expect(spec.isSpace && spec.pointCount == 1)
        let chip = spec.accelerator(at: 0)
        #expect(chip.array == .broadcast && chip.dataflow == .any)
        #expect(chip.peArray.macsPerPE == 1 && chip.peArray.precisionBits == 8)
        #expect(chip.memory[0].sizeBytes == 512 * 1024)
        // Type names are matched without regard to case and stored as documented.
        #expect(chip.memory[1].technology == .hostLink(type: "USB3"))
        #expect(chip.memory[1].doubleBuffered == false)
        #expect(chip.vectorOpsPerCycle == 16)
    }

    @Test func vendorBlockIsReadWhole() throws {
        let path = TestFiles.write("""
            design: vendor-chip
            technology: {node_nm: 14, clock_mhz: 500}
            pe_array: {rows: 64, cols: 64}
            array: systolic
            dataflow: weight_stationary
            memory:
              - {name: SRAM, size_mib: 8}
              - {name: host, type: USB3, bandwidth_gb_per_s: 0.32, energy_pj_per_bit: 20}
            vendor:
              device: example-npu
              product: Example
              peak_tops: {value: 4, source: "datasheet"}
              price_usd: {value: 59.99, source: "list price"}
              precisions: [8]
              operators: [conv, depthwise, fc]
              host: {name: desktop, macs_per_s: 1.0e10, source: "fitted"}
              assumptions: ["array shape"]
              calibration: {method: fitted, utilization: 0.5, link_efficiency: 0.9, layer_overhead_s: 1.0e-6,
                            invocation_overhead_s: 0.0002, concurrency: 1.5, rows: [r1, r2], median_abs_error: 0.04}
            """)
        let spec = try SpecLoader.loadDesign(path: path)
        let vendor = try #require(spec.vendor)
        #expect(vendor.device == "example-npu")
        #expect(vendor.peakTOPS == VendorSpec.Figure(value: 4, source: "datasheet"))
        #expect(vendor.powerW == nil)
        #expect(vendor.operators == [.conv, .depthwise, .fc])
        #expect(vendor.host?.macsPerS == 1e10)
        #expect(vendor.calibration.utilization == 0.5)
        #expect(vendor.calibration.depthwiseUtilization == 0.5)
        #expect(vendor.calibration.concurrency == 1.5)
        #expect(vendor.calibration.rows == ["r1", "r2"])
    }

    /// Every problem of a vendor block is reported where it is written.
    @Test func vendorBlockProblemsAreLocated() throws {
        let path = TestFiles.write("""
            design: vendor-chip
            technology: {node_nm: 14, clock_mhz: 500}
            pe_array: {rows: 64, cols: 64}
            memory:
              - {name: SRAM, size_mib: 8}
              - {name: DRAM, type: LPDDR4, bandwidth_gb_per_s: 12.8}
            vendor:
              device: bad name
              product: Example
              peak_tops: {value: -4, source: "datasheet"}
              precisions: []
              operators: [conv, convolution]
              calibration: {method: fitted, utilization: 1.5, link_efficiency: 0.9, layer_overhead_s: 0,
                            invocation_overhead_s: 0}
            """)
        let messages = SpecLoader.validate(path: path).map { "\($0.location.line):\($0.location.column): \($0.message)" }
        #expect(messages == [
            "8:11: 'vendor.device' must be a name of letters, digits and '-', found 'bad name'",
            "10:22: 'vendor.peak_tops.value' must be a number from 1e-9 to 1e9, found -4",
            "11:15: 'vendor.precisions' must list at least one bit-width",
            "12:21: unknown operator 'convolution'; expected one of conv, depthwise, grouped, pointwise, fc, matmul, pool or add",
            "13:16: a fitted calibration must list the rows it was fitted on ('rows')",
            "13:46: 'vendor.calibration.utilization' must be a fraction from 0.000001 to 1, found 1.5",
        ], "\(messages)")
    }

    /// The designs shipped in Designs/ are the first thing users run; they must load.
    @Test func shippedDesignsValidate() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Designs")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
        for file in files.sorted() {
            let diagnostics = SpecLoader.validate(path: directory.appendingPathComponent(file).path)
            #expect(diagnostics.isEmpty, "\(file):\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        }
        let space = try SpecLoader.loadDesign(path: directory.appendingPathComponent("eyeriss-space.yaml").path)
        #expect(space.pointCount == 108)
    }
}
