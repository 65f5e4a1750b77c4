import Foundation

/// A technology figure the models cannot produce: a node outside the table, a DRAM type or
/// host link with no cited energy, a negative size. The message names the value and says
/// what to give instead.
public struct TechnologyError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// One row of a node-dependent table: the value at a process node and where it came from.
public struct NodeValue: Sendable, Hashable {
    public let nodeNm: Double
    public let value: Double
    /// Source ids of SOURCES.md (the `source_ids` column of reference/technology.csv).
    public let sourceIDs: [String]

    public init(_ nodeNm: Double, _ value: Double, _ sourceIDs: [String]) {
        self.nodeNm = nodeNm
        self.value = value
        self.sourceIDs = sourceIDs
    }
}

/// A node-dependent figure interpolated log-log in node size between its rows, and refused
/// outside them: a cited row exists at both ends, nothing is extrapolated.
public struct NodeTable: Sendable, Hashable {
    public let name: String
    public let unit: String
    /// Rows in ascending node size.
    public let rows: [NodeValue]

    public init(name: String, unit: String, rows: [NodeValue]) {
        self.name = name
        self.unit = unit
        self.rows = rows.sorted { $0.nodeNm < $1.nodeNm }
    }

    public var nodeRangeNm: ClosedRange<Double> { rows.first!.nodeNm...rows.last!.nodeNm }

    /// Source ids of every row, in first-seen order.
    public var sourceIDs: [String] {
        var seen: [String] = []
        for id in rows.flatMap(\.sourceIDs) where !seen.contains(id) { seen.append(id) }
        return seen
    }

    public func value(atNodeNm nodeNm: Double) throws(TechnologyError) -> Double {
        guard nodeNm.isFinite, nodeRangeNm.contains(nodeNm) else {
            throw TechnologyError(
                "technology node \(TechnologyTable.format(nodeNm)) nm is outside the range of the "
                + "\(name) table (\(TechnologyTable.format(nodeRangeNm.lowerBound))–"
                + "\(TechnologyTable.format(nodeRangeNm.upperBound)) nm, "
                + "sources \(sourceIDs.joined(separator: ", ")))")
        }
        return LogLog.interpolate(rows.map { ($0.nodeNm, $0.value) }, at: nodeNm, outside: .clamp)
    }
}

/// Piecewise power-law interpolation: straight lines between points in (log x, log y).
enum LogLog {
    enum Outside {
        /// Hold the end value (used where no cited data lies beyond the last point).
        case clamp
        /// Continue the end segment's power law.
        case extrapolate
    }

    /// `points` sorted by ascending x, all x and y positive, at least one point.
    static func interpolate(_ points: [(x: Double, y: Double)], at x: Double, outside: Outside) -> Double {
        precondition(!points.isEmpty)
        if points.count == 1 { return points[0].y }
        if x <= points[0].x {
            if outside == .clamp || x == points[0].x { return points[0].y }
            return segment(points[0], points[1], at: x)
        }
        if x >= points[points.count - 1].x {
            if outside == .clamp || x == points[points.count - 1].x { return points[points.count - 1].y }
            return segment(points[points.count - 2], points[points.count - 1], at: x)
        }
        for i in 1..<points.count where x <= points[i].x {
            if x == points[i].x { return points[i].y }
            return segment(points[i - 1], points[i], at: x)
        }
        return points[points.count - 1].y
    }

    /// The power law y = y0 (x / x0)^k through two points, evaluated at x.
    static func segment(_ p0: (x: Double, y: Double), _ p1: (x: Double, y: Double), at x: Double) -> Double {
        let exponent = log(p1.y / p0.y) / log(p1.x / p0.x)
        return p0.y * pow(x / p0.x, exponent)
    }
}

/// The technology constants, copied from ../shared/reference/technology.csv (row values and
/// source ids as there; full citations in SOURCES.md) or, where that table had nothing, from
/// the figures named here and added to SOURCES.md. Every derived value gives its formula.
///
/// Node-dependent values are `NodeTable`s, interpolated log-log in node size between rows
/// and refused outside them. Node-scaling rows include the table's own derived rows (40, 28,
/// 22, 12 nm interpolated linearly in nm by the table; 5 and 3 nm extrapolated by the
/// hwcomponents rule), so a 28 nm design gets the table's 28 nm factor exactly.
public enum TechnologyTable {

    // MARK: Node scaling (Stillmaker & Baas 2017)

