const SVG = 'http://www.w3.org/2000/svg';
const ROW = 28;
const LABEL_WIDTH = 180;
const BAR_WIDTH = 420;
const VALUE_WIDTH = 110;

/**
 * A horizontal bar chart as SVG, one bar per row. Small enough not to need a charting library; the table beside
 * it carries the same figures for screen readers, so the chart itself is a labelled image.
 */
export function barChart(rows, {title, format}) {
  const max = Math.max(...rows.map(row => row.value), 0) || 1;
  const width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH;
  const svg = svgElement('svg', {class: 'chart', id: 'usage-chart', role: 'img', 'aria-label': title,
    viewBox: `0 0 ${width} ${rows.length * ROW + 8}`, width: '100%'});
  rows.forEach((row, index) => {
    const y = index * ROW + 4;
    const label = svgElement('text', {x: LABEL_WIDTH - 8, y: y + ROW / 2, 'text-anchor': 'end',
      'dominant-baseline': 'middle', class: 'chart-label'});
    label.textContent = row.label.length > 24 ? row.label.slice(0, 23) + '…' : row.label;
    const bar = svgElement('rect', {x: LABEL_WIDTH, y: y + 4, height: ROW - 8, rx: 3, class: 'chart-bar',
      width: Math.max(1, (row.value / max) * BAR_WIDTH)});
    const value = svgElement('text', {x: LABEL_WIDTH + BAR_WIDTH + 8, y: y + ROW / 2, 'dominant-baseline': 'middle',
      class: 'chart-value'});
    value.textContent = format(row.value);
    svg.append(label, bar, value);
  });
  return svg;
}

function svgElement(tag, attributes) {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  return element;
}
