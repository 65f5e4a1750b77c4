import ArgumentParser
import CodesignCore
import Foundation
import SpecIO

/// Throughput figures from a release build (`make bench`): how long whole-network
/// evaluations take, median of several runs, with mapper work per second.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print throughput figures of the evaluation pipeline (use a release build).")

    @Option(help: "Repetitions per case (the median is reported).")
    var repetitions: Int = 5

    @Option(help: "Folder holding Designs/ and Workloads/.")
    var root: String = "."

    func validate() throws {
        if repetitions < 1 || repetitions > 1000 { throw ValidationError("--repetitions must be in 1...1000") }
    }

    func run() throws {
        let cases = [
            ("mobilenet_v2", "eyeriss-like"),
            ("mobilenet_v2", "simba-like"),
            ("resnet18", "eyeriss-like"),
            ("resnet18", "tpu-like"),
            ("keyword-spotting", "mcu-npu"),
        ]
        Terminal.write("npu-codesign bench: evaluate (load + map every layer + cost), median of \(repetitions) runs\n")
        Terminal.write("workload          design          layers  mappings scored  median ms  layers/s  mappings/s\n")
        for (workload, design) in cases {
            var times: [Double] = []
            var layers = 0
            var scored = 0
            for _ in 0..<repetitions {
                let start = ContinuousClock.now
                let report = try EvaluationRun.run(designPath: "\(root)/Designs/\(design).yaml",
                                                   workloadPath: "\(root)/Workloads/\(workload).yaml",
                                                   variant: VariantChoice(), objective: .edp)
                let elapsed = ContinuousClock.now - start
                times.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
                layers = report.evaluation.layers.count
                scored = report.evaluation.mappingsScored
            }
            times.sort()
            let median = times[times.count / 2]
            Terminal.write(workload.padding(toLength: 18, withPad: " ", startingAt: 0)
                + design.padding(toLength: 16, withPad: " ", startingAt: 0)
                + String(format: "%6d  %15d  %9.1f  %8.0f  %10.0f\n", layers, scored, median * 1e3,
                         Double(layers) / median, Double(scored) / median))
        }
    }
}
