/// Scatter mark shapes, so that series stay distinguishable without colour (print, colour-vision deficiencies).
public enum Marker: Sendable, Hashable {
    case circle, square, triangle, diamond, cross
}

extension Marker {
    /// Fill and stroke attributes. A cross has no interior, so it is always stroked; emphasised marks get an outline
    /// (black when filled, heavier when not) so they stand out in a dense cloud.
    func paint(color: String, filled: Bool, opacity: Double, emphasised: Bool) -> SVGWriter.Attributes {
        let alpha = opacity.isFinite ? min(max(opacity, 0), 1) : 1
        if filled && self != .cross {
            return [("fill", color)] + (alpha < 1 ? [("fill-opacity", SVGWriter.number(alpha))] : [])
                + (emphasised ? [("stroke", "#000000"), ("stroke-width", "1.5")] : [])
        }
        return [("fill", "none"), ("stroke", color), ("stroke-width", emphasised ? "2.5" : "1.5")]
            + (alpha < 1 ? [("stroke-opacity", SVGWriter.number(alpha))] : [])
    }

    /// Writes the marker centred on `c`; `r` is the radius of a circle of about the same visual weight.
    func write(at c: Point, r: Double, _ attributes: SVGWriter.Attributes, tooltip: String?,
               into w: inout SVGWriter) {
        let n = SVGWriter.number
        func polygon(_ corners: [(Double, Double)]) {
            let points = corners.map { Point(x: c.x + $0.0 * r, y: c.y + $0.1 * r) }
            w.element("polygon", [("points", SVGWriter.points(points))] + attributes, tooltip: tooltip)
        }
        switch self {
        case .circle:
            w.element("circle", [("cx", n(c.x)), ("cy", n(c.y)), ("r", n(r))] + attributes, tooltip: tooltip)
        case .square:
            w.element("rect", [("x", n(c.x - 0.9 * r)), ("y", n(c.y - 0.9 * r)), ("width", n(1.8 * r)),
                               ("height", n(1.8 * r))] + attributes, tooltip: tooltip)
        case .triangle:
            polygon([(0, -1.25), (1.1, 0.75), (-1.1, 0.75)])
        case .diamond:
            polygon([(0, -1.3), (1.1, 0), (0, 1.3), (-1.1, 0)])
        case .cross:
            let (a, b, s) = (c.x, c.y, 0.9 * r)
            let d = "M\(n(a - s)) \(n(b - s))L\(n(a + s)) \(n(b + s))M\(n(a - s)) \(n(b + s))L\(n(a + s)) \(n(b - s))"
            w.element("path", [("d", d)] + attributes, tooltip: tooltip)
        }
    }
}
