import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A parsed SVG document: its elements in document order with attributes, direct text and ancestry, so that tests
/// can check structure without matching strings.
final class SVGInspector: NSObject, XMLParserDelegate {
    struct Element {
        let index: Int
        let name: String
        let attributes: [String: String]
        let parent: Int?
        /// "name.class" of each enclosing element, outermost first.
        let ancestors: [String]
        var text = ""

        var cls: String { attributes["class"] ?? "" }
        func number(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }
        func isInside(_ nameDotClass: String) -> Bool { ancestors.contains(nameDotClass) }
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    /// Nil when the markup is not well-formed XML.
    static func parse(_ svg: String) -> SVGInspector? {
        let inspector = SVGInspector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = inspector
        return parser.parse() ? inspector : nil
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        let ancestors = open.map { elements[$0].name + "." + elements[$0].cls }
        elements.append(Element(index: elements.count, name: elementName, attributes: attributeDict,
                                parent: open.last, ancestors: ancestors))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        open.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let current = open.last { elements[current].text += string }
    }

    func named(_ name: String) -> [Element] { elements.filter { $0.name == name } }

    func children(of element: Element) -> [Element] { elements.filter { $0.parent == element.index } }

    /// Data marks: elements of class "mark" inside the plot area.
    var marks: [Element] { elements.filter { $0.cls == "mark" && $0.isInside("g.plot-area") } }

    var viewBox: (width: Double, height: Double)? {
        let parts = elements.first?.attributes["viewBox"]?.split(separator: " ").compactMap { Double($0) } ?? []
        return parts.count == 4 ? (parts[2], parts[3]) : nil
    }

    /// Estimated box of a `<text>`: 0.62 em per character and, by default, a generous 1 em above the baseline and
    /// 0.3 em below it (glyphs proper take about 0.8 and 0.2).
    static func extent(of text: Element, ascent: Double = 1, descent: Double = 0.3)
        -> (left: Double, right: Double, top: Double, bottom: Double)? {
        guard let x = text.number("x"), let y = text.number("y"), let size = text.number("font-size") else {
            return nil
        }
        let width = Double(text.text.count) * 0.62 * size
        let left = switch text.attributes["text-anchor"] {
        case "middle": x - width / 2
        case "end": x - width
        default: x
        }
        return (left, left + width, y - ascent * size, y + descent * size)
    }

    /// Descriptions of texts that are unplaced or whose estimated box leaves the viewBox.
    var textsOutsideViewBox: [String] {
        guard let box = viewBox else { return ["no viewBox"] }
        return named("text").compactMap { text in
            guard let e = Self.extent(of: text) else { return "unplaced text \(text.text)" }
            let inside = e.left >= 0 && e.right <= box.width && e.top >= 0 && e.bottom <= box.height
            return inside ? nil : "\"\(text.text)\" spans x \(e.left)...\(e.right), y \(e.top)...\(e.bottom)"
        }
    }
}
