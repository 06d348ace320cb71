/**
 * Evidence benchmarks: `verifyTrailEvidence` over 1,000,000 records and their signed tree heads
 * against bare `node:crypto` baselines written here (`_trail.ts`): the chain with canonical bytes
 * built per record (`evidence.verify_ratio`), hashing alone over bytes built beforehand
 * (`evidence.verify_ratio_precomputed`), and the chain plus every RFC 9162 root
 * (`evidence.verify_tree_ratio`); the size of a bundle for a record of a 1,000,000-record log
 * (`evidence.bundle_bytes`), its export and verification times; and the bytes `verifyTrail`
 * receives to prove a checkpoint 900,000 records old consistent (`evidence.checkpoint_bytes`,
 * against a stand-in process). `evidence.zip_ratio` is retired: bundles carry proofs now.
 *
 * @module
 */
import { availableParallelism } from "node:os";
import { cpuUsage } from "node:process";
import type { Bench } from "./_harness.ts";
import { spread } from "./_stats.ts";
import { proofBundle } from "./_bundle.ts";
import { checkpointBytes } from "./_checkpoint.ts";
import {
  checksTreeHeads,
  exportBundle,
  type Report,
  verifyBundle,
  verifyOffline,
  verifyOfflineAsync,
} from "./_sdk.ts";
import { bareChain, bareChainPrecomputed, signDigest, syntheticTrail } from "./_trail.ts";

const timed = (work: () => void) => () => {
  const t0 = performance.now();
  work();
  return performance.now() - t0;
};
const timedAsync = (work: () => Promise<void>) => async () => {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
};

/** CPU time of the whole process (every thread) in µs per record, the median of `rounds`. */
async function cpuPerRecord(work: () => unknown, n: number, rounds: number): Promise<number> {
  const per: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const before = cpuUsage();
    await work();
    const { user, system } = cpuUsage(before);
    per.push((user + system) / n);
  }
  return spread(per).median;
}

async function verify(bench: Bench): Promise<void> {
  const n = bench.size(1_000_000, 5_000);
  const t0 = performance.now();
  const trail = syntheticTrail(n, 1000, { keepBodies: true });
  console.log(
    `(built ${n} records and ${trail.digests.length} signed tree heads in ${
      ((performance.now() - t0) / 1000).toFixed(1)
    } s)`,
  );
  const check = (report: Report) => {
    if (!report.ok) {
      throw new Error(`the synthetic trail does not verify: ${report.failures[0]?.code}`);
    }
  };
  const ours = timed(() => check(verifyOffline(trail)));
  // A worker per core: what verifyTrailEvidenceAsync takes by default at 1,000,000 records.
  const count = Math.min(availableParallelism(), 8);
  const oursAcross = timedAsync(async () => check(await verifyOfflineAsync(trail, count)));
  const common = {
    ours,
    rounds: bench.size(9, 2),
    warmup: 1,
    ratio: "base/ours" as const,
    detail: `${n} records, ${trail.digests.length} tree heads, one call per round`,
  };
  const workers = `${count} worker threads (verifyTrailEvidenceAsync)`;
  await bench.compare({
    ...common,
    metric: "evidence.verify_ratio",
    baseline: "bare SHA-256 chain, canonical bytes built per record",
    base: timed(() => bareChain(trail, false)),
    target: { op: ">=", value: 0.7 },
  });
  const precomputed = timed(() => bareChainPrecomputed(trail));
  await bench.compare({
    ...common,
    ours: oursAcross,
    detail: `${common.detail}, ${workers}`,
    metric: "evidence.verify_ratio_precomputed",
    baseline: "bare SHA-256 chain over canonical bytes built beforehand, one thread",
    base: precomputed,
    target: { op: ">=", value: 1.0 },
  });
  await bench.compare({
    ...common,
    metric: "evidence.verify_ratio_precomputed_one_thread",
    baseline: "bare SHA-256 chain over canonical bytes built beforehand, one thread",
    base: precomputed,
  });
  const rounds = bench.size(5, 1);
  const base = await cpuPerRecord(() => bareChainPrecomputed(trail), n, rounds);
  const one = await cpuPerRecord(() => verifyOffline(trail), n, rounds);
  const across = await cpuPerRecord(() => verifyOfflineAsync(trail, count), n, rounds);
  bench.record("evidence.verify_cpu_us_per_record", across, {
    baseline: "the precomputed chain's CPU time per record",
    unit: "µs",
    detail:
      `CPU time of every thread per record: ${workers} ${across.toFixed(2)}, one thread ${
        one.toFixed(2)
      }, bare chain over precomputed bytes ${base.toFixed(2)}; on ${availableParallelism()} ` +
      `cores the workers' best wall time is ${(across / availableParallelism()).toFixed(2)} µs`,
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

function bundle(bench: Bench): void {
  const n = bench.size(1_000_000, 2_000);
  const { bundle, trail } = proofBundle(n);
  const zip = exportBundle(bundle);
  bench.record("evidence.bundle_bytes", zip.length, {
    target: { op: "<=", value: 16 * 1024 },
    baseline: "none",
    unit: "bytes",
    detail: `record 1 of a ${n}-record log: an audit path of ${
      (bundle.inclusion_proof as { audit_path: unknown[] }).audit_path.length
    } hashes`,
  });
  const exportMs: number[] = [];
  const verifyMs: number[] = [];
  for (let i = 0; i < bench.size(9, 1); i++) {
    exportMs.push(timed(() => exportBundle(bundle))());
    verifyMs.push(
      timed(() => {
        const report = verifyBundle(zip, trail.keys);
        if (!report.ok) throw new Error(`bundle does not verify: ${report.failures[0]?.code}`);
      })(),
    );
  }
  bench.record("evidence.bundle_export_ms", spread(exportMs), { baseline: "none", unit: "ms" });
  bench.record("evidence.bundle_verify_ms", spread(verifyMs), { baseline: "none", unit: "ms" });
  bench.pending(
    "evidence.zip_ratio",
    "retired: bundles carry an inclusion proof, not a trail slice",
  );
}

async function checkpoint(bench: Bench): Promise<void> {
  const n = bench.size(1_000_000, 1_000);
  const r = await checkpointBytes(n, Math.round(n / 10));
  bench.record("evidence.checkpoint_bytes", r.bytes, {
    target: { op: "<=", value: 64 * 1024 },
    baseline: "none",
    unit: "bytes",
    detail:
      `verifyTrail with a checkpoint at ${r.checkpointSize} of ${n} records, no deepVerify: ${r.requests} requests, consistency ${r.consistency}`,
  });
}

/** Runs the evidence benchmarks selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (bench.want("evidence.verify")) await verify(bench);
  if (bench.want("evidence.bundle") || bench.want("evidence.zip")) bundle(bench);
  if (bench.want("evidence.checkpoint")) await checkpoint(bench);
}
