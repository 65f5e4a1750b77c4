/// A position in SVG user units (y grows downwards).
struct Point: Equatable {
    var x: Double
    var y: Double
}

struct Rect {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// The part of segment a→b inside the rectangle (Liang–Barsky), or nil if none: lines that leave a fixed domain
    /// stop at the plot's edge instead of running over the axes.
    func clip(_ a: Point, _ b: Point) -> (Point, Point)? {
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.x - x), (dx, maxX - a.x), (-dy, a.y - y), (dy, maxY - a.y)] {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let t = q / p
            if p < 0 { t0 = max(t0, t) } else { t1 = min(t1, t) }
            if t0 > t1 { return nil }
        }
        return (Point(x: a.x + t0 * dx, y: a.y + t0 * dy), Point(x: a.x + t1 * dx, y: a.y + t1 * dy))
    }
}

extension Double {
    /// Caller sizes feed every coordinate, so a non-finite one is replaced rather than allowed to spread.
    func finite(or fallback: Double) -> Double { isFinite ? self : fallback }
}
