import ArgumentParser
import CodesignWorkflow

/// Combines the stores of a sharded run (`explore --shard I/N`) into one: the same points,
/// in the same order, as the run would have stored unsharded.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge the results stores of the shards of one exploration.")

    @Option(help: "The store to create (must not exist).")
    var into: String

    @Argument(help: "Shard stores to merge.")
    var stores: [String]

    func validate() throws {
        if stores.isEmpty { throw ValidationError("give the shard stores to merge") }
        if into.isEmpty || stores.contains(where: \.isEmpty) { throw ValidationError("store paths must not be empty") }
    }

    func run() throws {
        let count = try Codesign.merge(into: into, from: stores)
        Terminal.write("\(count) points merged into \(into)\n")
    }
}
