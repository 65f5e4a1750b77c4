import CodesignCore
import Foundation

/// Checks where results will go before any work is done, so a bad `--out` or `--db` is a
/// located error in the first second, not after minutes of exploring, and says why in plain
/// words (not a Foundation error code).
public enum OutputLocation {
    /// A folder that exists and is writable, or that can be created (its nearest existing
    /// ancestor is a writable folder).
    public static func checkFolder(_ path: String, what: String) throws(DiagnosticsError) {
        guard !path.isEmpty else { throw DiagnosticsError("\(what) is an empty path", at: .file(path)) }
        try checkWritableFolder(path, for: path, what: what)
    }

    /// A file that can be created or replaced: not a folder, in a folder that exists or can
    /// be created.
    public static func checkFile(_ path: String, what: String) throws(DiagnosticsError) {
        guard !path.isEmpty else { throw DiagnosticsError("\(what) is an empty path", at: .file(path)) }
        if let reason = FileKind(path: path).reasonNotAFile {
            throw DiagnosticsError("cannot write \(what) '\(path)': \(reason)", at: .file(path))
        }
        let parent = (path as NSString).deletingLastPathComponent
        try checkWritableFolder(parent.isEmpty ? "." : parent, for: path, what: what)
    }

    private static func checkWritableFolder(_ folder: String, for path: String, what: String) throws(DiagnosticsError) {
        var candidate = folder
        while true {
            let kind = FileKind(path: candidate)
            if kind != .missing {
                guard kind == .directory else {
                    throw DiagnosticsError("cannot write \(what) '\(path)': '\(candidate)' is a file, not a folder", at: .file(path))
                }
                guard access(candidate, W_OK | X_OK) == 0 else {
                    throw DiagnosticsError("cannot write \(what) '\(path)': the folder '\(candidate)' is not writable", at: .file(path))
                }
                return
            }
            let parent = (candidate as NSString).deletingLastPathComponent
            if parent == candidate || parent.isEmpty { return }
            candidate = parent
        }
    }
}
