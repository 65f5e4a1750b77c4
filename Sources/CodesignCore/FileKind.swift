import Foundation

/// What a path names, symbolic links followed (`stat`): a store or an output must be a
/// regular file, and a folder or a device (/dev/null) is said to be one rather than left to
/// SQLite's "disk I/O error".
public enum FileKind: Sendable, Equatable {
    case missing, regular, directory, other

    public init(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { self = .missing; return }
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        default: self = .other
        }
    }

    /// "a folder", "not a regular file": why it cannot be used as a file.
    public var reasonNotAFile: String? {
        switch self {
        case .missing, .regular: nil
        case .directory: "it is a folder"
        case .other: "it is not a regular file"
        }
    }
}
