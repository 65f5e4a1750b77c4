import TestSupport
import CodesignCore
import CostModels
import Foundation
import MappingSearch
import NetworkScheduling
import SpecIO

/// Shared inputs of the scheduling tests: the bundled Edge-TPU-like design and zoo networks
/// with their candidate mappings, computed once (candidates do not depend on the chip count,
/// since every chip has the same on-chip capacity).
enum ScheduleFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let edgeTPUResult: Result<Accelerator, any Error> = Result {
        let spec = try SpecLoader.loadDesign(path: repositoryRoot.appendingPathComponent("Designs/edge-tpu-like.yaml").path)
        return spec.accelerator(at: 0)
    }

    static func edgeTPU(chips: Int = 1) throws -> Accelerator {
        var accelerator = try edgeTPUResult.get()
        accelerator.chips = chips
        return accelerator
    }

    static func network(_ name: String) throws -> Network {
        guard let family = NetworkZoo.family(named: name) else { throw FixtureError.unknownNetwork(name) }
        return try family.network(ModelVariant(resolution: 224))
    }

    /// Network and its SearchMapper candidates on the Edge-TPU-like design (latency objective).
    struct Workload: Sendable {
        var network: Network
        var candidates: [[MappingResult]]
    }

    static func workload(_ name: String) -> Result<Workload, any Error> {
        Result {
            let network = try network(name)
            let scheduler = try NetworkScheduler(accelerator: try edgeTPU())
            return Workload(network: network, candidates: try scheduler.candidates(for: network))
        }
    }

    static let mobileNetV2 = workload("mobilenet_v2")
    static let resNet18 = workload("resnet18")
    static let vgg16 = workload("vgg16")

    enum FixtureError: Error { case unknownNetwork(String) }

    /// Relative difference, for tolerances stated as relative.
    static func relativeError(_ a: Double, _ b: Double) -> Double { relativeDifference(a, b) }
}
