/// Accumulates SVG markup in a fixed order. Attributes are ordered pairs rather than a dictionary, and numbers are
/// formatted by hand, so the same chart always yields the same bytes on every platform and in every locale.
struct SVGWriter {
    typealias Attributes = [(String, String)]

    private(set) var markup = ""

    mutating func open(_ tag: String, _ attributes: Attributes = []) {
        markup += "<\(tag)\(Self.render(attributes))>\n"
    }

    mutating func close(_ tag: String) {
        markup += "</\(tag)>\n"
    }

    /// An empty element, or one whose only child is a `<title>`, which browsers show as the hover tooltip.
    mutating func element(_ tag: String, _ attributes: Attributes, tooltip: String? = nil) {
        if let tooltip {
            markup += "<\(tag)\(Self.render(attributes))><title>\(Self.escape(tooltip))</title></\(tag)>\n"
        } else {
            markup += "<\(tag)\(Self.render(attributes))/>\n"
        }
    }

    /// An element holding only text.
    mutating func content(_ tag: String, _ attributes: Attributes, _ text: String) {
        markup += "<\(tag)\(Self.render(attributes))>\(Self.escape(text))</\(tag)>\n"
    }

    /// A `<text>` with its baseline at (`x`, `y`). Each carries its own font size so that its extent can be checked.
    mutating func text(_ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor = .start,
                       _ extra: Attributes = []) {
        var attributes: Attributes = [("x", Self.number(x)), ("y", Self.number(y)), ("font-size", Self.number(size))]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        content("text", attributes + extra, text)
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String) {
        element("line", [("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)),
                         ("y2", Self.number(y2)), ("stroke", stroke)])
    }

    static func render(_ attributes: Attributes) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// Caller text made safe as markup (`XMLText.escape`).
    static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// A coordinate with at most two decimals, trailing zeros trimmed, never "-0". Non-finite values (which the
    /// charts never pass) become "0" and magnitudes are capped at 10^9 so that no "nan" or "inf" can reach the output.
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let hundredths = Int((min(max(v, -1e9), 1e9) * 100).rounded(.toNearestOrAwayFromZero))
        guard hundredths != 0 else { return "0" }
        let magnitude = abs(hundredths), fraction = magnitude % 100
        var text = (hundredths < 0 ? "-" : "") + String(magnitude / 100)
        if fraction != 0 {
            text += fraction % 10 == 0 ? "." + String(fraction / 10) : (fraction < 10 ? ".0" : ".") + String(fraction)
        }
        return text
    }

    static func points(_ points: [Point]) -> String {
        points.map { number($0.x) + "," + number($0.y) }.joined(separator: " ")
    }
}

enum TextAnchor: String {
    case start, middle, end
}
