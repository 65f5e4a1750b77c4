/// Where a value came from in a user's file, so every diagnostic can point at it.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    /// 1-based line and column, as editors and compilers print them.
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// A location for a whole file, used when the problem is not at any node (empty file).
    public static func file(_ path: String) -> SourceLocation { SourceLocation(path: path, line: 1, column: 1) }

    public var description: String { "\(path):\(line):\(column)" }
}
