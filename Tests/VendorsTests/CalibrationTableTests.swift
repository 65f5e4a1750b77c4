import SpecIO
import CodesignCore
import Foundation
import Testing
@testable import Vendors

/// Every malformed cell of a calibration table is one located diagnostic.
@Suite struct CalibrationTableTests {
    static let header = "id,device,reference_line,reference_device,model,network,width,resolution,precision,batch,metric,value,source_ids,used,reason"
    static let good = "r1,edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,1.0,224,8,1,latency_ms,2.4,CORAL_BENCH,yes,"

    @Test(arguments: [
        ("r1,edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,1.0,224,8,1,latency_ms,-2.4,CORAL_BENCH,yes,",
         "2:78: 'value' must be a number from 0.000001 to 1e12, found '-2.4'"),
        ("r1,edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,1.0,224,8,1,seconds,2.4,CORAL_BENCH,yes,",
         "2:67: unknown metric 'seconds'; expected one of latency_ms, fps, energy_uj"),
        ("r1,edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,1.0,224,8,1,latency_ms,2.4,CORAL_BENCH,maybe,",
         "2:94: 'used' must be yes, host or no, found 'maybe'"),
        ("r1,edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,1.0,224,8,1,latency_ms,2.4,CORAL_BENCH,no,",
         "2:97: a row that is not fitted must say why in 'reason'"),
        ("r1,edgetpu-usb,x,Coral USB,MobileNet v1,mobilenet_v1,nan,224,8,1,latency_ms,2.4,CORAL_BENCH,yes,",
         "2:16: 'reference_line' must be a positive integer, found 'x'"),
        ("r1,edgetpu-usb,17", "2:1: expected 15 cells, found 3"),
        // Issue 12: accepted before.
        (",edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,1.0,224,8,1,latency_ms,2.4,CORAL_BENCH,yes,",
         "2:1: the row id is empty; every row needs the id its profile names"),
        ("r1,,17,Coral USB,MobileNet v1,mobilenet_v1,1.0,224,8,1,latency_ms,2.4,CORAL_BENCH,yes,",
         "2:4: the device is empty; name the profile's device"),
        ("r1,edgetpu-usb,17,Coral USB,MobileNet v9,mobilenet_v9,1.0,224,8,1,latency_ms,2.4,CORAL_BENCH,yes,",
         "2:42: unknown network 'mobilenet_v9'; expected a zoo network (`npu-codesign zoo` lists them)"),
        ("r1,edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,1e308,224,8,1,latency_ms,2.4,CORAL_BENCH,yes,",
         "2:55: 'width' must be a number from 0.000001 to 1e12, found '1e308'"),
        ("r1,edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,8,224,8,1,latency_ms,2.4,CORAL_BENCH,yes,",
         "2:55: mobilenet_v1: width 8.0 is above the largest supported multiplier 4.0"),
        ("r1,edgetpu-usb,17,Coral USB,ResNet-50,resnet50,0.5,224,8,1,latency_ms,2.4,CORAL_BENCH,yes,",
         "2:48: resnet50 has no width multiplier (only 1.0), found 0.5"),
    ])
    func badRowsAreLocated(row: String, expected: String) {
        do {
            _ = try CalibrationTable.parse(Self.header + "\n" + row + "\n", path: "t.csv")
            Issue.record("accepted: \(row)")
        } catch {
            let messages = error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
            #expect(messages.first == expected, "\(messages)")
        }
    }

    /// A header with no row is no table (the fit would silently use nothing); a NUL byte
    /// inside a number is refused where it is, instead of cutting the number there.
    @Test func headerOnlyAndNULBytesAreRefused() throws {
        do {
            _ = try CalibrationTable.parse(Self.header + "\n", path: "t.csv")
            Issue.record("a header-only table was accepted")
        } catch {
            #expect(error.diagnostics.first?.message == "the calibration table has a header but no rows")
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("calibration-\(UUID().uuidString).csv").path
        let row = "r1,edgetpu-usb,17,Coral USB,MobileNet v1,mobilenet_v1,1.0,224,8,1,fps,5\09.667,CORAL_BENCH,yes,"
        try Data((Self.header + "\n" + row + "\n").utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try CalibrationTable.load(path: path)
            Issue.record("a NUL byte was accepted")
        } catch {
            let first = try #require(error.diagnostics.first)
            #expect(first.location == SourceLocation(path: path, line: 2, column: 72))
            #expect(first.message.contains("found a NUL byte"))
        }
    }

    @Test func duplicateIdsAndWrongHeaderAreRefused() {
        #expect(throws: DiagnosticsError.self) { try CalibrationTable.parse("id,device\n", path: "t.csv") }
        do {
            _ = try CalibrationTable.parse([Self.header, Self.good, Self.good].joined(separator: "\n"), path: "t.csv")
            Issue.record("a duplicate id was accepted")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["duplicate row id 'r1'"])
            #expect(error.diagnostics.first?.location.line == 3)
        }
        #expect((try? CalibrationTable.parse(Self.header + "\r\n" + Self.good + "\r\n", path: "t.csv"))?.count == 1)
    }

    /// A profile folder with a design that has no vendor block is refused at that design.
    @Test func aDesignWithoutVendorBlockIsNotAProfile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vendors-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try """
        design: plain
        technology: {node_nm: 28, clock_mhz: 500}
        pe_array: {rows: 8, cols: 8}
        memory:
          - {name: SRAM, size_kib: 64}
          - {name: DRAM, type: LPDDR4, bandwidth_gb_per_s: 12.8}
        """.write(to: dir.appendingPathComponent("plain.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try VendorCatalog.load(directory: dir.path)
            Issue.record("a plain design was accepted as a vendor profile")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["a vendor profile needs a 'vendor:' block"])
            #expect(error.diagnostics.first?.location.line == 1)
        }
    }
}
