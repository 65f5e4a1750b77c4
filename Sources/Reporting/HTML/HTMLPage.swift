import Plotting

/// A self-contained HTML page: inline CSS and inline SVG, no script, no font or image from
/// the network, so a report opens offline, mails as one file and prints. Sections are
/// fragments of HTML written by the report types; every text they take from the inputs goes
/// through `HTML.escape`.
struct HTMLPage {
    var title: String
    /// One line under the title: what the page is about.
    var lead: String
    private var sections: [String] = []

    init(title: String, lead: String) {
        self.title = title
        self.lead = lead
    }

    /// A section with a heading (anchored by `id`) and its body fragments.
    mutating func section(_ heading: String, id: String, _ body: [String]) {
        sections.append("<section id=\"\(HTML.escape(id))\">\n<h2>\(HTML.escape(heading))</h2>\n"
                        + body.joined(separator: "\n") + "\n</section>")
    }

    func rendered() -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title))</title>
        <style>
        \(Self.css)
        </style>
        </head>
        <body>
        <header>
        <h1>\(HTML.escape(title))</h1>
        <p class="lead">\(lead)</p>
        </header>
        <main>
        \(sections.joined(separator: "\n"))
        </main>
        <footer>Written by npu-codesign. Self-contained: no script, no resource from the network.</footer>
        </body>
        </html>

        """
    }

    /// Readable on a laptop and on paper: one column of text, charts in a grid that wraps,
    /// tables that wrap long names rather than widen the page.
    static let css = """
        :root { color-scheme: light; }
        body { font-family: sans-serif; color: #1a1a1a; background: #fff; margin: 0; line-height: 1.45; }
        header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 24px; }
        header { padding-top: 20px; }
        h1 { font-size: 24px; margin: 0 0 6px; }
        h2 { font-size: 19px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 16px 0 6px; }
        p, li { font-size: 14px; max-width: 920px; overflow-wrap: anywhere; }
        .lead { color: #444; }
        .pick { border: 2px solid #0072B2; border-radius: 6px; padding: 10px 16px; background: #f3f8fc; }
        .pick strong { overflow-wrap: anywhere; }
        .figures { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 8px 0; padding: 0; list-style: none; }
        .figures li { font-size: 14px; }
        .figures b { display: block; font-size: 18px; }
        .charts { display: flex; flex-wrap: wrap; gap: 14px 22px; align-items: flex-start; }
        /* A table box as wide as its chart, so a long caption wraps under the chart instead of
           widening the figure. */
        figure { margin: 0; max-width: 100%; display: table; }
        figcaption { display: table-caption; caption-side: bottom; }
        figure svg { max-width: 100%; height: auto; display: block; }
        figcaption { font-size: 12px; color: #555; }
        table { border-collapse: collapse; font-size: 12.5px; margin: 8px 0 16px; width: 100%; table-layout: auto; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 3px 6px; text-align: left; vertical-align: top;
                 overflow-wrap: anywhere; }
        th { background: #f4f4f4; font-weight: 600; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.short { white-space: nowrap; }
        tr.pick td { background: #eaf3fb; font-weight: 600; }
        tr.design td { background: #fdf1e6; }
        .note { font-size: 12.5px; color: #555; }
        code { font-family: monospace; font-size: 0.95em; background: #f4f4f4; padding: 0 3px; }
        .warn { color: #9a3b00; }
        footer { font-size: 12px; color: #777; padding: 24px; }
        @media print {
          body { font-size: 11px; }
          header, main, footer { max-width: none; padding: 0 8mm; }
          .charts { grid-template-columns: 1fr 1fr; }
          section, figure, tr { break-inside: avoid; }
        }
        """
}

/// HTML text helpers shared by the report pages.
enum HTML {
    /// Text safe inside an element or a quoted attribute (the charts' escaping).
    static func escape(_ text: String) -> String { XMLText.escape(text) }

    /// A paragraph of plain text.
    static func paragraph(_ text: String, class name: String? = nil) -> String {
        "<p\(name.map { " class=\"\($0)\"" } ?? "")>\(escape(text))</p>"
    }

    /// A paragraph of text whose `backticked` names (files, options) are set as code, as the
    /// Markdown report writes them.
    static func paragraph(code text: String, class name: String? = nil) -> String {
        let parts = escape(text).split(separator: "`", omittingEmptySubsequences: false)
        var out = ""
        for (i, part) in parts.enumerated() {
            // Odd parts sit between backticks; an unpaired last one is left as written.
            out += i % 2 == 1 && i < parts.count - 1 ? "<code>\(part)</code>" : (i % 2 == 1 ? "`" + part : String(part))
        }
        return "<p\(name.map { " class=\"\($0)\"" } ?? "")>\(out)</p>"
    }

    /// A bulleted list of plain-text items.
    static func list(_ items: [String]) -> String {
        "<ul>\n" + items.map { "<li>\(escape($0))</li>" }.joined(separator: "\n") + "\n</ul>"
    }

    /// Charts side by side at their own size (text stays at its size), wrapping to the next
    /// row when the page is narrower, each with a caption under it.
    static func charts(_ charts: [(svg: String, caption: String)]) -> String {
        "<div class=\"charts\">\n"
            + charts.map { chart in
                "<figure>\n\(chart.svg)\n" + (chart.caption.isEmpty ? "" : "<figcaption>\(escape(chart.caption))</figcaption>\n")
                    + "</figure>"
            }
                .joined(separator: "\n")
            + "\n</div>"
    }

    /// Log when the values span more than 20×, so a cluster of small designs or devices is not
    /// squashed against the axis by a few large ones (a reading choice, not a measured one).
    static func axisScale(_ values: [Double]) -> AxisScale {
        let positive = values.filter { $0 > 0 && $0.isFinite }
        guard let lo = positive.min(), let hi = positive.max(), positive.count == values.count else { return .linear }
        return hi / lo > 20 ? .log : .linear
    }

    /// Key figures as large numbers with their names.
    static func figures(_ items: [(name: String, value: String)]) -> String {
        "<ul class=\"figures\">" + items.map { "<li><b>\(escape($0.value))</b>\(escape($0.name))</li>" }.joined()
            + "</ul>"
    }
}

/// A table of plain-text cells; numeric columns are right-aligned, and a row may carry a
/// class (the recommended design, the user's own design) and a hover title.
struct HTMLTable {
    struct Row {
        var cells: [String]
        var className: String? = nil
        var title: String? = nil
    }

    var headers: [String]
    var numericColumns: Set<Int> = []
    /// Short columns (a variant, a mapper) that would read badly broken over lines.
    var unbrokenColumns: Set<Int> = []
    var rows: [Row] = []

    func rendered() -> String {
        func cellClass(_ column: Int) -> String {
            numericColumns.contains(column) ? " class=\"num\"" : unbrokenColumns.contains(column) ? " class=\"short\"" : ""
        }
        var out = "<table>\n<thead><tr>"
        for (i, h) in headers.enumerated() { out += "<th\(cellClass(i))>\(HTML.escape(h))</th>" }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out += "<tr" + (row.className.map { " class=\"\($0)\"" } ?? "")
                + (row.title.map { " title=\"\(HTML.escape($0))\"" } ?? "") + ">"
            for (i, cell) in row.cells.enumerated() { out += "<td\(cellClass(i))>\(HTML.escape(cell))</td>" }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>"
    }
}