    /// Dynamic energy of logic relative to 45 nm, at equal Vdd = 0.8 V (technology.csv
    /// `node_scaling`, "dynamic energy factor relative to 45 nm"). At equal Vdd older nodes
    /// look cheaper than they were (they ran at higher Vdd): a design that gives its supply
    /// (`Technology.vddV`) is moved along its node's fit by `dynamicEnergyFactor(atNodeNm:vddV:)`.
    public static let dynamicEnergyFactor = NodeTable(
        name: "dynamic energy factor relative to 45 nm", unit: "x", rows: [
            NodeValue(130, 3.0681, ["DERIVED", "STILLMAKER"]),
            NodeValue(90, 1.8973, ["DERIVED", "STILLMAKER"]),
            NodeValue(65, 1.2407, ["DERIVED", "STILLMAKER"]),
            NodeValue(45, 1.0, ["DERIVED", "STILLMAKER"]),
            NodeValue(40, 0.869, ["DERIVED", "STILLMAKER"]),
            NodeValue(32, 0.6593, ["DERIVED", "STILLMAKER"]),
            NodeValue(28, 0.5132, ["DERIVED", "STILLMAKER"]),
            NodeValue(22, 0.2941, ["DERIVED", "STILLMAKER"]),
            NodeValue(20, 0.2211, ["DERIVED", "STILLMAKER"]),
            NodeValue(16, 0.1735, ["DERIVED", "STILLMAKER"]),
            NodeValue(14, 0.1388, ["DERIVED", "STILLMAKER"]),
            NodeValue(12, 0.1283, ["DERIVED", "STILLMAKER"]),
            NodeValue(10, 0.1178, ["DERIVED", "STILLMAKER"]),
            NodeValue(7, 0.0943, ["DERIVED", "STILLMAKER"]),
            NodeValue(5, 0.0797, ["DERIVED", "STILLMAKER"]),
            NodeValue(3, 0.0617, ["DERIVED", "STILLMAKER"]),
        ])

    /// Stillmaker & Baas's energy-versus-supply fits, E(V) ~ a V^2 + b V + c per node
    /// (technology.csv `node_scaling_coeff`, "Stillmaker energy polynomial a,b,c"; STILLMAKER).
    /// The node table above is the ratio of two of these at `nodeTableVddV`.
    static let energyPolynomials: [(nodeNm: Double, a: Double, b: Double, c: Double)] = [
        (7, 0.1776, -0.09097, 0.02447), (10, 0.2068, -0.09311, 0.02375), (14, 0.2363, -0.09675, 0.02239),
        (16, 0.2958, -0.1241, 0.03024), (20, 0.373, -0.1582, 0.04104), (32, 0.9559, -0.7823, 0.471),
        (45, 1.103, -0.362, 0.2767), (65, 3.755, -4.398, 1.975), (90, 4.762, -4.781, 2.092),
        (130, 7.171, -6.709, 2.904),
    ]
    /// The common supply of the node table's factors (technology.csv: "same Vdd = 0.8 V for
    /// both nodes (hwcomponents default)").
    static let nodeTableVddV = 0.8
    /// The supply of Horowitz's 45 nm figures, which every energy here starts from
    /// (technology.csv `energy_per_op` conditions "45 nm, 0.9 V"; HORO).
    static let horowitzVddV = 0.9

    /// The fitted a, b, c at `nodeNm`: linear in nm between the fitted nodes (the rule the
    /// table uses for its interpolated rows), the end node's fit outside 7-130 nm.
    static func energyPolynomial(atNodeNm nodeNm: Double) -> (a: Double, b: Double, c: Double) {
        let fits = energyPolynomials
        guard nodeNm > fits[0].nodeNm else { return (fits[0].a, fits[0].b, fits[0].c) }
        guard let upper = fits.firstIndex(where: { $0.nodeNm >= nodeNm }) else {
            let last = fits[fits.count - 1]
            return (last.a, last.b, last.c)
        }
        let lo = fits[upper - 1], hi = fits[upper]
        let t = (nodeNm - lo.nodeNm) / (hi.nodeNm - lo.nodeNm)
        return (lo.a + (hi.a - lo.a) * t, lo.b + (hi.b - lo.b) * t, lo.c + (hi.c - lo.c) * t)
    }

