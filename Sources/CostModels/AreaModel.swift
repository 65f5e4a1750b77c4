import CodesignCore
import Foundation

/// Silicon area of one accelerator die, mm^2, by part. Off-chip memory has no area here.
public struct AreaBreakdown: Sendable, Hashable, Codable {
    /// MAC units of all PEs.
    public var peArrayMM2: Double
    /// Per-PE storage levels, all PEs.
    public var registerFilesMM2: Double
    /// Shared on-chip SRAM levels, all instances.
    public var sramMM2: Double
    /// Control, array network, vector unit and interfaces (see `AreaModel`).
    public var overheadMM2: Double
    public var totalMM2: Double
    /// Each on-chip memory level's area (all PEs or instances), by level name.
    public var perLevelMM2: [String: Double]

    public init(peArrayMM2: Double, registerFilesMM2: Double, sramMM2: Double, overheadMM2: Double,
                totalMM2: Double, perLevelMM2: [String: Double]) {
        self.peArrayMM2 = peArrayMM2
        self.registerFilesMM2 = registerFilesMM2
        self.sramMM2 = sramMM2
        self.overheadMM2 = overheadMM2
        self.totalMM2 = totalMM2
        self.perLevelMM2 = perLevelMM2
    }
}

/// Bottom-up die area: MACs + SRAM arrays, plus an overhead share taken from a real die.
///
/// - MAC: the table's int8 MAC (28 nm, 336.7 um^2, UPCYCLE) moved to the node with the logic
///   area factors; other widths by the power law between it and Aladdin's 32-bit adder +
///   multiplier (40 nm, 278 + 6350 um^2, ALADDIN40, moved to 28 nm): exponent
///   m = ln(6628 x af(28)/af(40) / 336.7) / ln 4 = 1.61, so area = A8 (bits/8)^m. The table's
///   Horowitz area column (int8 MAC 318 um^2 at 45 nm) is an unsourced recollection: not used.
/// - SRAM and per-PE storage: bits x bitcell(node) / efficiency(size). Bitcells from the table
///   (22-5 nm); larger nodes from the 22 nm cell x af(node)/af(22), 3 nm from 5 nm likewise.
///   Array efficiency (bitcell area / macro area) runs log-log from 0.197 for a 512 B array
///   (CACTI 512 B at 45 nm, 0.0076 mm^2, against 4096 bits of the 45 nm cell) to 0.48 for
///   1 MB (7 nm macro row 0.45 mm^2/MB against 8e6 bits of the 7 nm cell), held outside.
///   Small arrays carry relatively more decoders and sense amplifiers, which a single large
///   macro efficiency would miss by about 2.4x at 512 B.
/// - Overhead: on the TPU v1 die the SRAM (Unified Buffer 29 %, Accumulators 6 %) and MAC
///   array (24 %) are 59 %; the rest is control, activation pipeline, interconnect and I/O.
///   So overhead = 0.41/0.59 = 0.69 x (MACs + storage), total = (MACs + storage) / 0.59.
///   (The ASIC-Cloud DieCost.py divides its component sum by 0.7, a similar share.)
public enum AreaModel {
    public static func area(of accelerator: Accelerator) throws(TechnologyError) -> AreaBreakdown {
        let nodeNm = accelerator.technology.nodeNm
        let array = accelerator.peArray
        guard array.rows > 0, array.cols > 0, array.macsPerPE > 0 else {
            throw TechnologyError("pe_array must have positive rows, cols and macs_per_pe, got "
                + "\(array.rows) x \(array.cols) x \(array.macsPerPE)")
        }
        guard array.precisionBits > 0 else {
            throw TechnologyError("pe_array precision must be positive, got \(array.precisionBits) bits")
        }
        let macUM2 = try macAreaUM2(bits: array.precisionBits, nodeNm: nodeNm)
        let peArrayMM2 = Double(array.macCount) * macUM2 * 1e-6

        var registerFilesMM2 = 0.0
        var sramMM2 = 0.0
        var perLevel: [String: Double] = [:]
        for level in accelerator.memory where level.technology.isOnChip {
            guard let bytes = level.sizeBytes, bytes > 0 else {
                throw TechnologyError("memory level '\(level.name)': an on-chip SRAM needs a positive size, got "
                    + (level.sizeBytes.map { "\($0) bytes" } ?? "none"))
            }
            guard level.instances > 0 else {
                throw TechnologyError("memory level '\(level.name)': instances must be positive, got \(level.instances)")
            }
            guard level.sharedByPEs > 0, level.scope == .shared || array.peCount % level.sharedByPEs == 0 else {
                throw TechnologyError("memory level '\(level.name)': shared_by_pes must divide the \(array.peCount) PEs, got \(level.sharedByPEs)")
            }
            // A per-PE level shared by a group of PEs exists once per group.
            let copies = level.instances * (level.scope == .perPE ? array.peCount / level.sharedByPEs : 1)
            let levelMM2 = Double(copies) * (try sramMacroAreaMM2(bytes: Double(bytes), nodeNm: nodeNm))
            perLevel[level.name, default: 0] += levelMM2
            if level.scope == .perPE { registerFilesMM2 += levelMM2 } else { sramMM2 += levelMM2 }
        }

        let builtMM2 = peArrayMM2 + registerFilesMM2 + sramMM2
        let overheadMM2 = builtMM2 * (1 / TechnologyTable.tpu1DatapathFractionOfDie - 1)
        return AreaBreakdown(peArrayMM2: peArrayMM2, registerFilesMM2: registerFilesMM2, sramMM2: sramMM2,
                             overheadMM2: overheadMM2, totalMM2: builtMM2 + overheadMM2, perLevelMM2: perLevel)
    }

