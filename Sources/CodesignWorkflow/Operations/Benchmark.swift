import CodesignCore
import Exploration
import Foundation
import LinearProgramming
import MappingSearch
import Reporting
import SpecIO
import Synchronization

/// Throughput figures of the pipeline (`make bench`, from a release build): how long
/// whole-network evaluations take, median of several runs, with mapper work per second, and
/// how fast an exploration screens points.
public struct Benchmark: Sendable {
    /// Repetitions per case (the median is reported).
    public var repetitions: Int
    /// Folder holding Designs/ and Workloads/.
    public var root: String

    public init(repetitions: Int, root: String) {
        self.repetitions = repetitions
        self.root = root
    }

    /// Runs every case, writing each line of figures as it is measured.
    public func run(write: (String) -> Void) async throws {
        let cases = [
            ("mobilenet_v2", "eyeriss-like"),
            ("mobilenet_v2", "simba-like"),
            ("resnet18", "eyeriss-like"),
            ("resnet18", "tpu-like"),
            ("keyword-spotting", "mcu-npu"),
        ]
        write("npu-codesign bench: evaluate (load + map every layer + network schedule ILP + cost), median of \(repetitions) runs, one core\n")
        write("workload          design          mapper  layers  mappings scored  median ms  layers/s  ILP ms/layer (median, max)\n")
        for (workload, design) in cases {
            // The exhaustive mapper is out of reach at these sizes (tens of millions of points
            // per layer); its timings come from the mapper-quality fixture's small layers.
            for mapper in [MapperKind.ilp, .search, .random] {
                var times: [Double] = []
                var report: EvaluationReport?
                for _ in 0..<repetitions {
                    let start = ContinuousClock.now
                    report = try Codesign.evaluate(designPath: "\(root)/Designs/\(design).yaml",
                                                   workloadPath: "\(root)/Workloads/\(workload).yaml",
                                                   variant: VariantChoice(), objective: .edp, mapper: mapper)
                    times.append(seconds(ContinuousClock.now - start))
                }
                guard let evaluation = report?.evaluation else { continue }
                times.sort()
                let median = times[times.count / 2]
                // Per-layer solve times of the distinct layers the ILP mapped.
                let solves = Set(evaluation.layers.compactMap { $0.result.solveTimeS }).sorted()
                let perLayer = solves.isEmpty ? "-" : String(format: "%.1f, %.1f", solves[solves.count / 2] * 1e3,
                                                             solves.last! * 1e3)
                write(workload.padding(toLength: 18, withPad: " ", startingAt: 0)
                    + design.padding(toLength: 16, withPad: " ", startingAt: 0)
                    + mapper.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + String(format: "%6d  %15d  %9.1f  %8.0f  ", evaluation.layers.count, evaluation.mappingsScored,
                             median * 1e3, Double(evaluation.layers.count) / median)
                    + perLayer + "\n")
            }
        }
        try benchSolverOverhead(write: write)
        try await benchExploration(write: write)
        write("\nexplore as the command runs it (screening; refinement with the ILP mapper and network schedule), grid, --jobs 2, a new store\n")
        write("study                                   points  screen s  points/s  refined  share  refine s  refined/s  wall s\n")
        try await benchRefinedRun(label: "smart-camera x edge-npu-space (demo)", workload: "smart-camera",
                                  space: "edge-npu-space", write: write)
        // The 10,000-point sweep is screened only: refined, it re-maps most of its points with the
        // ILP mapper at about a second each, hours on two cores (issue 15 is open on this).
        try await benchRefinedRun(label: "sweep-mobilenet_v2 x sweep-space", workload: "sweep-mobilenet_v2",
                                  space: "sweep-space", refines: false, write: write)
    }

    /// One whole exploration as `explore` runs it (screening, then refinement until no point
    /// can reach the front), timed by phase: the screening throughput, the share of points
    /// refinement re-mapped and its throughput, the wall time.
    func benchRefinedRun(label: String, workload: String, space: String, refines: Bool = true,
                         write: (String) -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("npu-bench-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let request = ExplorationRequest(
            workloadPath: "\(root)/Workloads/\(workload).yaml", spacePath: "\(root)/Designs/\(space).yaml",
            settings: ExplorationSettings(strategy: .grid, budget: nil, seed: 1, jobs: 2, shard: .whole),
            mapper: .search, refines: refines, storePath: folder.appendingPathComponent("bench.sqlite").path,
            createdBy: "npu-codesign bench", arguments: [])
        let start = ContinuousClock.now
        let screeningEnd = Mutex<ContinuousClock.Instant?>(nil)
        let outcome = try await Codesign.explore(request) { event in
            if case .refining = event { screeningEnd.withLock { $0 = $0 ?? ContinuousClock.now } }
        }
        let end = ContinuousClock.now
        let screened = seconds((screeningEnd.withLock { $0 } ?? end) - start)
        let refining = seconds(end - (screeningEnd.withLock { $0 } ?? end))
        let points = outcome.pointCount, refined = outcome.report.refined.count
        write(label.padding(toLength: 40, withPad: " ", startingAt: 0)
            + String(format: "%6d  %8.1f  %8.0f  %7d  %4.0f%%  %8.1f  %9.2f  %6.1f\n", points, screened,
                     Double(points) / screened, refined, 100 * Double(refined) / Double(max(1, points)), refining,
                     refining > 0 ? Double(refined) / refining : 0.0, seconds(end - start)))
    }

