import SpecIO
import CodesignCore
import Foundation

/// A calibration row with the device model's prediction in the row's own unit.
public struct RowPrediction: Sendable, Hashable {
    public var row: CalibrationRow
    public var predicted: Double
    /// predicted / published − 1.
    public var relativeError: Double
}

extension RowPrediction {
    /// `predicted` for `row`, with its error against the published figure.
    public init(row: CalibrationRow, predicted: Double) {
        self.init(row: row, predicted: predicted, relativeError: predicted / row.value - 1)
    }
}

/// The result of fitting one device: its calibration and the fit on every row used.
public struct CalibrationFit: Sendable, Hashable {
    public var calibration: VendorCalibration
    public var predictions: [RowPrediction]
}

/// Fits a device's efficiency parameters on its calibration rows, by a documented,
/// deterministic procedure (README "Vendor profiles"):
///
/// 1. The engine evaluates every row's network once (DeviceTerms).
/// 2. The time parameters are fitted by least median of the absolute log errors of the
///    predicted time per inference over the time rows (latency and fps; Rousseeuw's LMedS,
///    JASA 1984): the most robust of the usual losses, so that up to half the rows may be
///    results the model cannot explain (a runtime's quirk, another measurement method)
///    without dragging the rest, and the figure the profiles are judged by. The search goes
///    through least squares, then the mean absolute error, then the median, each from the
///    previous optimum: the smoother losses lead it into the right basin. Only as many parameters are freed as
///    the rows have distinct workloads, and at most one per two time rows (against
///    over-fitting: a parameter per row would fit anything), in the order utilisation, (concurrency, when the
///    device has both latency and fps rows), (depthwise utilisation, when a row's network has
///    depthwise layers), invocation overhead, layer floor, link efficiency, per-layer
///    overhead; the others keep their neutral values (u_dw = u, concurrency 1, link 1,
///    overheads and floor 0).
/// 3. The search is coordinate descent: each parameter in turn is scanned on a 49-point
///    grid over its range (log scale) and refined by golden section, for 12 sweeps per loss,
///    from up to eight starts (utilisation 1 or 0.2, floor 0 or 10 µs, link efficiency 1 or
///    0.25, for the parameters that are free); the lowest median loss wins.
/// 4. Power is fitted only when the device has energy rows: the geometric median of
///    published energy / predicted time.
public enum Calibrator {
    /// Ranges of the parameters: utilisation in [0.002, 1]; link efficiency in [0.25, 1],
    /// since a link delivering under a quarter of its nominal rate is a broken set-up, not a
    /// property of the device; overheads up to 0.5 s per invocation and 20 ms per layer, well
    /// above any row's total time.
    static let utilizationRange = (low: log(0.002), high: 0.0)
    static let linkRange = (low: log(0.25), high: 0.0)
    static let overheadScaleS = 1e-6

    public static func predicted(_ row: CalibrationRow, terms: DeviceTerms, model: DeviceModel) -> Double? {
        let time = model.predict(terms, batch: row.batch).latencyS
        switch row.metric {
        case .latencyMS: return time * 1e3
        case .fps: return model.calibration.concurrency / time
        case .energyUJ: return model.powerW.map { $0 * time * 1e6 }
        }
    }

