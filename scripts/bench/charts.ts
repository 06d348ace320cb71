/**
 * `deno run -A scripts/bench/charts.ts`: turns the results files (`scripts/bench/results/*.json`)
 * into the figures table and the scale charts of BENCHMARKS.md. The charts are SVG files in
 * `docs/benchmarks/`, published with BENCHMARKS.md (log-log, one line per runtime and series: Deno
 * solid, Bun dashed); the table and the chart list replace what stands between the `figures` and
 * `charts` markers of BENCHMARKS.md, so the document always shows the figures the results hold,
 * with their dates.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { type Line, logLogChart } from "./_svg.ts";

const here = (p: string) => decodeURIComponent(new URL(p, import.meta.url).pathname);
const RESULTS = here("./results/");
const CHARTS = here("../../docs/benchmarks/");
const DOC = here("../../BENCHMARKS.md");

// deno-lint-ignore no-explicit-any
type Json = any;

const ORDER = ["deno", "bun", "node"];
const docs: Json[] = existsSync(RESULTS)
  ? readdirSync(RESULTS).filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(RESULTS + f, "utf8")))
    .sort((a, b) => ORDER.indexOf(a.runtime) - ORDER.indexOf(b.runtime))
  : [];
const num = (x: number) => x >= 1000 ? Math.round(x).toLocaleString("en-US") : String(x);
if (docs.length === 0) throw new Error(`no results in ${RESULTS}: run the benchmarks first`);

function cell(m: Json): string {
  if (!m) return "";
  if (m.status === "pending") return "pending";
  const iqr = m.n > 1 ? ` (IQR ${num(m.q1)}-${num(m.q3)}, n=${m.n})` : "";
  const flag = m.status === "missed" ? " **missed**" : "";
  return `${num(m.value)}${iqr}${flag}${m.unresolved ? " *unresolved*" : ""}`;
}

function figures(): string {
  const names = [...new Set(docs.flatMap((d) => Object.keys(d.metrics)))];
  const rows = names.map((name) => {
    const entries = docs.map((d) => d.metrics[name]);
    const target = entries.find((e) => e?.target)?.target ?? "";
    const unit = entries.find((e) => e?.unit)?.unit ?? "";
    return `| \`${name}\` | ${unit} | ${entries.map(cell).join(" | ")} | ${
      target.replace(/^(..)/, "$1 ")
    } |`;
  });
  const about = docs.map((d) => {
    const entries: Json[] = Object.values({ ...d.metrics, ...d.curves });
    const dates = entries.map((e) => e.date).sort();
    const loads = entries.map((e) => e.load);
    const commands = [...new Set(entries.map((e) => e.command ?? d.last_command))];
    return `- ${d.runtime}: ${
      Object.entries(d.versions).map(([k, v]) => `${k} ${v}`).join(", ")
    }; measured ${dates[0]?.slice(0, 16)} to ${dates[dates.length - 1]?.slice(0, 16)} UTC, ` +
      `1-minute load ${Math.min(...loads)}-${Math.max(...loads)} on ${d.machine.cpus} cores ` +
      `(${d.machine.model}, ${d.machine.memory_gib} GiB); runs: ${
        commands.map((c) => `\`${c}\``).join(", ")
      }`;
  });
  return [
    `| metric | unit | ${docs.map((d) => d.runtime).join(" | ")} | target |`,
    `|---|---|${docs.map(() => "---|").join("")}---|`,
    ...rows,
    "",
    ...about,
  ].join("\n");
}

function charts(): string {
  mkdirSync(CHARTS, { recursive: true });
  const names = [...new Set(docs.flatMap((d) => Object.keys(d.curves)))];
  const out: string[] = [];
  for (const name of names) {
    const lines: Line[] = [];
    let curve: Json;
    docs.forEach((d, i) => {
      const c = d.curves[name];
      if (!c) return;
      curve = c;
      for (
        const [label, points] of Object.entries(c.series as Record<string, [number, number][]>)
      ) {
        if (points.length) {
          lines.push({ label: `${d.runtime}: ${label}`, points, group: label, dashed: i > 0 });
        }
      }
    });
    if (lines.length === 0) continue;
    writeFileSync(
      `${CHARTS}${name}.svg`,
      logLogChart(curve.title, curve.x_label, curve.y_label, lines),
    );
    out.push(
      `### ${curve.title}`,
      "",
      `![${curve.title}](docs/benchmarks/${name}.svg)`,
      "",
      `\`${name}\`${curve.note ? `: ${curve.note}` : ""}.`,
      "",
    );
  }
  return out.join("\n").trimEnd();
}

function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i === -1 || j < i) throw new Error(`BENCHMARKS.md has no ${start} ... ${end} section`);
  return `${text.slice(0, i + start.length)}\n${body}\n${text.slice(j)}`;
}

let doc = readFileSync(DOC, "utf8");
doc = replaceBetween(doc, "figures", figures());
doc = replaceBetween(doc, "charts", charts());
writeFileSync(DOC, doc);
console.log(`BENCHMARKS.md and ${CHARTS} updated from ${docs.length} results file(s)`);
