import CodesignCore

/// Runs both loaders before failing, so a user sees every problem of both files at once,
/// in the order the loaders are given.
func loadTogether<A, B>(_ first: () throws(DiagnosticsError) -> A,
                        _ second: () throws(DiagnosticsError) -> B) throws(DiagnosticsError) -> (A, B) {
    var diagnostics: [Diagnostic] = []
    var a: A?
    var b: B?
    do { a = try first() } catch { diagnostics += error.diagnostics }
    do { b = try second() } catch { diagnostics += error.diagnostics }
    guard let a, let b, diagnostics.isEmpty else { throw DiagnosticsError(diagnostics) }
    return (a, b)
}