    /// Exploration throughput: the smart-camera workload (9 MobileNet v2 variants) over the
    /// Eyeriss-like space (108 designs): 972 points, grid, screening mapper; cold (a new mapping
    /// cache) and warm (the same cache again), on 1 and 2 jobs.
    func benchExploration(write: (String) -> Void) async throws {
        let setup = try ExplorationStudy(workloadPath: "\(root)/Workloads/smart-camera.yaml",
                                     spacePath: "\(root)/Designs/eyeriss-space.yaml")
        let total = setup.space.designCount * setup.space.variantCount
        write("\nexplore smart-camera x eyeriss-space: \(total) points, grid, search mapper, layer-by-layer\n")
        write("jobs  cache  seconds  points/s\n")
        for jobs in [1, 2] {
            let evaluator = PointEvaluator(problem: setup.problem, objective: .edp, mapper: .search, schedule: .layerByLayer)
            for cache in ["cold", "warm"] {
                let start = ContinuousClock.now
                let points = try await explore(setup, evaluator, ExplorationSettings(strategy: .grid, budget: nil, seed: 1, jobs: jobs))
                let elapsed = seconds(ContinuousClock.now - start)
                write(String(format: "%4d  %5@  %7.2f  %8.0f\n", jobs, cache, elapsed,
                                      Double(points.count) / elapsed))
                if jobs == 2 && cache == "warm" { try await benchNSGA2(setup: setup, evaluator: evaluator, grid: points, write: write) }
            }
        }
    }

    /// NSGA-II with a tenth of the grid's evaluations: the hypervolume of its front over the
    /// grid front's, both normalised by the grid front's extent, for seeds 1–6 and their
    /// minimum (issue 4 asks for at least 0.95 whatever the seed, not on average).
    func benchNSGA2(setup: ExplorationStudy, evaluator: PointEvaluator, grid: [EvaluatedPoint],
                   write: (String) -> Void) async throws {
        let objectives = setup.objectives
        let gridFront = ParetoFront.nonDominated(grid, objectives: objectives)
            .compactMap { ParetoFront.minimizationVector(of: $0, objectives: objectives) }
        let (gridScaled, reference) = Hypervolume.normalized(gridFront, bounds: gridFront)
        let gridVolume = Hypervolume.of(gridScaled, reference: reference)
        let budget = grid.count / 10
        var ratios: [Double] = []
        for seed in UInt64(1)...6 {
            let points = try await explore(setup, evaluator,
                                           ExplorationSettings(strategy: .nsga2, budget: budget, seed: seed, jobs: 2))
            let front = ParetoFront.nonDominated(points, objectives: objectives)
                .compactMap { ParetoFront.minimizationVector(of: $0, objectives: objectives) }
            let (scaled, _) = Hypervolume.normalized(front, bounds: gridFront)
            ratios.append(Hypervolume.of(scaled, reference: reference) / gridVolume)
        }
        write("nsga2 with \(budget) of \(grid.count) evaluations: hypervolume / grid's = "
            + ratios.map { String(format: "%.3f", $0) }.joined(separator: ", ")
            + String(format: " (seeds 1-6), minimum %.3f\n", ratios.min() ?? 0))
    }

    /// One exploration into a throw-away store; its points.
    private func explore(_ setup: ExplorationStudy, _ evaluator: PointEvaluator,
                         _ settings: ExplorationSettings) async throws -> [EvaluatedPoint] {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("npu-bench-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try ResultsStore(path: folder.appendingPathComponent("bench.sqlite").path)
        let run = try ExplorationRun(evaluator: evaluator, space: setup.space, objectives: setup.objectives,
                                     settings: settings)
        return try await run.run(store: store) { _ in }.points
    }

    /// What one GLPK solve costs through the wrapper (model checks, loading, callback),
    /// on 0-1 knapsacks of the size the mappers solve thousands of: the mean of 1000 solves.
    func benchSolverOverhead(write: (String) -> Void) throws {
        write("\nGLPK per solve (wrapper + GLPK), mean of 1000 solves\n")
        for items in [1, 20, 60] {
            var random = SplitMix64(seed: UInt64(42 + items))
            var model = ILPModel(sense: .maximize)
            let x = (0..<items).map { model.addVariable("x\($0)", kind: .binary) }
            let weights = x.map { _ in Double(1 + random.next(below: 100)) }
            model.objective = x.map { ILPModel.Term($0, Double(1 + random.next(below: 100))) }
            model.addRow("capacity", zip(x, weights).map { ILPModel.Term($0, $1) }, atMost: weights.reduce(0, +) / 2)
            let solver = GLPKSolver()
            let start = ContinuousClock.now
            for _ in 0..<1000 { _ = try solver.solveSync(model, timeLimitS: 10) }
            let perSolveMs = seconds(ContinuousClock.now - start) * 1e3 / 1000
            write(String(format: "%3d-item knapsack  %.3f ms\n", items, perSolveMs))
        }
    }

    private func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
