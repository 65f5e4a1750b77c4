import CodesignCore
import Exploration

extension DiagnosticsError {
    /// An error met while using a results store, located at the file it is about (a merge
    /// source, not the destination; the store, not the workload); any other error at
    /// `fallback`.
    init(store error: any Error, fallback: SourceLocation) {
        switch error {
        case let error as DiagnosticsError: self = error
        case let error as ResultsStoreError: self.init(error.message, at: .file(error.path))
        default: self.init("\(error)", at: fallback)
        }
    }
}
