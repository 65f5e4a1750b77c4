/// How many chips of a design are made. The one-time costs (mask set, licensed IP, package
/// design) are spread over them, so $/chip, and whether a design meets a `cost_usd`
/// constraint, depends on the volume (`production.volume` in a workload).
public enum ProductionVolume {
    /// The volumes every unit-cost table shows: a pilot run, a product, a high-volume product.
    public static let standardUnits = [10_000, 100_000, 1_000_000]
    /// Units a design is judged at when the workload does not say: the middle of the standard
    /// volumes (INTERFACE.md's unit cost "at 100k units").
    public static let defaultUnits = 100_000
    /// Largest volume a workload may name: ten billion chips, beyond any product line.
    public static let maxUnits = 10_000_000_000

    /// The standard volumes and `units`, ascending, each once.
    public static func table(including units: Int) -> [Int] {
        Array(Set(standardUnits + [units])).sorted()
    }
}
