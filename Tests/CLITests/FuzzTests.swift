import Foundation
import Testing

/// A deterministic fuzz campaign through the real binary: every bundled input file, mutated
/// the way a hostile or careless user would (FuzzMutator.swift), must give either success or
/// exit 1 with every error located as `path:line:column: error: …` — never a crash, a hang,
/// an exhausted memory limit, or an error the user cannot find in their file.
///
/// `FUZZ_CASES` (default 300) and `FUZZ_SEED` (default 20261203) set the campaign; the same
/// seed gives the same mutants. `FUZZ_KEEP=DIR` keeps each failing case's folder there.
@Suite(.serialized) struct FuzzTests {
    @Test func mutatedInputsFailOnlyWithLocatedErrors() async throws {
        let campaign = try FuzzCampaign.fromEnvironment()
        let failures = await campaign.runOffTheCooperativePool()
        #expect(failures.count == 0, """
            \(Set(failures.map(\.caseIndex)).count) of \(campaign.caseCount) mutants (seed \(campaign.seed)) misbehaved \
            in \(failures.count) runs:
            \(failures.map(\.report).joined(separator: "\n"))
            """)
    }

    /// The unmutated files pass every command the campaign runs on them, so a failure of a
    /// mutant is the mutation's and a clean campaign is not a harness that only ever tests
    /// its own setup errors.
    @Test func bundledFilesPassEveryFuzzCommand() async throws {
        let campaign = try FuzzCampaign.fromEnvironment()
        let failures = await campaign.runOffTheCooperativePool(mutating: false)
        #expect(failures.count == 0, "\(failures.map(\.report).joined(separator: "\n"))")
    }

    @Test func sameSeedGivesSameMutants() throws {
        let targets = try FuzzTarget.bundled(root: CLIRunner.root)
        #expect(targets.count >= 30)
        for (index, target) in targets.enumerated() {
            let bytes = try target.baseBytes(root: CLIRunner.root)
            let seed = FuzzRandom.caseSeed(7, index)
            let first = FuzzMutator.mutate(bytes, kind: target.kind, seed: seed)
            let again = FuzzMutator.mutate(bytes, kind: target.kind, seed: seed)
            #expect(first.bytes == again.bytes && first.description == again.description)
            #expect(first.bytes != bytes, "\(target.relativePath): \(first.description)")
        }
    }
}

/// The campaign's settings, read from the environment.
struct FuzzCampaign: Sendable {
    var caseCount: Int
    var seed: UInt64
    var keep: String?
    var targets: [FuzzTarget]
    var timeout: TimeInterval = 30
    /// The CI machine has two cores.
    var parallelism = 2

    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FuzzCampaign {
        FuzzCampaign(caseCount: environment["FUZZ_CASES"].flatMap { Int($0) } ?? 300,
                     seed: environment["FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_203,
                     keep: environment["FUZZ_KEEP"].flatMap { $0.isEmpty ? nil : $0 },
                     targets: try FuzzTarget.bundled(root: CLIRunner.root))
    }

    /// Runs the campaign on GCD threads: each case blocks on its child processes, which
    /// must not hold Swift Testing's cooperative threads (two on this machine).
    func runOffTheCooperativePool(mutating: Bool = true) async -> [FuzzFailure] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: run(mutating: mutating)) }
        }
    }

    /// Every case, `parallelism` at a time, round-robin over the files; failures in case
    /// order. Without `mutating`, each file once as bundled.
    func run(mutating: Bool = true) -> [FuzzFailure] {
        let cases = mutating ? (0..<caseCount).map { FuzzCase(index: $0, target: targets[$0 % targets.count],
                                                                 seed: FuzzRandom.caseSeed(seed, $0)) }
                             : targets.enumerated().map { FuzzCase(index: $0, target: $1, seed: nil) }
        let queue = FuzzWorkQueue(count: cases.count)
        DispatchQueue.concurrentPerform(iterations: parallelism) { _ in
            while let next = queue.take() { queue.record(run(cases[next])) }
        }
        return queue.failures.sorted { $0.caseIndex < $1.caseIndex }
    }

    func run(_ fuzzCase: FuzzCase) -> [FuzzFailure] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npu-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let failures: [FuzzFailure]
        do {
            let prepared = try fuzzCase.prepare(in: folder.path, root: CLIRunner.root)
            failures = prepared.commands.compactMap { arguments in
                let outcome = FuzzProcess.run(arguments, timeout: timeout)
                // A bundled file must pass; a mutant may also be refused.
                let problems = outcome.problems + (fuzzCase.seed == nil && outcome.status != 0 ? ["the bundled file fails"] : [])
                guard !problems.isEmpty else { return nil }
                return FuzzFailure(caseIndex: fuzzCase.index, file: fuzzCase.target.relativePath,
                                   mutation: prepared.mutation, command: prepared.shown(arguments),
                                   outcome: outcome, problems: problems)
            }
        } catch {
            failures = [FuzzFailure(caseIndex: fuzzCase.index, file: fuzzCase.target.relativePath, mutation: "-",
                                    command: "setting up the case", outcome: nil, problems: ["\(error)"])]
        }
        if let keep, !failures.isEmpty { Self.keep(folder, failures, in: keep, caseIndex: fuzzCase.index) }
        return failures
    }

    /// Copies the case's folder (the mutant with the files beside it) and a note of what
    /// failed, for reproduction by hand.
    static func keep(_ folder: URL, _ failures: [FuzzFailure], in keep: String, caseIndex: Int) {
        let destination = URL(fileURLWithPath: keep).appendingPathComponent("case-\(caseIndex)")
        try? FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: destination)
        try? FileManager.default.copyItem(at: folder, to: destination)
        let note = failures.map(\.report).joined(separator: "\n") + "\n($CASE is this folder, . the repository)\n"
        try? Data(note.utf8).write(to: destination.appendingPathComponent("FAILURE.txt"))
    }
}

/// Hands out case indices to the workers and gathers their failures.
final class FuzzWorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var collected: [FuzzFailure] = []

    init(count: Int) { self.count = count }

    func take() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }
    }

    func record(_ failures: [FuzzFailure]) { lock.withLock { collected += failures } }

    var failures: [FuzzFailure] { lock.withLock { collected } }
}

// MARK: - What is fuzzed, and how each file is exercised

/// A bundled input file and the role that decides which commands read it.
struct FuzzTarget: Sendable {
    enum Role: Sendable {
        case design, designSpace, workload, vendorProfile, accuracyTable
        /// The whole calibration table, read by `compare`.
        case calibrationTable
        /// The calibration table's rows of the devices quick to fit, read by `calibrate`:
        /// fitting the whole table takes half a minute.
        case calibrationSlice
    }

    var relativePath: String
    var role: Role

    var kind: FuzzFileKind { FuzzFileKind(path: relativePath) }
    var name: String { (relativePath as NSString).lastPathComponent }

    /// Every bundled input, listed at run time (sorted) so that a new file is fuzzed too.
    static func bundled(root: URL) throws -> [FuzzTarget] {
        func files(_ folder: String, _ ext: String, _ role: Role) throws -> [FuzzTarget] {
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix("." + ext) }.sorted().map { FuzzTarget(relativePath: folder + "/" + $0, role: role) }
        }
        let calibration = FuzzCommands.calibrationTable
        let designs = try files("Designs", "yaml", .design).map { design in
            FuzzTarget(relativePath: design.relativePath,
                       role: try isSpace(String(contentsOf: root.appendingPathComponent(design.relativePath), encoding: .utf8))
                           ? .designSpace : .design)
        }
        return try designs + files("Designs/vendors", "yaml", .vendorProfile)
            + [FuzzTarget(relativePath: calibration, role: .calibrationTable),
               FuzzTarget(relativePath: calibration, role: .calibrationSlice)]
            + files("Workloads", "yaml", .workload) + files("Workloads/accuracy", "csv", .accuracyTable)
    }

    /// A design space is a design with a list where one design has a scalar; the only
    /// list-valued key of a single design is a memory level's `holds`.
    static func isSpace(_ text: String) -> Bool {
        text.split(separator: "\n").contains { line in
            let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            return code.matches(of: #/([A-Za-z_]+): \[/#).contains { $0.output.1 != "holds" }
        }
    }

    /// The bytes the mutator starts from: the file, or for the slice its quick devices' rows.
    func baseBytes(root: URL) throws -> [UInt8] {
        let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent(relativePath)))
        return role == .calibrationSlice ? FuzzCommands.slice(of: bytes) : bytes
    }
}

/// One case of a campaign: a file and the seed of its mutation (none: the file as bundled).
struct FuzzCase: Sendable {
    var index: Int
    var target: FuzzTarget
    var seed: UInt64?

    /// Writes the mutant under its own name into `folder`, with the files it needs beside
    /// it, and returns the commands to run on it.
    func prepare(in folder: String, root: URL) throws -> FuzzPreparedCase {
        let base = try target.baseBytes(root: root)
        let mutant = seed.map { FuzzMutator.mutate(base, kind: target.kind, seed: $0) }
            ?? Mutant(bytes: base, description: "none (as bundled)")
        let commands = try FuzzCommands(root: root.path, folder: folder).prepare(target, mutant.bytes)
        let slice = target.role == .calibrationSlice ? " [rows of \(FuzzCommands.quickToFit.sorted().joined(separator: ", "))]" : ""
        return FuzzPreparedCase(mutation: mutant.description + slice, commands: commands, folder: folder, root: root.path)
    }
}

struct FuzzPreparedCase {
    var mutation: String
    var commands: [[String]]
    var folder: String
    var root: String

    /// A command as the failure message shows it: `$CASE` for the case's folder, `.` for the
    /// repository (the binary runs there).
    func shown(_ arguments: [String]) -> String {
        "npu-codesign " + arguments.map {
            $0.replacingOccurrences(of: folder, with: "$CASE").replacingOccurrences(of: root + "/", with: "")
        }.joined(separator: " ")
    }
}

/// The commands that read each kind of file, chosen to run in a fraction of a second on
/// the bundled files (a release build): the fuzz campaign's time is mostly theirs.
struct FuzzCommands {
    var root: String
    var folder: String

    /// The small network every design and vendor profile is run on.
    static let designWorkload = "Workloads/keyword-spotting.yaml"
    /// The design every workload runs on: 16-bit, so the 16-bit AlexNet runs too.
    static let workloadDesign = "Designs/eyeriss-like.yaml"
    static let calibrationTable = "Designs/vendors/calibration.csv"
    static let tinySpace = "Tests/CodesignWorkflowTests/Fixtures/tiny-space.yaml"
    /// What design spaces are explored with: DS-CNN at three input lengths.
    static let tinyWorkload = "Tests/CodesignWorkflowTests/Fixtures/tiny-workload.yaml"
    /// The sidecar every accuracy table is read with; it is not a table itself.
    static let adjustments = "adjustments.csv"
    /// Devices whose fit on their own calibration rows takes well under a second (the
    /// others take 1–15 s each: they fit ImageNet-sized networks).
    static let quickToFit: Set<String> = ["cortex-m7", "ethos-u55", "kl520"]
    static let searchLayerByLayer = ["--mapper", "search", "--schedule", "layer-by-layer"]

    func repo(_ path: String) -> String { root + "/" + path }
    func inCase(_ path: String) -> String { folder + "/" + path }

    func prepare(_ target: FuzzTarget, _ mutant: [UInt8]) throws -> [[String]] {
        let path = inCase(target.relativePath)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if target.role == .workload || target.role == .accuracyTable { try copyAccuracyTables() }
        try write(mutant, to: path)
        switch target.role {
        case .design:
            return [["validate", path], ["evaluate", "--design", path, "--workload", repo(Self.designWorkload)] + Self.searchLayerByLayer]
        case .designSpace:
            return [["validate", path], explore(workload: repo(Self.tinyWorkload), space: path)]
        case .workload:
            return workloadCommands(path)
        case .accuracyTable:
            let workload = try workloadNaming(table: target.name)
            return workloadCommands(workload) + [explore(workload: workload, space: repo(Self.tinySpace))]
        case .vendorProfile:
            // Alone in its folder with its device's calibration rows (`compare` and
            // `calibrate` refuse rows for devices no profile defines); a device without rows
            // beside the other bundled profiles and the whole table instead.
            let profiles = inCase("Designs/vendors"), rows = profiles + "/calibration.csv"
            let device = (target.name as NSString).deletingPathExtension
            let own = Self.slice(of: try bundledCalibration(), devices: [device])
            guard FuzzMutator.lines(own).count > 1 else {
                try copyOtherProfiles(except: target.name, into: profiles)
                return [["validate", path], compare(profiles: profiles, calibration: repo(Self.calibrationTable))]
            }
            try write(own, to: rows)
            return [["validate", path], compare(profiles: profiles, calibration: rows)]
                + (Self.quickToFit.contains(device) ? [calibrate(profiles: profiles, calibration: rows)] : [])
        case .calibrationTable:
            return [compare(profiles: repo("Designs/vendors"), calibration: path)]
        case .calibrationSlice:
            let profiles = (path as NSString).deletingLastPathComponent
            for device in Self.quickToFit {
                try FileManager.default.copyItem(atPath: repo("Designs/vendors/\(device).yaml"), toPath: profiles + "/\(device).yaml")
            }
            return [calibrate(profiles: profiles, calibration: path), compare(profiles: profiles, calibration: path)]
        }
    }

    func workloadCommands(_ workload: String) -> [[String]] {
        [["validate", workload], ["evaluate", "--design", repo(Self.workloadDesign), "--workload", workload] + Self.searchLayerByLayer]
    }

    /// The first four points of the grid, screened only, on one core.
    func explore(workload: String, space: String) -> [String] {
        ["explore", "--workload", workload, "--space", space, "--no-refine", "--mapper", "search", "--budget", "4",
         "--jobs", "1", "--db", inCase("explore.sqlite"), "--out", inCase("explore")]
    }

    func compare(profiles: String, calibration: String) -> [String] {
        ["compare", "--workload", repo(Self.designWorkload), "--profiles", profiles, "--calibration", calibration]
    }

    /// The fit with its leave-one-out errors. Not `--check`: a device fitted on a slice may
    /// differ from its profile (those without rows of their own take their class's median).
    func calibrate(profiles: String, calibration: String) -> [String] {
        ["calibrate", "--profiles", profiles, "--calibration", calibration]
    }

    func copyOtherProfiles(except name: String, into folder: String) throws {
        for other in try FileManager.default.contentsOfDirectory(atPath: repo("Designs/vendors"))
        where other.hasSuffix(".yaml") && other != name {
            try FileManager.default.copyItem(atPath: repo("Designs/vendors/" + other), toPath: folder + "/" + other)
        }
    }

    func bundledCalibration() throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: repo(Self.calibrationTable))))
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The case gets its own copy of the folders workloads name relative to themselves
    /// (Workloads/accuracy, Workloads/models), so that their paths resolve and a mutated table
    /// replaces only the copy.
    func copyAccuracyTables() throws {
        for folder in ["Workloads/accuracy", "Workloads/models"] {
            let original = repo(folder), copy = inCase(folder)
            try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: original) {
                try FileManager.default.copyItem(atPath: original + "/" + name, toPath: copy + "/" + name)
            }
        }
    }

    /// The first bundled workload that names an accuracy table, copied beside the tables and
    /// pointed at `table` (the adjustments are read beside whichever table it names).
    func workloadNaming(table: String) throws -> String {
        let workloads = try FileManager.default.contentsOfDirectory(atPath: repo("Workloads")).filter { $0.hasSuffix(".yaml") }.sorted()
        let tablePath = try Regex(#"accuracy/[A-Za-z0-9_.-]+\.csv"#)
        for name in workloads {
            let text = try String(contentsOfFile: repo("Workloads/" + name), encoding: .utf8)
            guard text.contains(tablePath) else { continue }
            let pointed = table == Self.adjustments ? text : text.replacing(tablePath, with: "accuracy/" + table)
            let path = inCase("Workloads/" + name)
            try write(Array(pointed.utf8), to: path)
            return path
        }
        throw FuzzSetupError("no bundled workload names an accuracy table")
    }

    /// The header and the rows of `devices` (second column) of a calibration table.
    static func slice(of table: [UInt8], devices: Set<String> = quickToFit) -> [UInt8] {
        let lines = FuzzMutator.lines(table)
        return (lines.prefix(1) + lines.dropFirst().filter { line in
            let fields = FuzzMutator.fieldRanges(line)
            return fields.count > 1 && devices.contains(String(decoding: line[fields[1]], as: UTF8.self))
        }).flatMap { $0 }
    }
}

struct FuzzSetupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Running the binary and judging what it did

/// What one run of the binary did.
struct FuzzOutcome: Sendable {
    var status: Int32
    var signaled: Bool
    var timedOut: Bool
    var timeout: TimeInterval
    var stdout: String
    var stderr: String

    var stderrHead: [String] { Array(stderr.split(separator: "\n", omittingEmptySubsequences: true).prefix(3).map(String.init)) }
}

enum FuzzProcess {
    /// Address space the binary may use: a mutant that makes it allocate without bound
    /// fails here (as a crash) instead of swapping the machine.
    static let addressSpaceKiB = 2_097_152

    /// Runs the binary from the repository through `sh` (for `ulimit -v`, then `exec`, so
    /// the signal that ends the binary is the one reported), reading both pipes while it
    /// runs so that a large output cannot block it, and SIGKILLs it after `timeout`.
    static func run(_ arguments: [String], timeout: TimeInterval) -> FuzzOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -v \(addressSpaceKiB); exec \"$0\" \"$@\"", CLIRunner.binary.path] + arguments
        process.currentDirectoryURL = CLIRunner.root
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch {
            return FuzzOutcome(status: -1, signaled: false, timedOut: false, timeout: timeout, stdout: "",
                               stderr: "could not start the binary: \(error)")
        }
        let stdout = PipeReader(out), stderr = PipeReader(err)
        let timedOut = exited.wait(timeout: .now() + timeout) == .timedOut
        if timedOut {
            // Foundation starts the child in its own process group: end it and anything it started.
            kill(-process.processIdentifier, SIGKILL)
            exited.wait()
        }
        process.waitUntilExit()
        return FuzzOutcome(status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
                           timedOut: timedOut, timeout: timeout, stdout: stdout.text(), stderr: stderr.text())
    }
}

/// Drains a pipe on a GCD thread; `text()` waits for its end.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchGroup()

    init(_ pipe: Pipe) {
        done.enter()
        DispatchQueue.global().async {
            self.data = pipe.fileHandleForReading.readDataToEndOfFile()
            self.done.leave()
        }
    }

    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

extension FuzzOutcome {
    static let crashSigns = ["Fatal error", "Stack dump", "Illegal instruction", "Segmentation fault", "backtrace", "internal error"]
    /// A diagnostic the user can act on: a path, a 1-based line and column, a severity.
    /// In a binary model the element stands for the line and column:
    /// `model.onnx: node 'conv1' (#0, op Conv): error: …` (reported as line and column 1).
    static func location(_ line: String) -> (path: String, line: Int, column: Int, severity: Substring)? {
        if let match = line.firstMatch(of: #/^(.+\.onnx): (?:node|initializer) '.*?'(?: \(#[0-9]+, op [^)]*\))?: (error|warning|note): /#) {
            return (String(match.output.1), 1, 1, match.output.2)
        }
        guard let match = line.firstMatch(of: #/^(.+):([0-9]+):([0-9]+): (error|warning|note): /#),
              let row = Int(match.output.2), let column = Int(match.output.3) else { return nil }
        return (String(match.output.1), row, column, match.output.4)
    }

    /// Everything wrong with the run; empty when it succeeded or failed properly.
    var problems: [String] {
        if timedOut { return ["hang: killed after \(Int(timeout)) s"] }
        if signaled { return ["crash: killed by signal \(status)"] }
        var problems: [String] = []
        if status != 0 && status != 1 { problems.append("crash: exit status \(status)") }
        problems += Self.crashSigns.filter { stderr.contains($0) }.map { "crash: stderr says '\($0)'" }
        let lines = stderr.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.contains("error:") }
        let locatedErrors = errors.filter { Self.location($0)?.severity == "error" && Self.unusableLocation($0) == nil }
        if status == 1 && stderr.allSatisfy(\.isWhitespace) { problems.append("exit 1 with nothing on stderr") }
        else if status == 1 && locatedErrors.isEmpty { problems.append("exit 1 without a located error") }
        if let unusable = errors.lazy.compactMap(Self.unusableLocation).first { problems.append(unusable) }
        if status == 0 && !errors.isEmpty { problems.append("exit 0 but stderr has 'error:'") }
        if status == 0, let figure = Self.nonFiniteFigure(in: stdout) { problems.append("exit 0 with a non-finite figure '\(figure)'") }
        return problems
    }

    /// A figure printed as infinite or not a number: the input let a model divide by a
    /// value no device has (a subnormal efficiency, a published value of 1e-308).
    static func nonFiniteFigure(in text: String) -> String? {
        let separators = CharacterSet(charactersIn: " \t\n,|\"':;()[]{}=")
        return text.components(separatedBy: separators).first { token in
            let bare = token.trimmingCharacters(in: CharacterSet(charactersIn: "+-%")).lowercased()
            return bare == "inf" || bare == "nan" || bare == "infinity"
        }
    }

    /// Why a line mentioning `error:` cannot lead the user to the problem: no location, a
    /// line or column that is not 1-based, or a path that is not there to open. Nil when
    /// it can (notes and warnings that quote an error included).
    static func unusableLocation(_ line: String) -> String? {
        let shown = "'\(line.prefix(120))'"
        guard let (path, row, column, _) = location(line) else { return "unlocated error line \(shown)" }
        if row < 1 || column < 1 { return "location not 1-based \(shown)" }
        let absolute = path.hasPrefix("/") ? path : CLIRunner.root.appendingPathComponent(path).path
        return FileManager.default.fileExists(atPath: absolute) ? nil : "located in a missing file \(shown)"
    }
}

/// One misbehaving run, with what it takes to reproduce it.
struct FuzzFailure: Sendable {
    var caseIndex: Int
    var file: String
    var mutation: String
    var command: String
    var outcome: FuzzOutcome?
    var problems: [String]

    var report: String {
        var lines = ["- case \(caseIndex): \(file): \(mutation)", "    $ \(command)",
                     "    " + problems.joined(separator: "; ")]
        if let outcome {
            lines.append("    exit \(outcome.status)\(outcome.signaled ? " (signal)" : "")")
            lines += outcome.stderrHead.map { "    | " + $0.prefix(200) }
        }
        return lines.joined(separator: "\n")
    }
}
