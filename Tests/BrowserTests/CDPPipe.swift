import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What went wrong while driving Chromium; each case says what was being done, so a failing test explains itself.
enum CDPError: Error, CustomStringConvertible {
    case spawnFailed(String)
    case timedOut(String)
    case browserExited(String)
    case protocolError(method: String, message: String)
    case badMessage(String)

    var description: String {
        switch self {
        case .spawnFailed(let why): "could not start Chromium: \(why)"
        case .timedOut(let what): "timed out waiting for \(what)"
        case .browserExited(let why): "Chromium went away: \(why)"
        case .protocolError(let method, let message): "\(method) failed: \(message)"
        case .badMessage(let what): "unexpected DevTools message: \(what)"
        }
    }
}

/// A Chromium process started with `--remote-debugging-pipe`, and the pipe pair it speaks DevTools on.
///
/// Chromium reads messages on its fd 3 and writes replies and events on its fd 4, each message a JSON
/// text ended by a NUL byte. Foundation's `Process` can only set up stdin/stdout/stderr, so the child is
/// started with `posix_spawn` and `dup2` file actions. It gets its own process group, so that a browser
/// which will not quit can be ended together with its renderer and GPU helpers.
final class CDPPipe {
    let pid: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var exited = false

    /// Starts `executable` with `arguments`; its stdout and stderr go to `logPath`.
    init(executable: String, arguments: [String], logPath: String) throws {
        // A write to a browser that has died must fail with EPIPE instead of killing the test process.
        signal(SIGPIPE, SIG_IGN)

        let (browserReads, toBrowser) = try Self.makePipe()
        let (fromBrowser, browserWrites) = try Self.makePipe()
        defer { close(browserReads); close(browserWrites) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, browserReads, 3)
        posix_spawn_file_actions_adddup2(&actions, browserWrites, 4)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)  // undo our SIG_IGN in the child
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF))

        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else {
            close(toBrowser); close(fromBrowser)
            throw CDPError.spawnFailed("\(executable): \(String(cString: strerror(status)))")
        }
        self.pid = child
        self.toBrowser = toBrowser
        self.fromBrowser = fromBrowser
    }

    deinit {
        close(toBrowser)
        close(fromBrowser)
        if !exited { terminate() }
    }

    /// Writes one message, NUL-terminated.
    func send(_ message: [String: Any]) throws {
        var bytes = [UInt8](try JSONSerialization.data(withJSONObject: message))
        bytes.append(0)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(toBrowser, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw CDPError.browserExited("write failed: \(String(cString: strerror(errno)))") }
            written += n
        }
    }

    /// Returns the next message, waiting no later than `deadline`; `what` names the wait in a timeout error.
    func receive(until deadline: ContinuousClock.Instant, waitingFor what: String) throws -> [String: Any] {
        while true {
            if let end = buffer[scanned...].firstIndex(of: 0) {
                let text = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                scanned = 0
                guard let message = try JSONSerialization.jsonObject(with: text) as? [String: Any] else {
                    throw CDPError.badMessage(String(decoding: text.prefix(200), as: UTF8.self))
                }
                return message
            }
            scanned = buffer.count
            try readMore(until: deadline, waitingFor: what)
        }
    }

    /// Waits up to `timeout` for the browser to exit; true when it has.
    func waitForExit(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !exited {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) { exited = true; break }
            if ContinuousClock.now >= deadline { return false }
            usleep(20_000)
        }
        return true
    }

    /// Ends the browser's process group: SIGTERM, then SIGKILL if it is still there after two seconds.
    func terminate() {
        guard !exited else { return }
        kill(-pid, SIGTERM)
        if waitForExit(timeout: .seconds(2)) { return }
        kill(-pid, SIGKILL)
        _ = waitForExit(timeout: .seconds(2))
    }

    private func readMore(until deadline: ContinuousClock.Instant, waitingFor what: String) throws {
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw CDPError.timedOut(what) }
            var poller = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            let milliseconds = left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
            let ready = poll(&poller, 1, Int32(clamping: max(1, milliseconds)))
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }  // timeout: the deadline check above throws
            let n = chunk.withUnsafeMutableBytes { read(fromBrowser, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw CDPError.browserExited("its DevTools pipe closed while waiting for \(what)") }
            buffer.append(contentsOf: chunk[..<n])
            return
        }
    }

    /// A close-on-exec pipe whose descriptors are above 4, so the child's `dup2` onto 3 and 4
    /// can neither be a no-op that keeps close-on-exec nor overwrite the other end.
    /// (Glibc's `pipe2` is not visible to Swift, hence `pipe` and then `F_DUPFD_CLOEXEC`.)
    private static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw CDPError.spawnFailed("pipe: \(String(cString: strerror(errno)))")
        }
        let moved = fds.map { fcntl($0, F_DUPFD_CLOEXEC, 5) }
        fds.forEach { close($0) }
        guard moved.allSatisfy({ $0 >= 5 }) else {
            moved.filter { $0 >= 0 }.forEach { close($0) }
            throw CDPError.spawnFailed("fcntl: \(String(cString: strerror(errno)))")
        }
        return (moved[0], moved[1])
    }
}
