import CodesignCore
import Foundation

/// Cost of one packaged, tested chip at several volumes.
public struct UnitCost: Sendable, Hashable, Codable {
    /// Die as diced: the core area given plus the pad ring (not the dicing gap), mm^2.
    public var dieAreaMM2: Double
    /// Gross dies per 300 mm wafer (the formula's expected value, not rounded).
    public var diesPerWafer: Double
    /// Negative-binomial die yield.
    public var yield: Double
    public var waferCostUSD: Double
    /// Wafer cost / (dies per wafer x yield).
    public var goodDieCostUSD: Double
    /// Package + assembly + test (test = 1 % of the good-die cost).
    public var packageAndTestUSD: Double
    /// Mask set + licensed IP + package design, paid once.
    public var nreUSD: Double
    /// `WaferCostSource.rawValue` of the wafer and mask figures used.
    public var waferSource: String
    public var perVolume: [VolumeCost]

    /// Good die + package and test + NRE / units: the one unit-cost formula.
    public func unitCostUSD(units: Int) -> Double { goodDieCostUSD + packageAndTestUSD + nreUSD / Double(units) }

    public init(dieAreaMM2: Double, diesPerWafer: Double, yield: Double, waferCostUSD: Double,
                goodDieCostUSD: Double, packageAndTestUSD: Double, nreUSD: Double, waferSource: String,
                perVolume: [VolumeCost]) {
        self.dieAreaMM2 = dieAreaMM2
        self.diesPerWafer = diesPerWafer
        self.yield = yield
        self.waferCostUSD = waferCostUSD
        self.goodDieCostUSD = goodDieCostUSD
        self.packageAndTestUSD = packageAndTestUSD
        self.nreUSD = nreUSD
        self.waferSource = waferSource
        self.perVolume = perVolume
    }
}

public struct VolumeCost: Sendable, Hashable, Codable {
    public var units: Int
    /// Good die + package and test + NRE / units.
    public var unitCostUSD: Double

    public init(units: Int, unitCostUSD: Double) {
        self.units = units
        self.unitCostUSD = unitCostUSD
    }
}

/// Where wafer prices and mask costs come from. The two differ 2-3x (28 nm wafer: 2,891 vs
/// 7,575 USD), so a report must say which it used.
public enum WaferCostSource: String, Sendable, CaseIterable {
    /// CSET "AI Chips" wafer estimates with IC Knowledge mask sets (PRINCETON), 5-250 nm.
    case foundryEstimate = "cset"
    /// eSilicon full-mask wafer quotes and full-reticle mask NRE (FABCOST), 300 mm rows, 7-130 nm.
    case quote = "esilicon"
}

/// How the die is packaged.
public enum PackageKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Organic substrate at 0.005 USD/mm^2 of a package 4x the die area (CHIPLETCFG, Chiplet
    /// Actuary) + 1 USD assembly: scales with the small dies of edge NPUs.
    case organicSubstrate = "organic_substrate"
    /// 20 USD package + 1 USD assembly (PRINCETON's starter figure, paired there with a
    /// flip-chip BGA design): a large-die package, more than many edge chips cost in total.
    case flipChipBGA = "flip_chip_bga"
}