    public static func fit(samples: [(row: CalibrationRow, terms: DeviceTerms)], hostMacsPerS: Double?,
                           publishedPowerW: Double?) -> CalibrationFit {
        let timeSamples = samples.filter { $0.row.metric != .energyUJ }
        let workloads = Set(timeSamples.map { "\($0.row.network)|\($0.row.width)|\($0.row.resolution)|\($0.row.precision)|\($0.row.batch)" })
        // Concurrency is only identifiable when the same device has latency and fps rows.
        let metrics = Set(timeSamples.map(\.row.metric))
        let hasDepthwise = timeSamples.contains { $0.terms.layers.contains(where: \.isDepthwise) }
        var candidates = [0, 4, 5, 2, 6, 1, 3]
        if metrics.count < 2 { candidates.removeAll { $0 == 4 } }
        if !hasDepthwise { candidates.removeAll { $0 == 5 } }
        // At least two rows per parameter, and no more parameters than distinct workloads.
        let freeCount = max(1, min(workloads.count, (timeSamples.count + 1) / 2))
        let order = candidates.prefix(min(candidates.count, freeCount))
        // ln u, ln e, ln(1 + t_inv/µs), ln(1 + t_layer/µs), ln concurrency, ln(u_dw / u),
        // ln(1 + t_floor/µs)
        var x = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
        let ranges = [utilizationRange, linkRange, (low: 0.0, high: log(1 + 0.5 / overheadScaleS)),
                      (low: 0.0, high: log(1 + 0.02 / overheadScaleS)), (low: 0.0, high: log(8.0)),
                      (low: log(0.01), high: log(100.0)), (low: 0.0, high: log(1 + 0.01 / overheadScaleS))]

        func calibration(_ x: [Double]) -> VendorCalibration {
            VendorCalibration(method: .fitted, utilization: exp(x[0]), depthwiseUtilization: min(1, exp(x[0] + x[5])),
                              linkEfficiency: exp(x[1]),
                              layerOverheadS: (exp(x[3]) - 1) * overheadScaleS,
                              layerFloorS: (exp(x[6]) - 1) * overheadScaleS,
                              invocationOverheadS: (exp(x[2]) - 1) * overheadScaleS, concurrency: exp(x[4]))
        }
        /// Mean of |log error|^power; power 0 stands for the least-median loss: the median
        /// |log error|, with a thousandth of the mean as a tie-break so the search has a slope.
        func loss(_ x: [Double], power: Double) -> Double {
            let model = DeviceModel(calibration: calibration(x), hostMacsPerS: hostMacsPerS, publishedPowerW: nil)
            var errors: [Double] = []
            for s in timeSamples {
                guard let p = predicted(s.row, terms: s.terms, model: model), p > 0, p.isFinite else { return .infinity }
                errors.append(abs(log(p / s.row.value)))
            }
            let mean = errors.reduce(0) { $0 + (power == 0 ? $1 : pow($1, power)) } / Double(max(1, errors.count))
            return power == 0 ? median(errors) + 1e-3 * mean : mean
        }
        // Least squares first (smooth, so coordinate descent finds its basin), then the
        // robust losses from there; from several starts, since a floor and an overhead can
        // trade places: the lowest median loss wins (ties: the first start).
        /// The optimum of each loss in turn, each search starting from the previous one.
        func descend(from start: [Double]) -> [[Double]] {
            var x = start
            var optima: [[Double]] = []
            for power in [2.0, 1.0, 0.0] {
                for _ in 0..<12 {
                    for i in order {
                        x[i] = minimise(range: ranges[i]) { v in
                            var trial = x
                            trial[i] = v
                            return loss(trial, power: power)
                        }
                    }
                }
                // Coordinates move one at a time; correlated parameters (an invocation
                // overhead against a per-layer one) need a joint step: Nelder–Mead.
                x = nelderMead(from: x, free: Array(order), ranges: ranges) { loss($0, power: power) }
                optima.append(x)
            }
            return optima
        }
        if !timeSamples.isEmpty {
            var starts = [x]
            for (i, alternative) in [(0, log(0.2)), (6, log(1 + 1e-5 / overheadScaleS)), (1, log(0.25))]
            where order.contains(i) {
                starts += starts.map { var s = $0; s[i] = alternative; return s }
            }
            // Coordinate descent on the median alone can stall where a few rows fit exactly;
            // the smoother optima compete too, judged by the median loss.
            var bestLoss = Double.infinity
            for start in starts {
                for candidate in descend(from: start) {
                    let value = loss(candidate, power: 0)
                    if value < bestLoss - 1e-12 { bestLoss = value; x = candidate }
                }
            }
        }
        var result = calibration(x)
        // Overheads below a nanosecond are the search's floor, not a measurement.
        if result.layerOverheadS < 1e-9 { result.layerOverheadS = 0 }
        if result.invocationOverheadS < 1e-9 { result.invocationOverheadS = 0 }
        if result.layerFloorS < 1e-9 { result.layerFloorS = 0 }
        let timeModel = DeviceModel(calibration: result, hostMacsPerS: hostMacsPerS, publishedPowerW: nil)
        let energyRatios = samples.filter { $0.row.metric == .energyUJ }.map { s in
            log(s.row.value * 1e-6 / timeModel.predict(s.terms, batch: s.row.batch).latencyS)
        }
        if !energyRatios.isEmpty { result.powerW = exp(median(energyRatios)) }
        let model = DeviceModel(calibration: result, hostMacsPerS: hostMacsPerS, publishedPowerW: publishedPowerW)
        let predictions = samples.compactMap { s -> RowPrediction? in
            guard let p = predicted(s.row, terms: s.terms, model: model) else { return nil }
            return RowPrediction(row: s.row, predicted: p)
        }
        result.rows = samples.map(\.row.id)
        result.medianAbsError = predictions.isEmpty ? nil : median(predictions.map { abs($0.relativeError) })
        return CalibrationFit(calibration: result, predictions: predictions)
    }

    /// Parameters for a device without rows: the median of each fitted device's parameter,
    /// so the prior is itself fitted only on calibration rows.
    public static func prior(from fitted: [VendorCalibration]) -> VendorCalibration {
        VendorCalibration(method: .prior, utilization: median(fitted.map(\.utilization)),
                          depthwiseUtilization: median(fitted.map(\.depthwiseUtilization)),
                          linkEfficiency: median(fitted.map(\.linkEfficiency)),
                          layerOverheadS: median(fitted.map(\.layerOverheadS)),
                          layerFloorS: median(fitted.map(\.layerFloorS)),
                          invocationOverheadS: median(fitted.map(\.invocationOverheadS)))
    }

