import Foundation

/// FNV-1a, 64 bits: a stable fingerprint (not a security hash) of a run's inputs, so a store
/// is only resumed or merged with the run that made it, and of each stored point's values, so
/// a row edited or damaged in the file is noticed when it is read.
public struct Fingerprint: Sendable {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func add(_ data: Data) {
        for byte in data { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        state = (state ^ 0xFF) &* 0x0000_0100_0000_01B3   // separator between parts
    }

    public mutating func add(_ text: String) { add(Data(text.utf8)) }

    public var hex: String { String(state, radix: 16) }
}
