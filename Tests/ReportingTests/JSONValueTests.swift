import Reporting
import Testing

@Test(arguments: [
    (0.0288, "0.0288"),
    (1.0 / 3.0, "0.333333"),
    (666_000_000.0, "666000000"),
    (2.5e-9, "2.5e-09"),
    (-4.0, "-4"),
    (Double.nan, "null"),
    (Double.infinity, "null"),
])
func numbersHaveSixSignificantDigits(_ value: Double, _ expected: String) {
    #expect(JSONValue.format(value) == expected)
}

@Test func keysKeepTheirOrderAndStringsAreEscaped() {
    let value: JSONValue = .object([
        ("design", .string("a \"quoted\"\nname")),
        ("macs", .int(12)),
        ("list", .array([.int(1), .number(0.5)])),
        ("nested", .object([("top1", .null)])),
    ])
    #expect(value.rendered() == """
    {
      "design": "a \\"quoted\\"\\nname",
      "macs": 12,
      "list": [1, 0.5],
      "nested": {
        "top1": null
      }
    }
    """)
}
