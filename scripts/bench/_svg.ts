/**
 * A log-log line chart as a hand-written SVG: decades on both axes, one line per series, and a
 * dotted guide of slope 1 (growth proportional to n) through the first point, so that linear
 * growth runs parallel to the guide and logarithmic growth lies almost flat.
 *
 * @module
 */

/** A series to draw: its label, points `[n, y]`, its colour group and whether to dash it. */
export interface Line {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
  /** Lines of the same group share a colour (the same series on another runtime). */
  readonly group: string;
  readonly dashed: boolean;
}

const W = 640;
const PLOT_HEIGHT = 240;
const COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];
const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const power = (k: number) =>
  k >= 0 && k <= 3
    ? String(10 ** k)
    : `10${k < 0 ? "⁻" : ""}${[...String(Math.abs(k))].map((d) => SUPERSCRIPT[+d]).join("")}`;

function decadeRange(values: number[]): [number, number] {
  const lo = Math.floor(Math.log10(Math.min(...values)));
  const hi = Math.ceil(Math.log10(Math.max(...values)));
  return [lo, hi === lo ? hi + 1 : hi];
}

/** Draws the chart; values at or below zero are drawn at the bottom of the axis. */
export function logLogChart(title: string, xLabel: string, yLabel: string, lines: Line[]): string {
  const M = { left: 64, right: 16, top: 32, bottom: 60 + Math.ceil(lines.length / 2) * 16 + 20 };
  const H = M.top + PLOT_HEIGHT + M.bottom;
  const all = lines.flatMap((l) => l.points);
  const positive = all.map((p) => p[1]).filter((y) => y > 0);
  const [x0, x1] = decadeRange(all.map((p) => p[0]));
  const [y0, y1] = decadeRange(positive.length ? positive : [1]);
  const px = (n: number) => M.left + (Math.log10(n) - x0) / (x1 - x0) * (W - M.left - M.right);
  const py = (y: number) =>
    H - M.bottom - (Math.log10(Math.max(y, 10 ** y0)) - y0) / (y1 - y0) * (H - M.top - M.bottom);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${esc(title)}</text>`,
  ];
  for (let k = x0; k <= x1; k++) {
    out.push(
      `<line x1="${px(10 ** k)}" y1="${M.top}" x2="${px(10 ** k)}" y2="${
        H - M.bottom
      }" stroke="#ddd"/>`,
      `<text x="${px(10 ** k)}" y="${H - M.bottom + 16}" text-anchor="middle">${power(k)}</text>`,
    );
  }
  for (let k = y0; k <= y1; k++) {
    out.push(
      `<line x1="${M.left}" y1="${py(10 ** k)}" x2="${W - M.right}" y2="${
        py(10 ** k)
      }" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${py(10 ** k) + 4}" text-anchor="end">${power(k)}</text>`,
    );
  }
  out.push(
    `<text x="${(M.left + W - M.right) / 2}" y="${H - M.bottom + 34}" text-anchor="middle">${
      esc(xLabel)
    }</text>`,
    `<text transform="translate(16 ${
      (M.top + H - M.bottom) / 2
    }) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
  );
  const first = lines.find((l) => l.points.length > 0)?.points[0];
  if (first && first[1] > 0) {
    const end = 10 ** x1;
    out.push(
      `<line x1="${px(first[0])}" y1="${py(first[1])}" x2="${px(end)}" y2="${
        py(first[1] * end / first[0])
      }" stroke="#999" stroke-dasharray="2 3"/>`,
    );
  }
  const groups = [...new Set(lines.map((l) => l.group))];
  lines.forEach((line, i) => {
    const color = COLORS[groups.indexOf(line.group) % COLORS.length];
    const pts = line.points.map(([n, y]) => `${px(n).toFixed(1)},${py(y).toFixed(1)}`);
    const dash = line.dashed ? ` stroke-dasharray="6 4"` : "";
    out.push(
      `<polyline points="${pts.join(" ")}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`,
      ...pts.map((p) =>
        `<circle cx="${p.split(",")[0]}" cy="${p.split(",")[1]}" r="3" fill="${color}"/>`
      ),
    );
    const lx = M.left + (i % 2) * 290;
    const ly = H - M.bottom + 52 + Math.floor(i / 2) * 16;
    out.push(
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 24}" y2="${
        ly - 4
      }" stroke="${color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly}">${esc(line.label)}</text>`,
    );
  });
  const gy = H - M.bottom + 52 + Math.ceil(lines.length / 2) * 16;
  out.push(`<text x="${M.left}" y="${gy}" fill="#777">dotted: proportional to n</text>`, `</svg>`);
  return out.join("\n") + "\n";
}