    /// One integer MAC of `bits`-wide operands at the node, um^2.
    public static func macAreaUM2(bits: Int, nodeNm: Double) throws(TechnologyError) -> Double {
        guard bits > 0 else { throw TechnologyError("MAC precision must be positive, got \(bits) bits") }
        let factors = TechnologyTable.areaFactor
        let int8AtNode = TechnologyTable.int8MACAreaUM2At28nm
            * (try factors.value(atNodeNm: nodeNm)) / (try factors.value(atNodeNm: 28))
        return int8AtNode * pow(Double(bits) / 8, try macWidthExponent())
    }

    /// Exponent m of MAC area ∝ bits^m, from int8 (UPCYCLE, 28 nm) and int32 (ALADDIN40, 40 nm).
    public static func macWidthExponent() throws(TechnologyError) -> Double {
        let factors = TechnologyTable.areaFactor
        let int32At28 = (TechnologyTable.int32AddAreaUM2At40nm + TechnologyTable.int32MultAreaUM2At40nm)
            * (try factors.value(atNodeNm: 28)) / (try factors.value(atNodeNm: 40))
        return log(int32At28 / TechnologyTable.int8MACAreaUM2At28nm) / log(32.0 / 8.0)
    }

    /// 6T bitcell area at the node, um^2 (see the type's comment for nodes outside 5-22 nm).
    public static func sramBitcellUM2(nodeNm: Double) throws(TechnologyError) -> Double {
        let cells = TechnologyTable.sramBitcellUM2
        let factors = TechnologyTable.areaFactor
        let factor = try factors.value(atNodeNm: nodeNm)  // range check for every node
        let range = cells.nodeRangeNm
        if nodeNm > range.upperBound {
            return try cells.value(atNodeNm: range.upperBound) * factor / (try factors.value(atNodeNm: range.upperBound))
        }
        if nodeNm < range.lowerBound {
            return try cells.value(atNodeNm: range.lowerBound) * factor / (try factors.value(atNodeNm: range.lowerBound))
        }
        return try cells.value(atNodeNm: nodeNm)
    }

    /// Bitcell area / macro area for an array of `bytes` (see the type's comment).
    public static func sramArrayEfficiency(bytes: Double) throws(TechnologyError) -> Double {
        let smallBits = TechnologyTable.cacti512BBytes * 8
        let small = smallBits * (try sramBitcellUM2(nodeNm: 45)) / (TechnologyTable.cacti512BAreaMM2At45nm * 1e6)
        let large = TechnologyTable.sramMacroBitsPerMB * (try sramBitcellUM2(nodeNm: 7))
            / (TechnologyTable.sramMacroMM2PerMBAt7nm * 1e6)
        let largeBytes = TechnologyTable.sramMacroBitsPerMB / 8
        return LogLog.interpolate([(TechnologyTable.cacti512BBytes, small), (largeBytes, large)],
                                  at: bytes, outside: .clamp)
    }

    /// One SRAM array of `bytes` at the node, mm^2.
    public static func sramMacroAreaMM2(bytes: Double, nodeNm: Double) throws(TechnologyError) -> Double {
        guard bytes > 0, bytes.isFinite else {
            throw TechnologyError("SRAM size must be positive, got \(bytes) bytes")
        }
        let bitcell = try sramBitcellUM2(nodeNm: nodeNm)
        return bytes * 8 * bitcell / (try sramArrayEfficiency(bytes: bytes)) * 1e-6
    }
}
