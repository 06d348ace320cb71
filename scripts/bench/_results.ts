/**
 * The results file of a benchmark run: one JSON document per runtime
 * (`scripts/bench/results/<runtime>.json`) holding every metric and scale curve, each stamped with
 * its date and the machine's load when measured. A run that measures a subset replaces only those
 * entries, so the file always holds the newest figure of each. `--quick` runs write to the temporary
 * directory instead: their figures mean nothing.
 *
 * @module
 */
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** One point of a scale curve: `y` at size `n`. */
export type Point = readonly [n: number, y: number];

/** A scale curve: one or more series of points over the same axes. */
export interface Curve {
  readonly title: string;
  readonly x_label: string;
  readonly y_label: string;
  readonly series: Readonly<Record<string, readonly Point[]>>;
  readonly note?: string;
}

/** The versions of the runtime measured. */
export function runtimeVersions(): Record<string, string> {
  if (g.Deno) return { deno: g.Deno.version.deno, v8: g.Deno.version.v8 };
  if (g.Bun) return { bun: g.Bun.version };
  return { node: g.process.versions.node, v8: g.process.versions.v8 };
}

const stamp = (command: string) => ({
  date: new Date().toISOString(),
  load: Math.round(loadavg()[0] * 100) / 100,
  command,
});

/** The figures of one run, merged into the runtime's results file on {@linkcode Results.write}. */
export class Results {
  readonly path: string;
  readonly lines: Record<string, unknown>[] = [];
  #runtime: string;
  #quick: boolean;
  #command: string;
  #metrics: Record<string, unknown> = {};
  #curves: Record<string, unknown> = {};

  constructor(o: { runtime: string; quick: boolean; argv: readonly string[]; out?: string }) {
    this.#runtime = o.runtime;
    this.#quick = o.quick;
    this.#command = [o.runtime, ...o.argv].join(" ");
    const dir = o.quick
      ? tmpdir()
      : decodeURIComponent(new URL("./results/", import.meta.url).pathname);
    this.path = o.out ?? join(dir, `${o.quick ? "keeptrusts-bench-quick-" : ""}${o.runtime}.json`);
  }

  /** Records a metric's entry (value, spread, target, status, baseline ...). */
  metric(name: string, entry: Record<string, unknown>): void {
    this.#metrics[name] = { ...entry, ...stamp(this.#command) };
    this.lines.push({ metric: name, runtime: this.#runtime, ...entry });
    this.#save();
  }

  /** Records a scale curve and prints one JSON line per point. */
  curve(name: string, curve: Curve): void {
    this.#curves[name] = { ...curve, ...stamp(this.#command) };
    for (const [series, points] of Object.entries(curve.series)) {
      for (const [n, y] of points) {
        this.lines.push({ curve: name, runtime: this.#runtime, series, n, y, unit: curve.y_label });
      }
    }
    this.#save();
  }

  /** Prints the JSON lines and writes the results file; returns its path. */
  write(): string {
    console.log("");
    for (const line of this.lines) console.log(JSON.stringify(line));
    this.#save();
    return this.path;
  }

  /** Merges what is measured so far into the results file, so that an interrupted run keeps it. */
  #save(): void {
    const old = !this.#quick && existsSync(this.path)
      ? JSON.parse(readFileSync(this.path, "utf8"))
      : { metrics: {}, curves: {} };
    const doc = {
      runtime: this.#runtime,
      versions: runtimeVersions(),
      machine: {
        cpus: cpus().length,
        model: cpus()[0]?.model ?? "unknown",
        memory_gib: Math.round(totalmem() / 2 ** 30),
      },
      updated: new Date().toISOString(),
      last_command: this.#command,
      metrics: { ...old.metrics, ...this.#metrics },
      curves: { ...old.curves, ...this.#curves },
    };
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, JSON.stringify(doc, null, 2) + "\n");
  }
}
