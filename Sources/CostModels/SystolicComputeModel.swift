import CodesignCore

/// Compute cycles of a systolic array with SCALE-Sim semantics (Samajdar et al.,
/// "A Systematic Methodology for Characterizing Scalability of DNN Accelerators using
/// SCALE-Sim", ISPASS 2020): the layer is lowered to operand matrices, the spatial
/// operand matrix is cut into folds of rows × cols, and every fold streams its temporal
/// dimension through the array with the skew of fill and drain. Every fold is padded to
/// the full array and folds do not overlap, as in SCALE-Sim's compute classes.
public enum SystolicComputeModel {
    /// The operand-matrix extents SCALE-Sim assigns to the array rows (`sr`), columns
    /// (`sc`) and time (`t`) for each dataflow.
    public static func operandMatrix(layer: Layer, dataflow: Dataflow) -> (sr: Int, sc: Int, t: Int) {
        let b = layer.bounds
        let pixels = b.n * b.p * b.q          // ofmap pixels (per group)
        let window = b.c * b.r * b.s          // filter window (per group)
        let filters = b.k
        switch dataflow {
        case .outputStationary: return (pixels, filters, window)
        case .inputStationary: return (window, pixels, filters)
        default: return (window, filters, pixels)   // weight stationary
        }
    }

    public static func cycles(layer: Layer, rows: Int, cols: Int, dataflow: Dataflow, macsPerPE: Int = 1) -> Double {
        let (sr, sc, t) = operandMatrix(layer: layer, dataflow: dataflow)
        let folds = Double(ceilDiv(sr, rows) * ceilDiv(sc, cols)) * Double(layer.bounds.g)
        // Streaming T, skew rows - 1, drain cols - 1; weight- and input-stationary folds
        // first preload the stationary operand (rows more cycles). Checked against
        // SCALE-Sim 3.0.0 on Tests/Fixtures/scalesim (every case exact).
        let preload = dataflow == .outputStationary ? 0 : rows
        let perFold = Double(preload + ceilDiv(t, macsPerPE) + rows - 1 + cols - 1)
        return folds * perFold
    }
}
