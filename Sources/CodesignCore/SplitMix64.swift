/// Steele, Lea and Flood's SplitMix64 (OOPSLA 2014), the seeding generator of xoshiro:
/// 64-bit state, fully specified, so a seed gives the same stream on every platform and Swift
/// version (the standard library's generators promise neither). The one random source of
/// the mappers and search strategies, which must be reproducible from their seed.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` without modulo bias (Lemire, "Fast Random Integer Generation
    /// in an Interval", TOMACS 2019).
    public mutating func next(below bound: Int) -> Int {
        precondition(bound > 0)
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }
}
