import Testing
@testable import Plotting

struct TicksTests {
    /// Expected lists worked by hand from Heckbert's rule with 5 target ticks.
    static let linearCases: [(Double, Double, [Double])] = [
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (0.13, 0.97, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (-3, 7, [-4, -2, 0, 2, 4, 6, 8]),
        (7, -3, [-4, -2, 0, 2, 4, 6, 8]),
        (-7, -3, [-7, -6, -5, -4, -3]),
        (5, 5, [4, 4.5, 5, 5.5, 6]),
        (0, 0, [-1, -0.5, 0, 0.5, 1]),
        (1e-9, 3e-9, [1e-9, 1.5e-9, 2e-9, 2.5e-9, 3e-9]),
        (0, 1234, [0, 500, 1000, 1500]),
        (0.1, 0.3, [0.1, 0.15, 0.2, 0.25, 0.3]),
    ]

    @Test(arguments: linearCases)
    func linearTicks(lo: Double, hi: Double, expected: [Double]) {
        #expect(Ticks.linear(lo, hi) == expected)
    }

    @Test func linearTargetControlsDensity() {
        #expect(Ticks.linear(0, 100, target: 10) == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100])
        #expect(Ticks.linear(0, 100, target: 2) == [0, 100])
    }

    @Test(arguments: [(Double.nan, 1.0), (0.0, Double.infinity), (-Double.infinity, Double.infinity),
                      (0.0, 1e-320), (-Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude)])
    func linearNonFiniteGivesNothing(lo: Double, hi: Double) {
        #expect(Ticks.linear(lo, hi).isEmpty)
    }

    /// Properties for ranges not worked by hand: ticks enclose the range, steps are equal and 1, 2 or 5 × 10^k.
    @Test(arguments: [(0.0, 0.0007), (-1e6, 2.5e7), (3.3, 3.31), (-0.02, -0.011), (17, 93_000)])
    func linearTicksEncloseWithNiceSteps(lo: Double, hi: Double) throws {
        let ticks = Ticks.linear(lo, hi)
        let first = try #require(ticks.first), last = try #require(ticks.last)
        #expect(ticks.count >= 3 && ticks.count <= 12)
        #expect(first <= lo && last >= hi)
        let step = ticks[1] - ticks[0]
        for (a, b) in zip(ticks, ticks.dropFirst()) { #expect(abs((b - a) - step) <= step * 1e-6) }
        let exponent = (log10(step)).rounded(.down)
        let mantissa = step / pow(10, exponent)
        #expect([1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-6 })
    }

    static let logCases: [(Double, Double, [Double])] = [
        (1, 1000, [1, 10, 100, 1000]),
        (3, 40, [2, 5, 10, 20, 50]),
        (0.05, 2000, [0.01, 0.1, 1, 10, 100, 1000, 10_000]),
        (-5, 100, [1, 10, 100]),
        (5, 5, [2, 5, 10]),
        (10, 10, [5, 10, 20]),
        (0.002, 0.03, [0.002, 0.005, 0.01, 0.02, 0.05]),
    ]

    @Test(arguments: logCases)
    func logTicks(lo: Double, hi: Double, expected: [Double]) {
        #expect(Ticks.log(lo, hi) == expected)
    }

    @Test(arguments: [(0.0, 0.0), (-3.0, -1.0), (Double.nan, 10.0)])
    func logWithoutPositiveRangeGivesNothing(lo: Double, hi: Double) {
        #expect(Ticks.log(lo, hi).isEmpty)
    }

    @Test(arguments: [(1e-12, 1e12), (0.7, 3.0), (1e300, 1e308), (-1.0, 1e-200), (5e-324, 1.0)])
    func logTicksArePositiveAndEnclose(lo: Double, hi: Double) {
        let ticks = Ticks.log(lo, hi)
        #expect(!ticks.isEmpty)
        #expect(ticks.allSatisfy { $0 > 0 && $0.isFinite })
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { $0 < $1 })
        #expect((ticks.last ?? 0) >= hi)
        // Below 1e-308 the powers of ten are subnormal and not produced; ticks start at 1e-308 there.
        if lo > 0 { #expect((ticks.first ?? .infinity) <= max(lo, 1e-308)) }
    }
}

import Foundation