    /// Dynamic energy of logic at `nodeNm` and supply `vddV` relative to Horowitz's 45 nm at
    /// 0.9 V: the node table's equal-voltage factor moved along the node's own fit from the
    /// table's 0.8 V to `vddV`, and Horowitz's 45 nm moved from 0.8 V back to the 0.9 V it was
    /// measured at, i.e. E_node(vddV) / E_45(0.9 V) wherever the node has its own fit.
    /// Without `vddV` it is the node table's factor.
    ///
    /// A supply below the point where the node's fit stops rising with voltage lies outside
    /// the range the fit describes (energy cannot fall as the supply rises) and is refused.
    public static func dynamicEnergyFactor(atNodeNm nodeNm: Double, vddV: Double?) throws(TechnologyError) -> Double {
        let atTableVdd = try dynamicEnergyFactor.value(atNodeNm: nodeNm)
        guard let vddV else { return atTableVdd }
        let fit = energyPolynomial(atNodeNm: nodeNm)
        let lowestVddV = -fit.b / (2 * fit.a)
        guard vddV.isFinite, vddV > lowestVddV else {
            throw TechnologyError(
                "vdd_v \(format(vddV)) V is below \(format((lowestVddV * 100).rounded(.up) / 100)) V, where the "
                + "energy-versus-supply fit of a \(format(nodeNm)) nm node (Stillmaker & Baas 2017) stops rising "
                + "with the supply; give the chip's supply at or above it")
        }
        func energy(_ f: (a: Double, b: Double, c: Double), _ v: Double) -> Double { f.a * v * v + f.b * v + f.c }
        let reference = energyPolynomial(atNodeNm: 45)
        return atTableVdd * energy(fit, vddV) / energy(fit, nodeTableVddV)
            * energy(reference, nodeTableVddV) / energy(reference, horowitzVddV)
    }

    /// Logic area relative to 45 nm (technology.csv `node_scaling`, "area factor relative to
    /// 45 nm"; 40/28/22/12 nm linearly interpolated and 5/3 nm extrapolated by the table).
    public static let areaFactor = NodeTable(
        name: "logic area factor relative to 45 nm", unit: "x", rows: [
            NodeValue(130, 6.4, ["STILLMAKER"]),
            NodeValue(90, 2.8, ["STILLMAKER"]),
            NodeValue(65, 1.5, ["STILLMAKER"]),
            NodeValue(45, 1.0, ["STILLMAKER"]),
            NodeValue(40, 0.7923, ["DERIVED", "STILLMAKER"]),
            NodeValue(32, 0.46, ["STILLMAKER"]),
            NodeValue(28, 0.3767, ["DERIVED", "STILLMAKER"]),
            NodeValue(22, 0.2517, ["DERIVED", "STILLMAKER"]),
            NodeValue(20, 0.21, ["STILLMAKER"]),
            NodeValue(16, 0.19, ["STILLMAKER"]),
            NodeValue(14, 0.17, ["STILLMAKER"]),
            NodeValue(12, 0.135, ["DERIVED", "STILLMAKER"]),
            NodeValue(10, 0.1, ["STILLMAKER"]),
            NodeValue(7, 0.059, ["STILLMAKER"]),
            NodeValue(5, 0.0421, ["DERIVED", "STILLMAKER"]),
            NodeValue(3, 0.0253, ["DERIVED", "STILLMAKER"]),
        ])

    // MARK: Energy per operation at 45 nm, 0.9 V (Horowitz, ISSCC 2014)

    /// Integer adders, bits → pJ (HORO).
    public static let intAddEnergyPJ45: [(bits: Double, pJ: Double)] = [(8, 0.03), (16, 0.05), (32, 0.1)]
    /// Integer multipliers, bits → pJ (HORO). The table's 16-bit multiplier (1.0 pJ) is an
    /// unsourced estimate and is not used: the model interpolates between these two.
    public static let intMultEnergyPJ45: [(bits: Double, pJ: Double)] = [(8, 0.2), (32, 3.1)]
    /// Floating-point adders, bits → pJ (HORO).
    public static let floatAddEnergyPJ45: [(bits: Double, pJ: Double)] = [(16, 0.4), (32, 0.9)]
    /// Floating-point multipliers, bits → pJ (HORO).
    public static let floatMultEnergyPJ45: [(bits: Double, pJ: Double)] = [(16, 1.1), (32, 3.7)]

