/// Where a value came from in a user's file, so every diagnostic can point at it.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    /// 1-based line and column, as editors and compilers print them.
    public var line: Int
    public var column: Int
    /// In a binary file (an ONNX model), the element instead of a line and column:
    /// `node 'Conv_12' (#12, op Conv)`.
    public var element: String?

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// A place in a binary file, named by its element.
    public init(path: String, element: String) {
        self.init(path: path, line: 1, column: 1)
        self.element = element
    }

    /// A location for a whole file, used when the problem is not at any node (empty file).
    public static func file(_ path: String) -> SourceLocation { SourceLocation(path: path, line: 1, column: 1) }

    public var description: String { element.map { "\(path): \($0)" } ?? "\(path):\(line):\(column)" }
}