    /// Nelder–Mead (reflection 1, expansion 2, contraction ½, shrink ½) over the `free`
    /// coordinates, clamped to their ranges, from a simplex of steps 0.3; deterministic.
    static func nelderMead(from start: [Double], free: [Int], ranges: [(low: Double, high: Double)],
                           iterations: Int = 400, _ f: ([Double]) -> Double) -> [Double] {
        guard !free.isEmpty else { return start }
        func clamp(_ x: [Double]) -> [Double] {
            var x = x
            for i in free { x[i] = min(max(x[i], ranges[i].low), ranges[i].high) }
            return x
        }
        var simplex = [start]
        for i in free {
            var vertex = start
            vertex[i] += vertex[i] + 0.3 <= ranges[i].high ? 0.3 : -0.3
            simplex.append(clamp(vertex))
        }
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let worst = simplex.count - 1
            if values[worst] - values[0] < 1e-13 { break }
            var centroid = start
            for i in free { centroid[i] = simplex.dropLast().reduce(0) { $0 + $1[i] } / Double(worst) }
            func toward(_ t: Double) -> [Double] {
                var p = centroid
                for i in free { p[i] = centroid[i] + t * (simplex[worst][i] - centroid[i]) }
                return clamp(p)
            }
            let reflected = toward(-1), fr = f(reflected)
            if fr < values[0] {
                let expanded = toward(-2), fe = f(expanded)
                (simplex[worst], values[worst]) = fe < fr ? (expanded, fe) : (reflected, fr)
            } else if fr < values[worst - 1] {
                (simplex[worst], values[worst]) = (reflected, fr)
            } else {
                let contracted = toward(0.5), fc = f(contracted)
                if fc < values[worst] {
                    (simplex[worst], values[worst]) = (contracted, fc)
                } else {
                    for k in 1...worst {
                        for i in free { simplex[k][i] = simplex[0][i] + 0.5 * (simplex[k][i] - simplex[0][i]) }
                        values[k] = f(simplex[k])
                    }
                }
            }
        }
        let best = values.indices.min { (values[$0], $0) < (values[$1], $1) }!
        return simplex[best]
    }

    /// A grid scan then golden-section refinement around the best grid point; ties go to
    /// the lowest value, so the result is deterministic.
    static func minimise(range: (low: Double, high: Double), _ f: (Double) -> Double) -> Double {
        let steps = 48
        let width = (range.high - range.low) / Double(steps)
        var best = range.low, bestValue = f(range.low)
        for k in 1...steps {
            let v = range.low + Double(k) * width
            let value = f(v)
            if value < bestValue - 1e-12 { best = v; bestValue = value }
        }
        var a = max(range.low, best - width), b = min(range.high, best + width)
        let ratio = (sqrt(5.0) - 1) / 2
        var c = b - ratio * (b - a), d = a + ratio * (b - a)
        var fc = f(c), fd = f(d)
        for _ in 0..<40 {
            if fc <= fd { b = d; d = c; fd = fc; c = b - ratio * (b - a); fc = f(c) }
            else { a = c; c = d; fc = fd; d = a + ratio * (b - a); fd = f(d) }
        }
        let refined = (a + b) / 2
        return f(refined) < bestValue ? refined : best
    }
}

/// The median of a non-empty list (the mean of the two middle values for an even count).
public func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let mid = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

extension VendorCalibration {
    /// Whether two calibrations are the same fit, to the four significant digits the
    /// profiles store: what `calibrate --check` and the tests compare.
    public func agrees(with other: VendorCalibration, relativeTolerance: Double = 1e-3) -> Bool {
        func close(_ a: Double?, _ b: Double?) -> Bool { Self.agree(a, b, relativeTolerance: relativeTolerance) }
        return method == other.method && rows == other.rows && close(utilization, other.utilization)
            && close(depthwiseUtilization, other.depthwiseUtilization) && close(linkEfficiency, other.linkEfficiency)
            && close(layerOverheadS, other.layerOverheadS) && close(layerFloorS, other.layerFloorS)
            && close(invocationOverheadS, other.invocationOverheadS) && close(concurrency, other.concurrency)
            && close(powerW, other.powerW)
    }

    /// Two stored figures agree when both are absent, or equal to `relativeTolerance`.
    public static func agree(_ a: Double?, _ b: Double?, relativeTolerance: Double = 1e-3) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case let (a?, b?): abs(a - b) <= relativeTolerance * max(abs(a), abs(b)) + 1e-15
        default: false
        }
    }
}
