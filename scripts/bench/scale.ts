/**
 * Offline scale curves: how time and memory grow with the size of the input. Verification at
 * 10^4..10^7 records (each size in a fresh process, beside the bare baseline's time), the size of
 * a bundle against the size of the log, and RFC 9162 inclusion-proof verification against the
 * size of the log (which should grow as log n). Sizes above `--max-n` are skipped.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { type Bench, runPoint } from "./_harness.ts";
import { measure } from "./_memory.ts";
import { auditPath, Frontier, leafHash, verifyInclusion } from "./_merkle.ts";
import type { Point } from "./_results.ts";
import { proofBundle } from "./_bundle.ts";
import { exportBundle, verifyOffline } from "./_sdk.ts";
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
    console.log(
      `  inclusion proof, log of ${n}: ${path.length} hashes, ${
        (m.ms * 1000 / reps).toFixed(1)
      } µs`,
    );
    us.push([n, m.ms * 1000 / reps]);
  }
  bench.results.curve("scale.inclusion_proof_us", {
    title: "Inclusion-proof verification vs log size",
    x_label: "records in the log",
    y_label: "µs",
    series: { "bare RFC 9162 (node:crypto)": us },
    note: "the SDK's verifier and the stand-in's proof route join this chart when they land",
  });
}

/** Runs the offline scale curves selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (bench.want("scale.verify_offline")) await verifyCurve(bench);
  if (bench.want("scale.bundle")) bundleCurve(bench);
  if (bench.want("scale.inclusion")) await proofCurve(bench);
}
