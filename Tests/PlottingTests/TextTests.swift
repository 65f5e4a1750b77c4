import Testing
@testable import Plotting

struct NumberTextTests {
    static let cases: [(Double, String)] = [
        (0, "0"), (-0.0, "0"), (0.5, "0.5"), (12, "12"), (100, "100"), (1250, "1.25k"), (-1250, "-1.25k"),
        (3e6, "3M"), (7.2e9, "7.2G"), (4e12, "4T"), (1e15, "1e15"), (2.5e-6, "2.5e-6"), (1.5e-4, "1.5e-4"),
        (0.001, "0.001"), (0.00123, "0.00123"), (999.9, "1k"), (-999.9, "-1k"), (123_456, "123k"),
        (12_345, "12.3k"), (0.1 + 0.2, "0.3"), (1e-301, "0"), (-1e-301, "0"), (Double.nan, "n/a"),
        (-Double.infinity, "n/a"), (Double.greatestFiniteMagnitude, "1.8e308"), (Double.leastNonzeroMagnitude, "0"),
    ]

    @Test(arguments: cases)
    func shortText(value: Double, expected: String) {
        #expect(NumberText.short(value) == expected)
    }

    @Test(arguments: [(1234.5, 2, "1.2k"), (1234.5, 5, "1.2345k"), (0.666666, 1, "0.7"), (96, 1, "100")])
    func significantDigits(value: Double, significant: Int, expected: String) {
        #expect(NumberText.short(value, significant: significant) == expected)
    }
}

struct SVGTextTests {
    @Test(arguments: [(0.0, "0"), (-0.001, "0"), (-0.004, "0"), (12.5, "12.5"), (-3.14159, "-3.14"), (100, "100"),
                      (2.999, "3"), (0.1, "0.1"), (1.05, "1.05"), (-20.07, "-20.07"), (.nan, "0"), (.infinity, "0")])
    func coordinates(value: Double, expected: String) {
        #expect(SVGWriter.number(value) == expected)
    }

    @Test(arguments: [("a<b & c>\"d\" 'e'", "a&lt;b &amp; c&gt;&quot;d&quot; &apos;e&apos;"),
                      ("plain", "plain"), ("bell\u{7}\ttab", "bell\ttab"), ("µs — “q”", "µs — “q”")])
    func escaping(raw: String, expected: String) {
        #expect(SVGWriter.escape(raw) == expected)
    }

    /// 11 px at 0.62 em is 6.82 px a character.
    @Test(arguments: [("abcdef", 41.0, "abcdef"), ("abcdef", 40.0, "abcd…"), ("abcdef", 27.3, "abc…"),
                      ("ab cdef", 27.3, "ab…"), ("abcdef", 5.0, "")])
    func fitting(text: String, width: Double, expected: String) {
        #expect(TextMetrics.fit(text, width: width, size: 11) == expected)
    }

    @Test(arguments: [("pareto", "pareto"), ("my chart/1", "my-chart-1"), ("1st", "c1st"), ("", "chart")])
    func ids(raw: String, expected: String) {
        #expect(Document.cleanID(raw) == expected)
    }

    @Test func paletteCyclesOkabeIto() {
        #expect(Palette.color(0) == "#0072B2")
        #expect(Palette.color(3) == "#D55E00")
        #expect(Palette.color(8) == "#0072B2")
        #expect(Palette.color(-1) == "#000000")
        #expect(Palette.color(for: nil) == Palette.neutral)
        #expect(Set(Palette.colors).count == 8)
    }
}
