import CodesignCore
import Foundation

/// Which arithmetic a MAC uses; integer is what `PEArray.precisionBits` means.
public enum MACArithmetic: String, Sendable, Hashable, Codable, CaseIterable {
    case integer
    case floatingPoint = "floating_point"
}

/// Energy per MAC, per bit moved and per vector op for one accelerator, and its leakage.
///
/// Everything starts from 45 nm figures (Horowitz ISSCC 2014 for logic and SRAM, CACTI for the
/// smallest SRAM) and is moved to the design's node with the table's dynamic-energy factor;
/// off-chip memory keeps its own pJ/bit. All table look-ups and checks happen in `init`, so
/// the per-access functions are cheap and cannot fail.
public struct EnergyModel: Sendable {
    public let accelerator: Accelerator
    /// Dynamic energy of logic at this node and supply relative to Horowitz's 45 nm at 0.9 V
    /// (`TechnologyTable.dynamicEnergyFactor(atNodeNm:vddV:)`).
    public let dynamicEnergyFactor: Double
    /// Static power density used for `leakagePowerW`.
    public let leakageMWPerMM2: Double
    /// Die area the leakage is charged on.
    public let area: AreaBreakdown
    /// Per memory level, pJ per bit read and per bit written.
    private let levelReadEnergyPJPerBit: [Double]
    private let levelWriteEnergyPJPerBit: [Double]

    /// Static power density of logic, mW per mm^2, when the design gives none: commercial
    /// 40 nm (TSMC 40G) 32-bit adder + multiplier of Aladdin's library (ALADDIN40):
    /// (2.25e-3 + 7.79e-2) mW / (278 + 6350) um^2 = 12.09 mW/mm^2. A general-purpose process
    /// at typical corner; low-power processes leak far less, so designs should give their own.
    /// No cited law moves it between nodes, so it is used unscaled at every node.
    public static let defaultLeakageMWPerMM2 =
        (TechnologyTable.int32AddLeakageMWAt40nm + TechnologyTable.int32MultLeakageMWAt40nm)
        / ((TechnologyTable.int32AddAreaUM2At40nm + TechnologyTable.int32MultAreaUM2At40nm) * 1e-6)

    /// Refuses nodes outside the table, SRAM levels without a size, DRAM types and host links
    /// with no cited pJ/bit unless the level gives its energies, and negative overrides
    /// (level energies and `PEArray.macEnergyPJ`).
    /// `leakageMWPerMM2` overrides the default leakage density (design key `leakage_mw_per_mm2`).
    public init(accelerator: Accelerator, leakageMWPerMM2: Double? = nil) throws(TechnologyError) {
        self.accelerator = accelerator
        let nodeNm = accelerator.technology.nodeNm
        dynamicEnergyFactor = try TechnologyTable.dynamicEnergyFactor(atNodeNm: nodeNm, vddV: accelerator.technology.vddV)
        if let leakage = leakageMWPerMM2 ?? accelerator.leakageMWPerMM2, !(leakage.isFinite && leakage >= 0) {
            throw TechnologyError("leakage_mw_per_mm2 must be a non-negative number, got \(leakage)")
        }
        self.leakageMWPerMM2 = leakageMWPerMM2 ?? accelerator.leakageMWPerMM2 ?? Self.defaultLeakageMWPerMM2
        area = try AreaModel.area(of: accelerator)

        if let mac = accelerator.peArray.macEnergyPJ, !(mac.isFinite && mac >= 0) {
            throw TechnologyError("mac_energy_pj must be a non-negative number, got \(mac)")
        }
        var reads: [Double] = [], writes: [Double] = []
        for level in accelerator.memory {
            let read = try Self.override(level.readEnergyPJPerBit, key: "read_energy_pj_per_bit", level: level)
            let write = try Self.override(level.writeEnergyPJPerBit, key: "write_energy_pj_per_bit", level: level)
            // The model is consulted only for a direction the design leaves open (a host link
            // has no model at all).
            let modelled = read != nil && write != nil
                ? 0 : try Self.accessEnergy(of: level, dynamicEnergyFactor: dynamicEnergyFactor)
            reads.append(read ?? modelled)
            writes.append(write ?? modelled)
        }
        levelReadEnergyPJPerBit = reads
        levelWriteEnergyPJPerBit = writes
    }

