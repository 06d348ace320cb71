/**
 * Offline scale curves: how time and memory grow with the size of the input. Verification at
 * 10^4..10^7 records (each size in a fresh process, beside the bare baseline's time), one thread
 * against worker threads at 10^3..10^6 records (where the workers start to pay), the size of
 * a bundle against the size of the log, and RFC 9162 inclusion-proof verification against the
 * size of the log (which should grow as log n). Sizes above `--max-n` are skipped.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { type Bench, runPoint } from "./_harness.ts";
import { measure } from "./_memory.ts";
import { auditPath, Frontier, leafHash, verifyInclusion } from "./_merkle.ts";
import type { Point } from "./_results.ts";
import { spread } from "./_stats.ts";
import { proofBundle } from "./_bundle.ts";
import { exportBundle, sdkInclusionFailure, verifyOffline, verifyOfflineAsync } from "./_sdk.ts";
import { bareChain, syntheticTrail } from "./_trail.ts";

const POINT = new URL("./_point.ts", import.meta.url);

/** Sizes 10^from..10^to, capped at `--max-n`. */
export const decades = (bench: Bench, from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => 10 ** (from + i)).filter((n) => n <= bench.maxN);

/** One offline verification point, measured in this process (run by `_point.ts` in a fresh one). */
export async function verifyOfflinePoint(n: number) {
  const trail = syntheticTrail(n, 1000);
  const ours = await measure(() => verifyOffline(trail));
  if (!ours.value.ok) throw new Error(`a ${n}-record trail does not verify`);
  const base = await measure(() => bareChain(trail, true));
  return {
    ms: ours.ms,
    peak_growth_mib: ours.peakGrowthMib,
    base_ms: base.ms,
    base_peak_growth_mib: base.peakGrowthMib,
  };
}

async function verifyCurve(bench: Bench): Promise<void> {
  const ms: Point[] = [];
  const base: Point[] = [];
  const mib: Point[] = [];
  for (const n of bench.quick ? [1e3, 1e4] : decades(bench, 4, 7)) {
    const p = await runPoint(POINT, ["verify-offline", String(n)], { heapMib: 16_384 });
    console.log(
      `  verify offline n=${n}: ${Math.round(p.ms as number)} ms (bare ${
        Math.round(p.base_ms as number)
      } ms), peak growth ${(p.peak_growth_mib as number).toFixed(1)} MiB`,
    );
    ms.push([n, p.ms as number]);
    base.push([n, p.base_ms as number]);
    mib.push([n, p.peak_growth_mib as number]);
  }
  bench.results.curve("scale.verify_offline_ms", {
    title: "verifyTrailEvidence: time vs records",
    x_label: "records",
    y_label: "ms",
    series: { "verifyTrailEvidence": ms, "bare chain + RFC 9162 roots": base },
  });
  bench.results.curve("scale.verify_offline_peak_mib", {
    title: "verifyTrailEvidence: peak memory vs records",
    x_label: "records",
    y_label: "MiB",
    series: { "verifyTrailEvidence": mib },
    note: "resident-set growth during the call, the input already built; fresh process per size",
  });
}

/**
 * Where worker threads start to pay: `verifyTrailEvidence` (one thread) and
 * `verifyTrailEvidenceAsync` with a worker per core, on the first n records of one trail, the
 * median of interleaved rounds at each size (which side goes first alternates). Prints the
 * crossover: the smallest n from which the workers were faster at every size measured.
 */
