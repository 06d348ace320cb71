/**
 * Evidence benchmarks: `verifyTrailEvidence` over 1,000,000 records and their signed tree heads
 * against bare `node:crypto` baselines written here (`_trail.ts`): the chain with canonical bytes
 * built per record (`evidence.verify_ratio`), hashing alone over bytes built beforehand
 * (`evidence.verify_ratio_precomputed`), and the chain plus every RFC 9162 root
 * (`evidence.verify_tree_ratio`, once the verifier checks roots); then bundle export and
 * verification times and `evidence.zip_ratio` (retired once bundles carry proofs).
 *
 * @module
 */
import { unzipSync, zipSync } from "fflate";
import type { Bench } from "./_harness.ts";
import { spread } from "./_stats.ts";
import { sliceBundle } from "./_bundle.ts";
import { checksTreeHeads, exportBundle, verifyBundle, verifyOffline } from "./_sdk.ts";
import { bareChain, bareChainPrecomputed, signDigest, syntheticTrail } from "./_trail.ts";

const timed = (work: () => void) => () => {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
};

async function verify(bench: Bench): Promise<void> {
  const n = bench.size(1_000_000, 5_000);
  const t0 = performance.now();
  const trail = syntheticTrail(n, 1000, { keepBodies: true });
  console.log(
    `(built ${n} records and ${trail.digests.length} signed tree heads in ${
      ((performance.now() - t0) / 1000).toFixed(1)
    } s)`,
  );
  const ours = timed(() => {
    const report = verifyOffline(trail);
    if (!report.ok) {
      throw new Error(`the synthetic trail does not verify: ${report.failures[0]?.code}`);
    }
  });
  const common = {
    ours,
    rounds: bench.size(9, 2),
    warmup: 1,
    ratio: "base/ours" as const,
    detail: `${n} records, ${trail.digests.length} tree heads, one call per round`,
  };
  await bench.compare({
    ...common,
    metric: "evidence.verify_ratio",
    baseline: "bare SHA-256 chain, canonical bytes built per record",
    base: timed(() => bareChain(trail, false)),
    target: { op: ">=", value: 0.7 },
  });
  await bench.compare({
    ...common,
    metric: "evidence.verify_ratio_precomputed",
    baseline: "bare SHA-256 chain over canonical bytes built beforehand",
    base: timed(() => bareChainPrecomputed(trail)),
    target: { op: ">=", value: 1.0 },
  });
  if (!checksTreeHeads(trail, (d) => signDigest(d, trail.privateKey))) {
    bench.pending(
      "evidence.verify_tree_ratio",
      "verifyTrailEvidence does not check root_hash yet (a wrong, validly signed root passes)",
      { op: ">=", value: 0.8 },
    );
    return;
  }
  await bench.compare({
    ...common,
    metric: "evidence.verify_tree_ratio",
    baseline: "bare SHA-256 chain + RFC 9162 root of every tree head",
    base: timed(() => bareChain(trail, true)),
    target: { op: ">=", value: 0.8 },
  });
}

async function bundle(bench: Bench): Promise<void> {
  const { bundle, trail } = sliceBundle(bench.size(10_000, 500));
  const zip = exportBundle(bundle);
  const files = unzipSync(zip);
  const r = await bench.compare({
    metric: "evidence.zip_ratio",
    baseline: "fflate zipSync (level 6) of the same, already built, files",
    ours: timed(() => exportBundle(bundle)),
    base: timed(() =>
      zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 6 }]])))
    ),
    rounds: bench.size(9, 2),
    warmup: 1,
    ratio: "base/ours",
    target: { op: ">=", value: 0.9 },
    detail: `a ${trail.records.length}-record trail slice, ${zip.length} bytes zipped`,
  });
  bench.record("evidence.bundle_export_ms", r.oursMs, { baseline: "none", unit: "ms" });
  const verifyMs: number[] = [];
  for (let i = 0; i < bench.size(5, 1); i++) {
    verifyMs.push(
      timed(() => {
        const report = verifyBundle(zip, trail.keys);
        if (!report.ok) throw new Error(`bundle does not verify: ${report.failures[0]?.code}`);
      })(),
    );
  }
  bench.record("evidence.bundle_verify_ms", spread(verifyMs), { baseline: "none", unit: "ms" });
}

/** Runs the evidence benchmarks selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (bench.want("evidence.verify")) await verify(bench);
  if (bench.want("evidence.bundle") || bench.want("evidence.zip")) await bundle(bench);
}