    private static func override(_ value: Double?, key: String, level: MemoryLevel) throws(TechnologyError) -> Double? {
        guard let value else { return nil }
        guard value.isFinite, value >= 0 else {
            throw TechnologyError("memory level '\(level.name)': \(key) must be a non-negative number, got \(value)")
        }
        return value
    }

    /// One multiply-accumulate at this node, pJ: a multiplier for weight x activation and an
    /// adder as wide as the wider operand (the table's int8 MAC = 8b mult + 8b add = 0.23 pJ
    /// at 45 nm; a wider accumulator would cost more, so this is a lower bound).
    ///
    /// Integer multipliers follow the power law through Horowitz's 8-bit (0.2 pJ) and 32-bit
    /// (3.1 pJ) points, E = 0.2 (b/8)^k with k = ln(3.1/0.2)/ln 4 = 1.98, b the geometric mean
    /// of the two widths (an array multiplier has w x a partial products). That gives 16-bit
    /// 0.79 pJ (the table's unsourced 1.0 pJ is not used) and 4-bit 0.051 pJ. Adders are
    /// interpolated log-log through 8/16/32 bits (0.03/0.05/0.1 pJ) and extrapolated with the
    /// 8-16 bit slope below 8 bits: 4-bit 0.018 pJ, so an int4 MAC is 0.069 pJ at 45 nm.
    /// Floating point uses Horowitz's 16/32-bit adders and multipliers the same way.
    ///
    /// A design's own `PEArray.macEnergyPJ` replaces all of this, whatever the widths.
    public func macEnergyPJ(weightBits: Int, activationBits: Int, arithmetic: MACArithmetic = .integer) -> Double {
        accelerator.peArray.macEnergyPJ
            ?? technologyMACEnergyPJ(weightBits: weightBits, activationBits: activationBits, arithmetic: arithmetic)
    }

    /// The technology model's MAC at this node, pJ, ignoring the design's override: the unit
    /// other energies are normalised to (`nocEnergyPJPerBit`).
    func technologyMACEnergyPJ(weightBits: Int, activationBits: Int, arithmetic: MACArithmetic = .integer) -> Double {
        Self.macEnergyPJAt45nm(weightBits: weightBits, activationBits: activationBits, arithmetic: arithmetic)
            * dynamicEnergyFactor
    }

    /// Energy per bit read from `accelerator.memory[level]`, pJ. SRAM by array size
    /// (per instance): log-log through CACTI 512 B and Horowitz 8 KB / 32 KB / 1 MB 64-bit
    /// reads at 45 nm, held below 512 B, extended with the 32 KB-1 MB power law above 1 MB,
    /// then node-scaled like logic (the table warns SRAM does not scale like logic: rough).
    /// DRAM from the table by type; host links only from the level's override, which wins.
    public func readEnergyPJPerBit(level: Int) -> Double {
        levelReadEnergyPJPerBit[level]
    }

    /// Energy per bit written into `accelerator.memory[level]`, pJ: the level's own write
    /// energy, else charged as a read (the table has reads only; CACTI's 512 B write is 2.2x).
    public func writeEnergyPJPerBit(level: Int) -> Double {
        levelWriteEnergyPJPerBit[level]
    }

    /// One figure per bit for callers that do not tell reads from writes (the ILP mapper's
    /// traffic weights, the chip-to-chip link): the read energy.
    public func accessEnergyPJPerBit(level: Int) -> Double {
        levelReadEnergyPJPerBit[level]
    }

    /// Delivering one bit from a shared buffer into a PE over the array network, pJ: Eyeriss
    /// normalises one 16-bit NoC transfer to 2 x one 16-bit MAC (65 nm); both sides scale with
    /// the same logic factor, so at any node it is 2 x (16-bit MAC at this node) / 16.
    public func nocEnergyPJPerBit() -> Double {
        let bits = Int(TechnologyTable.eyerissWordBits)
        return TechnologyTable.nocTransferPerMAC * technologyMACEnergyPJ(weightBits: bits, activationBits: bits)
            / TechnologyTable.eyerissWordBits
    }

