import ArgumentParser
import Reporting

struct Zoo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in networks and their variant knobs.")

    func run() throws {
        Terminal.write(ZooTable.render())
    }
}