async function parallelCurve(bench: Bench): Promise<void> {
  const sizes = (bench.quick ? [1e3, 4e3] : [1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6])
    .filter((n) => n <= bench.maxN);
  const all = syntheticTrail(sizes[sizes.length - 1], 1000);
  const workers = Math.min(availableParallelism(), 8);
  const one: Point[] = [];
  const many: Point[] = [];
  for (const n of sizes) {
    const digests = all.digests.filter((d) => (d.tree_size as number) <= n);
    const trail = { ...all, records: all.records.slice(0, n), digests };
    const sync = () => elapsed(() => verifyOffline(trail));
    const across = () => elapsed(() => verifyOfflineAsync(trail, workers));
    const a: number[] = [];
    const b: number[] = [];
    const rounds = bench.size(n <= 1e5 ? 9 : 3, 2);
    for (let i = 0; i <= rounds; i++) {
      const x = i % 2 === 0 ? await sync() : 0;
      const y = await across();
      const z = i % 2 === 0 ? x : await sync();
      if (i === 0) continue; // warm-up
      a.push(z);
      b.push(y);
    }
    one.push([n, spread(a).median]);
    many.push([n, spread(b).median]);
    console.log(
      `  n=${n}: one thread ${one.at(-1)![1].toFixed(1)} ms, ${workers} workers ${
        many.at(-1)![1].toFixed(1)
      } ms`,
    );
  }
  let crossover: number | null = null;
  for (let i = sizes.length - 1; i >= 0 && many[i][1] < one[i][1]; i--) crossover = sizes[i];
  console.log(`  crossover: ${crossover === null ? "none in this range" : `n = ${crossover}`}`);
  bench.results.curve("scale.verify_parallel_ms", {
    title: "verifyTrailEvidence on one thread vs verifyTrailEvidenceAsync on workers",
    x_label: "records",
    y_label: "ms",
    series: {
      "verifyTrailEvidence (one thread)": one,
      [`verifyTrailEvidenceAsync (${workers} workers)`]: many,
    },
    note: `the workers are faster from n = ${
      crossover ?? "(none)"
    } on; ${workers} workers on ${availableParallelism()} cores, started and stopped in every call`,
  });
}

/** Wall time of one call, in ms. */
async function elapsed(work: () => unknown): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}

function bundleCurve(bench: Bench): void {
  const bytes: Point[] = [];
  for (const n of bench.quick ? [1e2, 1e3] : decades(bench, 2, 6)) {
    const zip = exportBundle(proofBundle(n).bundle);
    console.log(`  bundle for a record of a ${n}-record log: ${zip.length} bytes`);
    bytes.push([n, zip.length]);
  }
  bench.results.curve("scale.bundle_bytes", {
    title: "Evidence bundle size vs log size",
    x_label: "records in the log",
    y_label: "bytes",
    series: { "section 5 format (inclusion proof)": bytes },
    note: "grows with the audit path: log2(n) hashes of 64 hex characters",
  });
}

async function proofCurve(bench: Bench): Promise<void> {
  const us: Point[] = [];
  const sdk: Point[] = [];
  for (const n of bench.quick ? [1e2, 1e3] : decades(bench, 2, 6)) {
    const tree = new Frontier();
    const leaves = Array.from({ length: n }, () => {
      const input = randomBytes(32);
      tree.push(input);
      return leafHash(input);
    });
    const index = Math.floor(n / 3);
    const path = auditPath(leaves, index);
    const root = tree.root();
    const reps = bench.size(2000, 50);
    const m = await measure(() => {
      for (let i = 0; i < reps; i++) {
        if (!verifyInclusion(index, n, leaves[index], path, root)) throw new Error("bad proof");
      }
    });
    const rootBytes = Buffer.from(root, "hex");
    const s = await measure(() => {
      for (let i = 0; i < reps; i++) {
        const failure = sdkInclusionFailure(leaves[index], index, n, path, rootBytes);
        if (failure !== undefined) throw new Error(`bad proof: ${failure}`);
      }
    });
    console.log(
      `  inclusion proof, log of ${n}: ${path.length} hashes, bare ${
        (m.ms * 1000 / reps).toFixed(1)
      } µs, SDK ${(s.ms * 1000 / reps).toFixed(1)} µs`,
    );
    us.push([n, m.ms * 1000 / reps]);
    sdk.push([n, s.ms * 1000 / reps]);
  }
  bench.results.curve("scale.inclusion_proof_us", {
    title: "Inclusion-proof verification vs log size",
    x_label: "records in the log",
    y_label: "µs",
    series: { "bare RFC 9162 (node:crypto)": us, "the SDK's check": sdk },
    note: "one proof checked; the proof request's latency is in scale.verify_online_ms",
  });
}

/** Runs the offline scale curves selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (bench.want("scale.verify_offline")) await verifyCurve(bench);
  if (bench.want("scale.verify_parallel")) await parallelCurve(bench);
  if (bench.want("scale.bundle")) bundleCurve(bench);
  if (bench.want("scale.inclusion")) await proofCurve(bench);
}
