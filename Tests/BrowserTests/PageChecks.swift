/// The JavaScript that `HeadlessChromium` evaluates in a loaded page to check its geometry.
///
/// The reports under test contain no scripts, so this is the only code that runs in them. It resolves
/// to `{ problems: [String], chartCount: Int }`, each problem naming the element (id, or tag, classes
/// and position) and the text involved, so a failure can be found in the HTML. Sizes allow 1 px for
/// rounding. Elements that scroll on purpose (`overflow: auto | scroll`) are not flagged.
enum PageChecks {
    static let script = #"""
(async () => {
  await document.fonts.ready;
  const problems = [];
  const px = (n) => Math.round(n * 10) / 10;
  const box = (r) => `[${px(r.left)}, ${px(r.top)}, ${px(r.right)}, ${px(r.bottom)}]`;
  const snippet = (el) => {
    const text = (el.textContent || '').trim().replace(/\s+/g, ' ');
    return text.length > 40 ? text.slice(0, 39) + '…' : text;
  };
  const describe = (el) => {
    if (el.id) return `${el.localName}#${el.id}`;
    const classes = (el.getAttribute('class') || '').trim().split(/\s+/).filter(Boolean);
    const index = Array.prototype.indexOf.call(document.getElementsByTagName(el.localName), el);
    return `${el.localName}${classes.map((c) => '.' + c).join('')} (#${index + 1})`;
  };

  // 1. Every chart draws something: a plot area with marks and a non-empty extent.
  const charts = document.querySelectorAll('svg.chart');
  const marks = 'circle, ellipse, line, path, polygon, polyline, rect, text, use, image';
  for (const svg of charts) {
    const plot = svg.querySelector('g.plot-area');
    if (!plot) { problems.push(`${describe(svg)}: no g.plot-area`); continue; }
    const bbox = plot.getBBox();
    if (!(bbox.width > 0 && bbox.height > 0)) {
      problems.push(`${describe(svg)}: g.plot-area has an empty bounding box (${px(bbox.width)}×${px(bbox.height)})`);
    }
    if (!plot.querySelector(marks)) problems.push(`${describe(svg)}: g.plot-area has no marks`);
  }

  // 2. No SVG text outside its (outermost) SVG, where the SVG's overflow clipping would cut it.
  for (const svg of document.querySelectorAll('svg')) {
    if (svg.parentElement && svg.parentElement.closest('svg')) continue;
    const outer = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.left < outer.left - 1 || r.top < outer.top - 1 || r.right > outer.right + 1 || r.bottom > outer.bottom + 1) {
        problems.push(`${describe(svg)}: text "${snippet(text)}" at ${box(r)} extends outside the svg at ${box(outer)}`);
      }
    }
  }

  // 3. No horizontal scrolling at the viewport width; name the outermost elements sticking out.
  const page = document.documentElement;
  if (page.scrollWidth > window.innerWidth + 1) {
    const culprits = Array.from(document.body ? document.body.querySelectorAll('*') : [])
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !(el.parentElement && el.parentElement.getBoundingClientRect().right > window.innerWidth + 1))
      .slice(0, 3).map(describe);
    problems.push(`horizontal overflow: the page is ${page.scrollWidth} px wide in a ${window.innerWidth} px viewport` +
      (culprits.length ? ` (widest: ${culprits.join(', ')})` : ''));
  }

  // 4. No text box whose content is wider than the box: cut off, or spilling over its neighbours.
  for (const el of document.querySelectorAll('td, th, caption, h1, h2, h3, h4, h5, h6, p, li, dt, dd, figcaption')) {
    if (el.clientWidth === 0) continue;
    const overflow = getComputedStyle(el).overflowX;
    if (overflow === 'auto' || overflow === 'scroll') continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const how = overflow === 'hidden' || overflow === 'clip' ? 'is cut off' : 'overflows its box';
      problems.push(`${describe(el)} "${snippet(el)}": content ${how} (${el.scrollWidth} px in ${el.clientWidth} px)`);
    }
  }
  return { problems, chartCount: charts.length };
})()
"""#
}