    /// SRAM read energy per bit at 45 nm by array size (bytes → pJ/bit):
    /// 512 B = CACTI 0.0332 pJ/bit (DRAMINFO, 32-bit port);
    /// 8 KB = 10 pJ / 64 bit (HORO), 32 KB = 20 pJ / 64 bit, 1 MB = 100 pJ / 64 bit (HORO_MEM3).
    public static let sramReadEnergyPJPerBit45: [(bytes: Double, pJPerBit: Double)] = [
        (512, 0.0332),
        (8 * 1024, 10.0 / 64),
        (32 * 1024, 20.0 / 64),
        (1024 * 1024, 100.0 / 64),
    ]

    // MARK: Eyeriss normalised data-movement energy (65 nm, 16-bit)

    /// One inter-PE / NoC transfer of a 16-bit word costs this many 16-bit MACs (EYERISS_NORM).
    public static let nocTransferPerMAC = 2.0
    /// Operand width of the Eyeriss normalised table.
    public static let eyerissWordBits = 16.0

    // MARK: Off-chip memory, pJ per bit (not node-scaled: the energy is in the DRAM and its I/O)

    /// DRAM types with a cited pJ/bit. Keys are normalised (`normalizedMemoryType`).
    /// LPDDR4 14.0 (DRAMINFO, 32 Gb SDP, 3.2 Gb/s/pin; the 4x8 Gb QDP row gives 13.0);
    /// DDR3 9.0 (DRAMINFO, 2 Gb IDD7RW); DDR4 4.5 (DRAMINFO, 8 Gb IDD7RW projection; the
    /// ReaLLM generic DDR read is 10.0); HBM 7 (DRAMINFO, HyGCN assumption);
    /// HBM2 3.9 = 31.2 pJ/byte / 8 (CHIPLETCFG); GDDR6 15, GDDR6X 14, GDDR7 8 (MEMSPEED).
    /// LPDDR3 (I/O-only row), LPDDR4X, LPDDR5/5X (unsourced) are absent: give energy_pj_per_bit.
    public static let dramEnergyPJPerBit: [String: (pJPerBit: Double, sourceIDs: [String])] = [
        "LPDDR4": (14.0, ["DRAMINFO"]),
        "DDR3": (9.0, ["DRAMINFO"]),
        "DDR4": (4.5, ["DRAMINFO"]),
        "HBM": (7.0, ["DRAMINFO"]),
        "HBM2": (31.2 / 8, ["CHIPLETCFG"]),
        "GDDR6": (15.0, ["MEMSPEED"]),
        "GDDR6X": (14.0, ["MEMSPEED"]),
        "GDDR7": (8.0, ["MEMSPEED"]),
    ]

    /// Upper-cases, drops spaces, underscores and a trailing speed grade: "lpddr4-3200" → "LPDDR4".
    public static func normalizedMemoryType(_ type: String) -> String {
        var text = type.uppercased().filter { $0 != " " && $0 != "_" }
        if let dash = text.lastIndex(of: "-"), text[text.index(after: dash)...].allSatisfy(\.isNumber),
           text.index(after: dash) < text.endIndex {
            text = String(text[..<dash])
        }
        return text.filter { $0 != "-" }
    }

    // MARK: Area

    /// int8 MAC, 28 nm, 1 GHz component: 336.672e-6 mm^2 (UPCYCLE).
    public static let int8MACAreaUM2At28nm = 336.7
    /// 32-bit integer adder and multiplier, commercial 40 nm, 1 ns (ALADDIN40).
    public static let int32AddAreaUM2At40nm = 278.0
    public static let int32MultAreaUM2At40nm = 6350.0
    /// Leakage of the same two units, mW (ALADDIN40, cmos40_aladdin-lib.yaml `leak_power`;
    /// Aladdin gives power in mW and area in um^2).
    public static let int32AddLeakageMWAt40nm = 2.25e-3
    public static let int32MultLeakageMWAt40nm = 7.79e-2

    /// 6T high-density SRAM bitcell, um^2 (SRAMSCALE; WIKICHIP5). Nodes above 22 nm and below
    /// 5 nm are derived from the nearest row with the logic area factor (`AreaModel`). The
    /// table's 28 nm row (0.127) is an unsourced recollection and is not used.
    public static let sramBitcellUM2 = NodeTable(
        name: "6T SRAM bitcell area", unit: "um^2", rows: [
            NodeValue(22, 0.092, ["SRAMSCALE", "WIKICHIP5"]),
            NodeValue(16, 0.074, ["SRAMSCALE", "WIKICHIP5"]),
            NodeValue(14, 0.064, ["SRAMSCALE", "WIKICHIP5"]),
            NodeValue(10, 0.042, ["SRAMSCALE", "WIKICHIP5"]),
            NodeValue(7, 0.027, ["SRAMSCALE", "WIKICHIP5"]),
            NodeValue(5, 0.021, ["SRAMSCALE", "WIKICHIP5"]),
        ])

