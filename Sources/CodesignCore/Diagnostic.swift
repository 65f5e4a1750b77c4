/// A problem found in the user's input, printed compiler-style:
/// `path:line:column: error: message`, optionally followed by notes pointing at related places.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable { case error, warning, note }

    public var severity: Severity
    public var location: SourceLocation
    public var message: String
    public var notes: [Diagnostic]

    public init(_ severity: Severity = .error, at location: SourceLocation, _ message: String,
                notes: [Diagnostic] = []) {
        self.severity = severity
        self.location = location
        self.message = message
        self.notes = notes
    }

    public static func error(_ message: String, at location: SourceLocation, notes: [Diagnostic] = []) -> Diagnostic {
        Diagnostic(.error, at: location, message, notes: notes)
    }

    public static func note(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(.note, at: location, message)
    }

    /// The diagnostic and its notes, one per line.
    public var description: String {
        ([("\(location): \(severity.rawValue): \(message)")] + notes.map(\.description)).joined(separator: "\n")
    }
}

/// Thrown when input is invalid; carries every problem found, not only the first.
public struct DiagnosticsError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }

    /// One error at one place.
    public init(_ message: String, at location: SourceLocation) { self.diagnostics = [.error(message, at: location)] }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
