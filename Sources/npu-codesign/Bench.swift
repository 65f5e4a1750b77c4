import ArgumentParser
import CodesignWorkflow

/// Throughput figures from a release build (`make bench`).
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print throughput figures of the evaluation pipeline (use a release build).")

    @Option(help: "Repetitions per case (the median is reported).")
    var repetitions: Int = 5

    @Option(help: "Folder holding Designs/ and Workloads/.")
    var root: String = "."

    func validate() throws {
        if repetitions < 1 || repetitions > 1000 { throw ValidationError("--repetitions must be in 1...1000") }
    }

    func run() async throws {
        try await Benchmark(repetitions: repetitions, root: root).run { Terminal.write($0) }
    }
}