    /// One pooling or element-wise add on `bits`-wide operands, pJ: Horowitz's integer adder
    /// (8/16/32-bit points, log-log, extended with the end slopes), node-scaled.
    public func vectorOpEnergyPJ(bits: Int) -> Double {
        Self.intAddEnergyPJAt45nm(bits: Double(max(bits, 1))) * dynamicEnergyFactor
    }

    /// Static power of the die, W: `leakageMWPerMM2` x total die area of `AreaModel`.
    public var leakagePowerW: Double {
        leakageMWPerMM2 * area.totalMM2 / 1000
    }

    // MARK: 45 nm building blocks

    static func macEnergyPJAt45nm(weightBits: Int, activationBits: Int, arithmetic: MACArithmetic) -> Double {
        let w = Double(max(weightBits, 1))
        let a = Double(max(activationBits, 1))
        let productBits = (w * a).squareRoot()
        let addBits = max(w, a)
        switch arithmetic {
        case .integer:
            return intMultEnergyPJAt45nm(bits: productBits) + intAddEnergyPJAt45nm(bits: addBits)
        case .floatingPoint:
            return LogLog.interpolate(TechnologyTable.floatMultEnergyPJ45.map { ($0.bits, $0.pJ) },
                                      at: productBits, outside: .extrapolate)
                + LogLog.interpolate(TechnologyTable.floatAddEnergyPJ45.map { ($0.bits, $0.pJ) },
                                     at: addBits, outside: .extrapolate)
        }
    }

    static func intMultEnergyPJAt45nm(bits: Double) -> Double {
        LogLog.interpolate(TechnologyTable.intMultEnergyPJ45.map { ($0.bits, $0.pJ) }, at: bits, outside: .extrapolate)
    }

    static func intAddEnergyPJAt45nm(bits: Double) -> Double {
        LogLog.interpolate(TechnologyTable.intAddEnergyPJ45.map { ($0.bits, $0.pJ) }, at: bits, outside: .extrapolate)
    }

    /// SRAM read energy per bit at 45 nm for an array of `bytes`.
    static func sramEnergyPJPerBitAt45nm(bytes: Double) -> Double {
        let points = TechnologyTable.sramReadEnergyPJPerBit45.map { ($0.bytes, $0.pJPerBit) }
        // Below the smallest cited array, hold its value: no data says how periphery shrinks.
        if bytes <= points[0].0 { return points[0].1 }
        return LogLog.interpolate(points, at: bytes, outside: .extrapolate)
    }

    /// The technology model's energy per bit accessed at `level`, without its overrides.
    static func accessEnergy(of level: MemoryLevel, dynamicEnergyFactor: Double) throws(TechnologyError) -> Double {
        switch level.technology {
        case .sram:
            guard let bytes = level.sizeBytes else {
                throw TechnologyError("memory level '\(level.name)': an on-chip SRAM needs a size to model its energy")
            }
            guard bytes > 0 else {
                throw TechnologyError("memory level '\(level.name)': size must be positive, got \(bytes) bytes")
            }
            return sramEnergyPJPerBitAt45nm(bytes: Double(bytes)) * dynamicEnergyFactor
        case .dram(let type):
            guard let entry = TechnologyTable.dramEnergyPJPerBit[TechnologyTable.normalizedMemoryType(type)] else {
                let known = TechnologyTable.dramEnergyPJPerBit.keys.sorted().joined(separator: ", ")
                throw TechnologyError("memory level '\(level.name)': DRAM type '\(type)' has no cited energy per bit "
                    + "(known: \(known)); give energy_pj_per_bit for this level")
            }
            return entry.pJPerBit
        case .hostLink(let type):
            throw TechnologyError("memory level '\(level.name)': host link '\(type)' has no cited energy per bit "
                + "(it depends on the link and on the host's memory); give energy_pj_per_bit for this level")
        }
    }
}