    /// SRAM macro incl. periphery at 7 nm: 0.45 mm^2 per MB (CHIPLETCFG `sram_density`),
    /// read as 8e6 bits per MB as the table's derived "~17.8 Mb/mm^2" does.
    public static let sramMacroMM2PerMBAt7nm = 0.45
    public static let sramMacroBitsPerMB = 8.0e6
    /// CACTI 512 B SRAM (32-bit port) at 45 nm: 0.0076 mm^2 (DRAMINFO).
    public static let cacti512BAreaMM2At45nm = 0.0076
    public static let cacti512BBytes = 512.0

    /// TPU v1 floor plan (Jouppi et al., ISCA 2017, Fig. 2; TPU1_FLOORPLAN): Unified Buffer
    /// 29 %, Matrix Multiply Unit 24 %, Accumulators 6 % of the die. These are the parts the
    /// area model builds bottom-up (SRAM and MAC array); the rest of the die (control,
    /// activation pipeline, interconnect, host and DRAM interfaces) is the overhead.
    public static let tpu1DatapathFractionOfDie = 0.29 + 0.24 + 0.06

    // MARK: Wafer, yield, package, NRE

    /// 300 mm wafer cost, USD (PRINCETON: CSET "AI Chips" estimate, all wafers 300 mm).
    public static let waferCostCSET = NodeTable(
        name: "300 mm wafer cost (CSET)", unit: "USD", rows: [
            NodeValue(250, 900, ["PRINCETON"]), NodeValue(180, 1020, ["PRINCETON"]),
            NodeValue(130, 1580, ["PRINCETON"]), NodeValue(90, 1650, ["PRINCETON"]),
            NodeValue(65, 1937, ["PRINCETON"]), NodeValue(40, 2274, ["PRINCETON"]),
            NodeValue(28, 2891, ["PRINCETON"]), NodeValue(20, 3677, ["PRINCETON"]),
            NodeValue(14, 3984, ["PRINCETON"]), NodeValue(10, 5992, ["PRINCETON"]),
            NodeValue(7, 9346, ["PRINCETON"]), NodeValue(5, 16988, ["PRINCETON"]),
        ])

    /// 300 mm full-mask wafer cost, USD (FABCOST: eSilicon quotes; 22, 10 and 7 nm are the tool
    /// author's extrapolation). The 180 and 250 nm rows are 200 mm wafers and are left out.
    public static let waferCostESilicon = NodeTable(
        name: "300 mm wafer cost (eSilicon)", unit: "USD", rows: [
            NodeValue(130, 2955, ["FABCOST"]), NodeValue(90, 3223, ["FABCOST"]),
            NodeValue(65, 3277, ["FABCOST"]), NodeValue(40, 4835, ["FABCOST"]),
            NodeValue(28, 7575, ["FABCOST"]), NodeValue(22, 8000, ["FABCOST"]),
            NodeValue(16, 11121, ["FABCOST"]), NodeValue(10, 15000, ["FABCOST"]),
            NodeValue(7, 20000, ["FABCOST"]),
        ])

    /// Mask set, USD (PRINCETON: IC Knowledge strategic cost model).
    public static let maskSetCostICKnowledge = NodeTable(
        name: "mask set cost (IC Knowledge)", unit: "USD", rows: [
            NodeValue(250, 43_000, ["PRINCETON"]), NodeValue(180, 76_000, ["PRINCETON"]),
            NodeValue(130, 120_000, ["PRINCETON"]), NodeValue(90, 165_000, ["PRINCETON"]),
            NodeValue(65, 208_000, ["PRINCETON"]), NodeValue(40, 500_000, ["PRINCETON"]),
            NodeValue(28, 1_200_000, ["PRINCETON"]), NodeValue(20, 1_900_000, ["PRINCETON"]),
            NodeValue(14, 2_820_000, ["PRINCETON"]), NodeValue(10, 4_740_000, ["PRINCETON"]),
            NodeValue(7, 10_500_000, ["PRINCETON"]), NodeValue(5, 18_100_000, ["PRINCETON"]),
        ])

