import CodesignCore
import Foundation
import SpecIO

/// A vendor profile: its design (for the engine) and its `vendor:` block.
public struct VendorProfile: Sendable {
    public var design: DesignSpec
    public var vendor: VendorSpec
    public var accelerator: Accelerator { design.accelerator(at: 0) }
    public var name: String { vendor.device }
}

/// The bundled profiles (Designs/vendors/*.yaml), loaded and checked together.
public struct VendorCatalog: Sendable {
    public var profiles: [VendorProfile]

    /// Loads every `.yaml` file of `directory` in name order; a file without a `vendor:`
    /// block, a duplicate device name or any file error is reported with its location.
    public static func load(directory: String) throws(DiagnosticsError) -> VendorCatalog {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory) } catch {
            throw DiagnosticsError([.error("cannot list the vendor profiles directory", at: .file(directory))])
        }
        var diagnostics: [Diagnostic] = []
        var profiles: [VendorProfile] = []
        for file in names.filter({ $0.hasSuffix(".yaml") }).sorted() {
            let path = (directory as NSString).appendingPathComponent(file)
            do {
                let design = try SpecLoader.loadDesign(path: path)
                guard let vendor = design.vendor else {
                    diagnostics.append(.error("a vendor profile needs a 'vendor:' block", at: design.locations.name))
                    continue
                }
                if let other = profiles.first(where: { $0.name == vendor.device }) {
                    diagnostics.append(.error("device '\(vendor.device)' is already defined in \(other.design.path)",
                                              at: vendor.location))
                    continue
                }
                profiles.append(VendorProfile(design: design, vendor: vendor))
            } catch {
                diagnostics += error.diagnostics
            }
        }
        if !diagnostics.isEmpty { throw DiagnosticsError(diagnostics) }
        return VendorCatalog(profiles: profiles)
    }

    public var names: [String] { profiles.map(\.name) }

    /// The profiles named in a comma-separated list ("all" for every one), in the list's order.
    /// Unknown names are errors with a suggestion.
    public func select(_ list: String) -> Result<[VendorProfile], DeviceRefusal> {
        let wanted = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if wanted == ["all"] { return .success(profiles) }
        var chosen: [VendorProfile] = []
        var unknown: [String] = []
        for name in wanted where !name.isEmpty {
            if let p = profiles.first(where: { $0.name == name }) {
                if !chosen.contains(where: { $0.name == name }) { chosen.append(p) }
            } else {
                unknown.append(name)
            }
        }
        if !unknown.isEmpty {
            let hints = unknown.map { "'\($0)'\(Suggestions.didYouMean($0, among: names))" }
            return .failure(DeviceRefusal("unknown vendor \(hints.joined(separator: ", ")); known: \(Suggestions.list(names + ["all"]))"))
        }
        if chosen.isEmpty { return .failure(DeviceRefusal("the list names no device; known: \(Suggestions.list(names + ["all"]))")) }
        return .success(chosen)
    }
}
