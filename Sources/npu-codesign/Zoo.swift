import ArgumentParser
import SpecIO

struct Zoo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in networks and their variant knobs.")

    func run() throws {
        var lines = ["name                 default  knobs                          description"]
        for family in NetworkZoo.families {
            let knobs = (family.supportsWidth ? "width, " : "") + "resolution >= \(family.minimumResolution), precision"
            lines.append(family.name.padding(toLength: 21, withPad: " ", startingAt: 0)
                + String(family.defaultResolution).padding(toLength: 9, withPad: " ", startingAt: 0)
                + knobs.padding(toLength: 31, withPad: " ", startingAt: 0)
                + family.summary)
        }
        Terminal.write(lines.joined(separator: "\n") + "\n")
    }
}