    /// Full-reticle mask NRE, USD (FABCOST: eSilicon, 1K units, first-available metallization).
    public static let maskSetCostESilicon = NodeTable(
        name: "full-reticle mask NRE (eSilicon)", unit: "USD", rows: [
            NodeValue(250, 63_952, ["FABCOST"]), NodeValue(180, 105_698, ["FABCOST"]),
            NodeValue(130, 293_416, ["FABCOST"]), NodeValue(90, 556_906, ["FABCOST"]),
            NodeValue(65, 697_027, ["FABCOST"]), NodeValue(40, 1_246_723, ["FABCOST"]),
            NodeValue(28, 2_159_700, ["FABCOST"]), NodeValue(22, 3_459_700, ["FABCOST"]),
            NodeValue(16, 5_688_289, ["FABCOST"]), NodeValue(10, 7_000_000, ["FABCOST"]),
            NodeValue(7, 7_688_289, ["FABCOST"]),
        ])

    /// Baseline licensed IP per tape-out, USD (PRINCETON: Moonwalk, updated).
    public static let licensedIPCost = NodeTable(
        name: "licensed IP cost per tape-out (Moonwalk)", unit: "USD", rows: [
            NodeValue(250, 13_500, ["PRINCETON"]), NodeValue(180, 13_500, ["PRINCETON"]),
            NodeValue(130, 324_000, ["PRINCETON"]), NodeValue(90, 522_000, ["PRINCETON"]),
            NodeValue(65, 678_600, ["PRINCETON"]), NodeValue(40, 850_200, ["PRINCETON"]),
            NodeValue(28, 1_033_500, ["PRINCETON"]), NodeValue(20, 1_657_500, ["PRINCETON"]),
            NodeValue(14, 1_872_000, ["PRINCETON"]), NodeValue(10, 2_129_400, ["PRINCETON"]),
            NodeValue(7, 2_343_100, ["PRINCETON"]), NodeValue(5, 2_644_200, ["PRINCETON"]),
        ])

    /// Defect density D0, defects per cm^2 (PRINCETON: "from TSMC public slides").
    public static let defectDensityPerCM2 = NodeTable(
        name: "defect density D0", unit: "defects/cm^2", rows: [
            NodeValue(250, 0.05, ["PRINCETON"]), NodeValue(180, 0.05, ["PRINCETON"]),
            NodeValue(130, 0.05, ["PRINCETON"]), NodeValue(90, 0.05, ["PRINCETON"]),
            NodeValue(65, 0.05, ["PRINCETON"]), NodeValue(40, 0.05, ["PRINCETON"]),
            NodeValue(28, 0.05, ["PRINCETON"]), NodeValue(20, 0.08, ["PRINCETON"]),
            NodeValue(14, 0.1, ["PRINCETON"]), NodeValue(10, 0.12, ["PRINCETON"]),
            NodeValue(7, 0.15, ["PRINCETON"]), NodeValue(5, 0.2, ["PRINCETON"]),
        ])

    /// Negative-binomial clustering parameter: alpha = 3, the value the PRINCETON model uses
    /// with the D0 rows above (technology.csv `yield`; ReaLLM uses 10 with its own D0).
    public static let yieldClusteringAlpha = 3.0
    /// Wafer diameter of the dies-per-wafer formula (PRINCETON; DIECOST), mm.
    public static let waferDiameterMM = 300.0
    /// Die-cost adders (DIECOST; CHIPLETCFG): pad ring 0.35 mm per side, dicing gap 0.1 mm,
    /// test +1 % of die cost.
    public static let padRingMMPerSide = 0.35
    public static let dicingGapMM = 0.1
    public static let testCostFraction = 0.01
    /// Package and assembly per package, USD (PRINCETON, "starter examples"; the model pairs
    /// the 20 USD package with a flip-chip BGA package design).
    public static let flipChipPackageUSD = 20.0
    public static let assemblyUSD = 1.0
    /// Organic substrate, USD per mm^2 of package; package area = 4 x die area (CHIPLETCFG,
    /// citing Chiplet Actuary, DAC 2022).
    public static let organicSubstrateUSDPerMM2 = 0.005
    public static let organicPackageAreaPerDieArea = 4.0
    /// Flip-chip BGA package design NRE, USD (PRINCETON; FABCOST).
    public static let packageDesignNREUSD = 105_000.0

    // MARK: Formatting

    /// Fixed formatting of a node or value for messages: integers without a fraction.
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
