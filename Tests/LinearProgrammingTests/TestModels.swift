import TestSupport
import LinearProgramming
import CodesignCore

typealias Term = ILPModel.Term

extension SplitMix64 {
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + next(below: range.count)
    }
}

struct Knapsack: Sendable {
    var values: [Int]
    var weights: [Int]
    var capacity: Int

    static func random(seed: UInt64, itemCount: Int) -> Knapsack {
        var random = SplitMix64(seed: seed)
        let values = (0..<itemCount).map { _ in random.int(in: 1...40) }
        let weights = (0..<itemCount).map { _ in random.int(in: 1...30) }
        return Knapsack(values: values, weights: weights, capacity: weights.reduce(0, +) / 2)
    }

    var model: ILPModel {
        var model = ILPModel(sense: .maximize)
        for index in values.indices {
            model.addVariable("take\(index)", kind: .binary)
        }
        model.objective = values.indices.map { Term($0, Double(values[$0])) }
        model.addRow("capacity", weights.indices.map { Term($0, Double(weights[$0])) }, atMost: Double(capacity))
        return model
    }

    /// The optimum by enumerating every subset.
    var bruteForceOptimum: Int {
        var best = 0
        for subset in 0..<(1 << values.count) {
            var weight = 0, value = 0
            for item in values.indices where subset & (1 << item) != 0 {
                weight += weights[item]
                value += values[item]
            }
            if weight <= capacity { best = max(best, value) }
        }
        return best
    }
}

/// Assignment: `costs[worker][job]`, each worker does one job, each job gets one worker.
func assignmentModel(_ costs: [[Double]]) -> ILPModel {
    var model = ILPModel()
    let size = costs.count
    func variable(_ worker: Int, _ job: Int) -> Int { worker * size + job }
    for worker in 0..<size {
        for job in 0..<size {
            model.addVariable("assign_w\(worker)_j\(job)", kind: .binary)
            model.objective.append(Term(variable(worker, job), costs[worker][job]))
        }
    }
    for worker in 0..<size {
        model.addRow("worker\(worker)", (0..<size).map { Term(variable(worker, $0), 1) }, equalTo: 1)
    }
    for job in 0..<size {
        model.addRow("job\(job)", (0..<size).map { Term(variable($0, job), 1) }, equalTo: 1)
    }
    return model
}

/// A market-split instance (Cornuéjols and Dawande, 1999): m equality rows over
/// n = 10(m-1) binaries with coefficients in 0...99 and right-hand side half the row
/// sum. Branch and bound needs an astronomical tree on these, so a solver stops on its
/// time limit long before it finishes.
///
/// `withSlack`: the usual optimisation version, minimising the total deviation
/// `Σ |Σ a_ij x_j - d_i|`; any x is feasible, so the search soon holds an incumbent but
/// cannot prove it optimal (the LP bound is 0).
func marketSplitModel(rowCount: Int, seed: UInt64, withSlack: Bool) -> ILPModel {
    var random = SplitMix64(seed: seed)
    let columnCount = 10 * (rowCount - 1)
    var model = ILPModel()
    for column in 0..<columnCount {
        model.addVariable("x\(column)", kind: .binary)
    }
    for row in 0..<rowCount {
        let coefficients = (0..<columnCount).map { _ in random.int(in: 0...99) }
        let target = Double(coefficients.reduce(0, +) / 2)
        var terms = coefficients.indices.map { Term($0, Double(coefficients[$0])) }
        if withSlack {
            let above = model.addVariable("above\(row)", kind: .continuous)
            let below = model.addVariable("below\(row)", kind: .continuous)
            terms += [Term(above, -1), Term(below, 1)]
            model.objective += [Term(above, 1), Term(below, 1)]
        }
        model.addRow("split\(row)", terms, equalTo: target)
    }
    return model
}

/// Solver figures agree to `relative` of the larger magnitude, or absolutely below 1.
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
    TestSupport.isClose(a, b, relative: relative, absolute: relative)
}
