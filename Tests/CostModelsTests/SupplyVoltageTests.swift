import TestSupport
import CodesignCore
import Foundation
@testable import CostModels
import Testing

struct SupplyCase: Sendable, CustomTestStringConvertible {
    var nodeNm: Double
    var vddV: Double?
    var expectedFactor: Double
    var why: String
    var testDescription: String { why }
}

/// A design's supply voltage moves its dynamic energy along its node's Stillmaker & Baas fit
/// (E = a V^2 + b V + c). Expected factors are the fits evaluated by hand from
/// technology.csv's coefficients, relative to 45 nm at Horowitz's 0.9 V.
@Suite("Technology: supply voltage")
struct SupplyVoltageTests {
    /// E_45(0.9) = 1.103 x 0.81 - 0.362 x 0.9 + 0.2767.
    static let horowitz45 = 1.103 * 0.81 - 0.362 * 0.9 + 0.2767

    static let cases: [SupplyCase] = [
        SupplyCase(nodeNm: 45, vddV: 0.9, expectedFactor: 1, why: "45 nm at 0.9 V is Horowitz's own figure"),
        SupplyCase(nodeNm: 45, vddV: 0.8, expectedFactor: (1.103 * 0.64 - 0.362 * 0.8 + 0.2767) / horowitz45,
                   why: "45 nm at 0.8 V is 18% cheaper on the 45 nm fit"),
        SupplyCase(nodeNm: 65, vddV: 1.0, expectedFactor: (3.755 - 4.398 + 1.975) / horowitz45,
                   why: "65 nm at 1.0 V (Eyeriss) = E_65(1.0) / E_45(0.9) = 1.578"),
        SupplyCase(nodeNm: 7, vddV: 0.75,
                   expectedFactor: (0.1776 * 0.5625 - 0.09097 * 0.75 + 0.02447) / horowitz45,
                   why: "7 nm at 0.75 V on the 7 nm fit"),
        // 40 nm: coefficients linear in nm between 32 and 45 nm (t = 8/13).
        SupplyCase(nodeNm: 40, vddV: 1.1, expectedFactor: {
            let t = 8.0 / 13
            let a = 0.9559 + (1.103 - 0.9559) * t, b = -0.7823 + (-0.362 + 0.7823) * t, c = 0.471 + (0.2767 - 0.471) * t
            // The interpolated node keeps the table's own factor at 0.8 V and moves along the
            // interpolated fit from there.
            let fit = { (v: Double) in a * v * v + b * v + c }
            return 0.869 * fit(1.1) / fit(0.8) * (1.103 * 0.64 - 0.362 * 0.8 + 0.2767) / horowitz45
        }(), why: "40 nm at 1.1 V along the interpolated fit from the table's 0.8 V factor"),
        SupplyCase(nodeNm: 65, vddV: nil, expectedFactor: 1.2407, why: "no supply: the table's equal-voltage factor"),
    ]

    @Test(arguments: cases)
    func factorFollowsTheNodesFit(_ c: SupplyCase) throws {
        let factor = try TechnologyTable.dynamicEnergyFactor(atNodeNm: c.nodeNm, vddV: c.vddV)
        // 1e-4: the node table's factors are rounded to five figures.
        #expect(isClose(factor, c.expectedFactor, relative: 1e-4), "\(factor) against \(c.expectedFactor)")
    }

    /// The MAC, SRAM and NoC energies all move by the same factor (one place for the supply).
    @Test func everyDynamicEnergyMovesWithTheSupply() throws {
        var accelerator = technologyTestAccelerator(nodeNm: 65, precisionBits: 16)
        let nominal = try EnergyModel(accelerator: accelerator)
        accelerator.technology.vddV = 1.0
        let raised = try EnergyModel(accelerator: accelerator)
        let ratio = (3.755 - 4.398 + 1.975) / Self.horowitz45 / 1.2407
        #expect(isClose(raised.macEnergyPJ(weightBits: 16, activationBits: 16)
                        / nominal.macEnergyPJ(weightBits: 16, activationBits: 16), ratio, relative: 1e-4))
        #expect(isClose(raised.readEnergyPJPerBit(level: 0) / nominal.readEnergyPJPerBit(level: 0), ratio, relative: 1e-4))
        #expect(isClose(raised.nocEnergyPJPerBit() / nominal.nocEnergyPJPerBit(), ratio, relative: 1e-4))
    }

    /// Below the vertex of the 65 nm fit (4.398 / (2 x 3.755) = 0.586 V) energy would fall as
    /// the supply rises: outside the fit, refused with the bound.
    @Test func aSupplyBelowTheFitIsRefused() {
        #expect(throws: TechnologyError.self) { try TechnologyTable.dynamicEnergyFactor(atNodeNm: 65, vddV: 0.5) }
        #expect((try? TechnologyTable.dynamicEnergyFactor(atNodeNm: 65, vddV: 0.6)) != nil)
        do {
            _ = try TechnologyTable.dynamicEnergyFactor(atNodeNm: 65, vddV: 0.5)
        } catch {
            #expect(error.message.contains("0.59 V"), "\(error.message)")
        }
    }
}