/// Wafer → good die → packaged chip → unit cost at volume.
///
/// Die: side = sqrt(A) + 2 x 0.35 mm pad ring; each die takes (side + 0.1 mm dicing gap)^2 of
/// wafer (DIECOST). Dies per wafer DPW = pi (d/2)^2 / S - pi d / sqrt(2 S), d = 300 mm, S the
/// wafer area per die. Yield Y = (1 + A_die D0 / alpha)^-alpha with D0 per node and alpha = 3
/// (PRINCETON). Good die = wafer / (DPW x Y). Test = 1 % of it (DIECOST). NRE = mask set +
/// licensed IP (per node) + 105 kUSD package design (PRINCETON); engineering labour is not
/// included (it needs a gate count and a team size the design does not have).
public enum UnitCostModel {
    public static func cost(dieAreaMM2: Double, nodeNm: Double, volumes: [Int] = ProductionVolume.standardUnits,
                            waferSource: WaferCostSource = .foundryEstimate,
                            package: PackageKind = .organicSubstrate) throws(TechnologyError) -> UnitCost {
        guard dieAreaMM2.isFinite, dieAreaMM2 > 0 else {
            throw TechnologyError("die area must be a positive number of mm^2, got \(dieAreaMM2)")
        }
        for units in volumes where units <= 0 {
            throw TechnologyError("volumes must be positive unit counts, got \(units)")
        }
        let waferTable: NodeTable
        let maskTable: NodeTable
        switch waferSource {
        case .foundryEstimate:
            waferTable = TechnologyTable.waferCostCSET
            maskTable = TechnologyTable.maskSetCostICKnowledge
        case .quote:
            waferTable = TechnologyTable.waferCostESilicon
            maskTable = TechnologyTable.maskSetCostESilicon
        }
        let waferUSD = try waferTable.value(atNodeNm: nodeNm)
        let maskUSD = try maskTable.value(atNodeNm: nodeNm)
        let ipUSD = try TechnologyTable.licensedIPCost.value(atNodeNm: nodeNm)
        let defectsPerCM2 = try TechnologyTable.defectDensityPerCM2.value(atNodeNm: nodeNm)

        let side = dieAreaMM2.squareRoot() + 2 * TechnologyTable.padRingMMPerSide
        let dieWithPadRingMM2 = side * side
        let pitch = side + TechnologyTable.dicingGapMM
        let dpw = diesPerWafer(dieAreaMM2: pitch * pitch)
        guard dpw >= 1 else {
            throw TechnologyError("a die of \(dieAreaMM2) mm^2 does not fit on a "
                + "\(TechnologyTable.format(TechnologyTable.waferDiameterMM)) mm wafer")
        }
        let dieYield = negativeBinomialYield(dieAreaMM2: dieWithPadRingMM2, defectsPerCM2: defectsPerCM2)
        let goodDieUSD = waferUSD / (dpw * dieYield)

        let packageUSD: Double
        switch package {
        case .organicSubstrate:
            packageUSD = TechnologyTable.organicSubstrateUSDPerMM2 * TechnologyTable.organicPackageAreaPerDieArea
                * dieWithPadRingMM2 + TechnologyTable.assemblyUSD
        case .flipChipBGA:
            packageUSD = TechnologyTable.flipChipPackageUSD + TechnologyTable.assemblyUSD
        }
        let packageAndTestUSD = packageUSD + TechnologyTable.testCostFraction * goodDieUSD
        let nreUSD = maskUSD + ipUSD + TechnologyTable.packageDesignNREUSD

        var cost = UnitCost(
            dieAreaMM2: dieWithPadRingMM2, diesPerWafer: dpw, yield: dieYield, waferCostUSD: waferUSD,
            goodDieCostUSD: goodDieUSD, packageAndTestUSD: packageAndTestUSD, nreUSD: nreUSD,
            waferSource: waferSource.rawValue, perVolume: [])
        cost.perVolume = volumes.map { VolumeCost(units: $0, unitCostUSD: cost.unitCostUSD(units: $0)) }
        return cost
    }

    /// DPW = pi (d/2)^2 / A - pi d / sqrt(2 A) for wafer area A per die (PRINCETON; DIECOST).
    public static func diesPerWafer(dieAreaMM2: Double,
                                    waferDiameterMM: Double = TechnologyTable.waferDiameterMM) -> Double {
        Double.pi * pow(waferDiameterMM / 2, 2) / dieAreaMM2 - Double.pi * waferDiameterMM / (2 * dieAreaMM2).squareRoot()
    }

    /// Y = (1 + A D0 / alpha)^-alpha, A in mm^2, D0 in defects/cm^2 (so A D0 / 100).
    public static func negativeBinomialYield(dieAreaMM2: Double, defectsPerCM2: Double,
                                             alpha: Double = TechnologyTable.yieldClusteringAlpha) -> Double {
        pow(1 + dieAreaMM2 * defectsPerCM2 / 100 / alpha, -alpha)
    }
}
