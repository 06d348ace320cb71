/**
 * The benchmark harness: the method of issue #16 in one place. A comparison runs our path and its
 * baseline in the same process as many short rounds, interleaved, alternating which side goes
 * first, after warm-up rounds that are not counted; it prints the median ratio with its
 * interquartile range, and a note when that spread is wider than the distance to the target.
 * Every figure becomes one JSON line and an entry of the results file.
 *
 * @module
 */
import { execFile } from "node:child_process";
import { runArgs } from "../_spawn_server.mjs";
import { judge, round, type Spread, spread, type Target } from "./_stats.ts";
import { Results } from "./_results.ts";

export type { Target };

// deno-lint-ignore no-explicit-any
const g = globalThis as any;

/** The runtime running the benchmarks. */
export const runtime: "deno" | "bun" | "node" = g.Deno ? "deno" : g.Bun ? "bun" : "node";
/** Its executable, for child processes of the same runtime. */
export const execPath: string = g.Deno ? g.Deno.execPath() : g.process.execPath;

/** The script's command-line arguments, on every runtime. */
export function scriptArgs(): string[] {
  return g.Deno ? [...g.Deno.args] : g.process.argv.slice(2);
}

/** One side of a comparison: runs one round and returns its elapsed milliseconds. */
export type Round = () => number | Promise<number>;

/** A comparison of our path against its baseline. */
export interface Comparison {
  readonly metric: string;
  /** What the baseline is, in words (goes to the JSON line). */
  readonly baseline: string;
  readonly ours: Round;
  readonly base: Round;
  /** Counted rounds (each runs both sides once). */
  readonly rounds: number;
  /** Rounds run first and not counted. */
  readonly warmup: number;
  /** `base/ours`: a speed ratio (above 1, ours is faster); `ours/base`: a cost ratio. */
  readonly ratio: "base/ours" | "ours/base";
  readonly target?: Target;
  /** Printed after the figure, e.g. the work in one round. */
  readonly detail?: string;
}

/** The outcome of a comparison. */
export interface Compared extends Spread {
  readonly oursMs: Spread;
  readonly baseMs: Spread;
}

const fmt = (x: number) => round(x).toString();

/** A benchmark session: the options of the command line and the figures measured so far. */
export class Bench {
  /** `--quick`: a smoke run with small sizes and few rounds; its figures mean nothing. */
  readonly quick: boolean;
  /** The largest n of the scale curves (`--max-n`). */
  readonly maxN: number;
  readonly results: Results;
  #only: string[];

  constructor(argv: readonly string[]) {
    const flag = (name: string) => {
      const i = argv.indexOf(name);
      return i === -1 ? undefined : argv[i + 1];
    };
    this.quick = argv.includes("--quick");
    this.maxN = Number(flag("--max-n") ?? (this.quick ? 1e4 : 1e7));
    const skip = new Set(["--out", "--max-n"].flatMap((f) => [f, flag(f) ?? f]));
    this.#only = argv.filter((a) => !a.startsWith("--") && !skip.has(a));
    this.results = new Results({ runtime, quick: this.quick, argv, out: flag("--out") });
  }

  /** Whether a metric or curve is selected by the names given on the command line. */
  want(name: string): boolean {
    return this.#only.length === 0 || this.#only.some((o) => name.includes(o));
  }

  /** Picks the full-run or the quick value. */
  size<T>(full: T, quick: T): T {
    return this.quick ? quick : full;
  }

