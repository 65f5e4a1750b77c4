import CodesignCore
import CodesignWorkflow
import Exploration
import Foundation
import Testing

/// Files that are each valid but disagree with each other (issue 12): every case was
/// accepted before and silently dropped a device, a fit or a stale figure.
@Suite struct InputConsistencyTests {
    /// A copy of the bundled vendor profiles and calibration table, edited by `change`.
    static func vendorCopy(_ change: (String) throws -> Void) throws -> String {
        let dir = Paths.scratch() + "/vendors"
        try FileManager.default.copyItem(atPath: Paths.bundled("Designs/vendors"), toPath: dir)
        try change(dir)
        return dir
    }

    static func replace(_ old: String, with new: String, in path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    struct VendorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var edit: @Sendable (String) throws -> Void
        /// The located file, relative to the copy; the line (0: the first).
        var file: String
        var line: Int
        var message: String
        var testDescription: String { name }
    }

    static let vendorCases: [VendorCase] = [
        VendorCase(name: "a row for a device no profile defines",
                   edit: { try replace("\nkl520-01,kl520,", with: "\nkl520-01,kl530,", in: $0 + "/calibration.csv") },
                   file: "calibration.csv", line: 0,
                   message: "row 'kl520-01' is for device 'kl530', which no profile in"),
        VendorCase(name: "a profile fitted on a row the table lacks",
                   edit: { try replace("rows: [cortex-m7-01,", with: "rows: [cortex-m7-99,", in: $0 + "/cortex-m7.yaml") },
                   file: "cortex-m7.yaml", line: 0,
                   message: "the calibration lists row 'cortex-m7-99', which"),
        VendorCase(name: "a profile fitted on another device's row",
                   edit: { try replace("rows: [cortex-m7-01,", with: "rows: [cortex-a53-01,", in: $0 + "/cortex-m7.yaml") },
                   file: "cortex-m7.yaml", line: 0,
                   message: "the calibration lists row 'cortex-a53-01', which is a row of device 'cortex-a53', not 'cortex-m7'"),
    ]

    @Test(arguments: vendorCases)
    func profilesAndTableMustAgree(_ testCase: VendorCase) throws {
        let dir = try Self.vendorCopy(testCase.edit)
        do {
            _ = try VendorInputs(profilesDirectory: dir, calibrationPath: dir + "/calibration.csv")
            Issue.record("accepted")
        } catch {
            let match = error.diagnostics.first { $0.message.contains(testCase.message) }
            #expect(match != nil, "\(error)")
            #expect(match?.location.path == dir + "/" + testCase.file, "\(error)")
            #expect((match?.location.line ?? 0) > 0)
        }
    }

    /// An empty profiles folder compared nothing and exited 0.
    @Test func emptyProfilesFolderIsAnError() throws {
        let dir = Paths.scratch()
        do {
            _ = try VendorInputs(profilesDirectory: dir, calibrationPath: Paths.bundled("Designs/vendors/calibration.csv"))
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.first?.location == .file(dir))
            #expect(error.diagnostics.first?.message.contains("no vendor profile in") == true)
        }
    }

    /// The accuracy adjustments are read by the study, so they are part of its fingerprint:
    /// editing them between a kill and `--resume` is a different run, not a store that mixes
    /// old and new top-1 figures.
    @Test func editingTheAdjustmentsMakesAnotherRun() async throws {
        let dir = Paths.scratch()
        let workload = dir + "/workload.yaml"
        try (try String(contentsOfFile: Paths.tinyWorkload, encoding: .utf8) + "accuracy: {table: kws.csv}\n")
            .write(toFile: workload, atomically: true, encoding: .utf8)
        try "width,resolution,bits,pruning,top1,source\n1.0,49,32,0,94,X\n".write(toFile: dir + "/kws.csv", atomically: true, encoding: .utf8)
        let adjustments = "family,kind,bits,base_bits,max_pruning,delta_top1,status,source\n*,quantization,8,32,,-0.5,estimate,S\n"
        try adjustments.write(toFile: dir + "/adjustments.csv", atomically: true, encoding: .utf8)
        let store = dir + "/run.sqlite"
        let first = try await Codesign.explore(.tiny(store: store, refines: false, workload: workload))
        #expect(first.report.points.contains { $0.metrics?.top1 == 93.5 })
        try adjustments.replacingOccurrences(of: "-0.5", with: "-3").write(toFile: dir + "/adjustments.csv", atomically: true, encoding: .utf8)
        do {
            _ = try await Codesign.explore(.tiny(store: store, refines: false, workload: workload))
            Issue.record("the store was resumed with other adjustments")
        } catch {
            #expect(error.diagnostics.first?.location == .file(store))
            #expect(error.diagnostics.first?.message.contains("store belongs to another run (fingerprint") == true, "\(error)")
        }
    }

    /// A merge error is located at the file it is about, not at the destination.
    @Test func mergeErrorNamesTheSource() throws {
        let dir = Paths.scratch()
        do {
            _ = try Codesign.merge(into: dir + "/m.sqlite", from: [dir + "/missing.sqlite"])
            Issue.record("merged")
        } catch {
            #expect(error.diagnostics.first?.location == .file(dir + "/missing.sqlite"))
            #expect(error.diagnostics.first?.message == "no such results store")
        }
    }
}
