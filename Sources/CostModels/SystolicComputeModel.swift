import CodesignCore

/// Compute cycles of a systolic array with SCALE-Sim semantics (Samajdar et al.,
/// "A Systematic Methodology for Characterizing Scalability of DNN Accelerators using
/// SCALE-Sim", ISPASS 2020), read from the mapping so that one mapping explains both the
/// cycles and the accesses.
///
/// On a systolic array the spatial factors of a mapping are the slice of the operand
/// matrices given to the array: they may exceed an axis, and the array then runs that
/// slice in folds of rows × cols, each fold padded to the full array (as SCALE-Sim's
/// compute classes do). The stationary operand is preloaded once per fold; the innermost
/// run of temporal loops the stationary operand does not depend on streams through the
/// array with the skew of fill and drain; every other temporal iteration starts a new
/// session of folds. SCALE-Sim's own schedule, `foldMapping`, puts the whole operand
/// matrix on the array and streams its whole temporal dimension in one session.
public enum SystolicComputeModel {
    /// The operand that stays in the PEs while the others stream: SCALE-Sim's three
    /// dataflows; row stationary and `any` on a systolic array run as weight stationary,
    /// SCALE-Sim's default.
    public static func stationaryOperand(for dataflow: Dataflow) -> Operand {
        switch dataflow {
        case .outputStationary: .outputs
        case .inputStationary: .inputs
        default: .weights
        }
    }

    /// The loop dimensions SCALE-Sim lowers onto the array rows (Sr) and columns (Sc):
    /// the rest (and groups) run in time.
    public static func operandMatrixDimensions(for dataflow: Dataflow) -> (rows: [LoopDimension], cols: [LoopDimension]) {
        switch stationaryOperand(for: dataflow) {
        case .outputs: ([.N, .P, .Q], [.K])     // ofmap pixels × filters, window streamed
        case .inputs: ([.C, .R, .S], [.N, .P, .Q])   // window × pixels, filters streamed
        case .weights: ([.C, .R, .S], [.K])     // window × filters, pixels streamed
        }
    }

    /// Folds of one axis: the slice mapped onto it over the axis length, rounded up.
    public static func folds(spatial: DimensionVector, axisLength: Int) -> Int {
        ceilDiv(spatial.product, axisLength)
    }

    /// Array cycles of `mapping` with unlimited memory bandwidth. Checked against SCALE-Sim
    /// 3.0.0 on Tests/Fixtures/scalesim with `foldMapping` (every case exact).
    public static func cycles(mapping: Mapping, rows: Int, cols: Int, dataflow: Dataflow) -> Double {
        let stationary = stationaryOperand(for: dataflow)
        var iterations = 1.0
        for factors in mapping.temporal { iterations *= Double(factors.product) }
        // The stream: the innermost temporal loops, across levels, that leave the
        // stationary operand in place; the first loop it depends on ends the session.
        var stream = 1
        streaming: for level in mapping.temporal.indices {
            for d in mapping.loopOrder[level].reversed() where mapping.temporal[level][d] > 1 {
                if stationary.isRelevant(d) { break streaming }
                stream *= mapping.temporal[level][d]
            }
        }
        let sessions = iterations / Double(stream)
        let foldCount = Double(folds(spatial: mapping.spatialRows, axisLength: rows)
                               * folds(spatial: mapping.spatialCols, axisLength: cols))
        // Weight- and input-stationary folds first preload the stationary operand (rows
        // cycles); streaming adds the skew rows - 1 and the drain cols - 1.
        let preload = stationary == .outputs ? 0 : rows
        return sessions * foldCount * Double(preload + stream + rows - 1 + cols - 1)
    }

    /// How many more times `operand` crosses the array edge because of the folds: a fold
    /// of an axis whose dimensions the operand does not depend on replays the operand (the
    /// streamed inputs once per column fold under weight stationary, the partial sums once
    /// per row fold); a fold of an axis it depends on only splits it.
    public static func edgeReplays(of operand: Operand, mapping: Mapping, rows: Int, cols: Int) -> Double {
        var replays = 1
        for (spatial, length) in [(mapping.spatialRows, rows), (mapping.spatialCols, cols)] {
            let f = folds(spatial: spatial, axisLength: length)
            guard f > 1 else { continue }
            if !LoopDimension.allCases.contains(where: { spatial[$0] > 1 && operand.isRelevant($0) }) { replays *= f }
        }
        return Double(replays)
    }
}