  /** Runs a comparison (see the module doc), prints it and records it. */
  async compare(c: Comparison): Promise<Compared> {
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < c.warmup + c.rounds; i++) {
      // Alternate which side goes first, so that drift of the machine within a round cancels.
      let b: number, o: number;
      if (i % 2 === 0) {
        b = await c.base();
        o = await c.ours();
      } else {
        o = await c.ours();
        b = await c.base();
      }
      if (i < c.warmup) continue;
      base.push(b);
      ours.push(o);
    }
    const ratios = ours.map((o, i) => c.ratio === "base/ours" ? base[i] / o : o / base[i]);
    const s = spread(ratios);
    const result = { ...s, oursMs: spread(ours), baseMs: spread(base) };
    this.record(c.metric, s, {
      target: c.target,
      baseline: c.baseline,
      unit: "ratio",
      detail: `${c.detail ?? ""}; ms per round: ours ${fmt(result.oursMs.median)}, base ${
        fmt(result.baseMs.median)
      }`,
      rounds: ratios.map(round),
    });
    return result;
  }

  /** Records that a metric cannot be measured yet, and why. */
  pending(metric: string, reason: string, target?: Target): void {
    console.log(`${metric.padEnd(36)} ${"pending".padStart(10)}  ${reason}`);
    this.results.metric(metric, {
      value: null,
      target: target ? `${target.op}${target.value}` : null,
      status: "pending",
      note: reason,
    });
  }

  /** Records a figure (a spread, or a single value) with its target; prints one line. */
  record(
    metric: string,
    value: number | Spread,
    info: {
      target?: Target;
      baseline: string;
      unit: string;
      detail?: string;
      rounds?: number[];
    },
  ): void {
    const s = typeof value === "number" ? spread([value]) : value;
    const verdict = judge(s, info.target);
    const iqr = s.n > 1 ? `  IQR ${fmt(s.q1)}-${fmt(s.q3)} (n=${s.n})` : "";
    const target = info.target ? `  target ${info.target.op} ${info.target.value}` : "";
    const status = verdict.status === "reported" ? "" : `  ${verdict.status.toUpperCase()}`;
    console.log(
      `${metric.padEnd(36)} ${fmt(s.median).padStart(10)} ${info.unit}${iqr}${target}${status}`,
    );
    if (verdict.note) console.log(`${"".padEnd(37)}note: ${verdict.note}`);
    if (info.detail) console.log(`${"".padEnd(37)}${info.detail.replace(/^; /, "")}`);
    this.results.metric(metric, {
      value: round(s.median),
      ...(s.n > 1 ? { q1: round(s.q1), q3: round(s.q3), n: s.n } : {}),
      unit: info.unit,
      target: info.target ? `${info.target.op}${info.target.value}` : null,
      status: verdict.status,
      ...(verdict.unresolved ? { unresolved: true, note: verdict.note } : {}),
      baseline: info.baseline,
      ...(info.rounds ? { rounds: info.rounds } : {}),
    });
  }
}

/**
 * Runs `script` (a `.ts` file) in a fresh process of this runtime and returns the JSON object that
 * its last line of standard output holds. Memory figures are taken this way, so that no earlier
 * work has already grown (or hides growth of) the heap. The child may collect garbage on request
 * and, on V8, use up to `heapMib` of heap (10^7 records do not fit V8's default; 0 keeps V8's own
 * limit). A stand-in's
 * address and token go in `env` (the documented variables), never on a command line.
 */
export function runPoint(
  script: URL,
  args: string[],
  options: { heapMib?: number; env?: Record<string, string> } = {},
): Promise<Record<string, unknown>> {
  const path = decodeURIComponent(script.pathname);
  // heapMib 0: V8's own limit, as a user's process has it.
  const heap = options.heapMib ?? 4096;
  const v8 = ["--expose-gc", ...(heap > 0 ? [`--max-old-space-size=${heap}`] : [])];
  const argv = runArgs(runtime, path, args);
  if (runtime === "deno") argv.splice(1, 0, `--v8-flags=${v8.join(",")}`);
  if (runtime === "node") argv.unshift(...v8);
  return new Promise((resolve, reject) => {
    execFile(
      execPath,
      argv,
      { maxBuffer: 16 * 1024 * 1024, env: { ...g.process.env, NO_COLOR: "1", ...options.env } },
      (err, stdout, stderr) => {
        if (err) {
          reject(new Error(`${path} ${args.join(" ")} failed: ${err.message}\n${stderr}`));
          return;
        }
        const last = String(stdout).trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(last));
        } catch {
          reject(new Error(`${path} ${args.join(" ")} printed no JSON: ${last.slice(0, 200)}`));
        }
      },
    );
  });
}
