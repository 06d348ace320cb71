/**
 * Online scale curves, against a stand-in process seeded with n decisions: `iterateEvents` time and
 * peak memory beside the bare loop, deep `verifyTrail` time and peak memory (target: <= 128 MiB
 * growth at 10^7), and the latency of an inclusion proof against that of the latest tree head
 * (`evidence.inclusion_latency_ratio`, target <= 2). The stand-in holds its whole log in memory and
 * seeds a few thousand decisions a second (with a digest every 8 records and a key rotation every
 * 3 digests), so the curves stop at {@linkcode STAND_IN_MAX} until it can stream larger logs.
 *
 * @module
 */
import { createControlPlaneClient, verifyTrail } from "../../control/mod.ts";
import { type Bench, runPoint } from "./_harness.ts";
import { measure } from "./_memory.ts";
import type { Point } from "./_results.ts";
import { spread } from "./_stats.ts";
import { type EventSource, iterateInChild, sourceEnv } from "./control.ts";
import { decades } from "./scale.ts";
import { startProcess } from "./_standin.ts";

const POINT = new URL("./_point.ts", import.meta.url);
/** The largest log the stand-in seeds in reasonable time (10^6 took over 10 minutes, busy). */
const STAND_IN_MAX = 1e5;

/** One deep online verification, measured in this process (run by `_point.ts` in a fresh one). */
export async function verifyOnlinePoint() {
  // A benchmark waits for the answer: the server verifies the whole log before it answers.
  const client = createControlPlaneClient({ timeout: 3_600_000 });
  const m = await measure(() => verifyTrail(client, { deepVerify: true }));
  return {
    ms: m.ms,
    peak_growth_mib: m.peakGrowthMib,
    ok: m.value.ok,
    records_verified: m.value.records_verified,
  };
}

/** Median latencies (ms) of an inclusion proof and of the latest tree head, or why there are none. */
async function proofLatency(source: EventSource, reps: number) {
  const get = async (path: string) => {
    const t0 = performance.now();
    const res = await fetch(`${source.url}${path}`, {
      headers: { authorization: `Bearer ${source.readToken}` },
    });
    const body = await res.text();
    return { ms: performance.now() - t0, status: res.status, body };
  };
  const head = await get("/v1/trail/digests/latest");
  if (head.status !== 200) return `GET /v1/trail/digests/latest answers ${head.status}`;
  const size = JSON.parse(head.body).tree_size;
  const proofPath = `/v1/trail/proofs/inclusion?seq=1&tree_size=${size}`;
  if ((await get(proofPath)).status !== 200) return `the inclusion proof route is missing`;
  const proof: number[] = [];
  const latest: number[] = [];
  for (let i = 0; i < reps; i++) {
    proof.push((await get(proofPath)).ms);
    latest.push((await get("/v1/trail/digests/latest")).ms);
  }
  return { proof: spread(proof).median, latest: spread(latest).median };
}

async function point(bench: Bench, n: number, curves: Record<string, Point[]>) {
  const server = await startProcess(n);
  try {
    const ours = await iterateInChild(server, "ours", n);
    const base = await iterateInChild(server, "base", n);
    console.log(
      `  n=${n}: iterateEvents ${Math.round(ours.ms as number)} ms (bare ${
        Math.round(base.ms as number)
      })`,
    );
    curves.iterateMs.push([n, ours.ms as number]);
    curves.iterateBaseMs.push([n, base.ms as number]);
    curves.iterateMib.push([n, ours.peak_growth_mib as number]);
    try {
      const verify = await runPoint(POINT, ["verify-online"], { env: sourceEnv(server) });
      console.log(
        `  n=${n}: verifyTrail ${Math.round(verify.ms as number)} ms, ${
          (verify.peak_growth_mib as number).toFixed(1)
        } MiB, ok ${verify.ok}, ${verify.records_verified} records`,
      );
      curves.verifyMs.push([n, verify.ms as number]);
      curves.verifyMib.push([n, verify.peak_growth_mib as number]);
    } catch (err) {
      // One failed point (a server that cannot answer at this size) does not lose the others.
      console.log(`  n=${n}: verifyTrail failed: ${String(err).split("\n").slice(0, 2).join(" ")}`);
    }
    const latency = await proofLatency(server, bench.size(50, 5));
    if (typeof latency === "string") return latency;
    curves.proofMs.push([n, latency.proof]);
    return latency.proof / latency.latest;
  } finally {
    await server.close();
  }
}

/** Runs the online scale curves selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (!bench.want("scale.iterate") && !bench.want("scale.verify_online")) return;
  const keys = ["iterateMs", "iterateBaseMs", "iterateMib", "verifyMs", "verifyMib", "proofMs"];
  const c: Record<string, Point[]> = Object.fromEntries(keys.map((k) => [k, []]));
  const sizes = bench.quick ? [1e3] : decades(bench, 4, 6).filter((n) => n <= STAND_IN_MAX);
  let last: number | string = "not measured";
  for (const n of sizes) last = await point(bench, n, c);
  const at = `at ${sizes[sizes.length - 1]} records`;
  const events = { x_label: "events", note: "fresh process per side and size" };
  bench.results.curve("scale.iterate_events_ms", {
    ...events,
    title: "iterateEvents: time vs events",
    y_label: "ms",
    series: { iterateEvents: c.iterateMs, "fetch + JSON.parse": c.iterateBaseMs },
  });
  bench.results.curve("scale.iterate_events_peak_mib", {
    ...events,
    title: "iterateEvents: peak memory vs events",
    y_label: "MiB",
    series: { iterateEvents: c.iterateMib },
  });
  const online = { x_label: "records", note: `stand-in seeded up to ${STAND_IN_MAX} decisions` };
  bench.results.curve("scale.verify_online_ms", {
    ...online,
    title: "verifyTrail (deep): time vs records",
    y_label: "ms",
    series: {
      verifyTrail: c.verifyMs,
      ...(c.proofMs.length ? { "inclusion proof request": c.proofMs } : {}),
    },
  });
  bench.results.curve("scale.verify_online_peak_mib", {
    ...online,
    title: "verifyTrail (deep): peak memory vs records",
    y_label: "MiB",
    series: { verifyTrail: c.verifyMib },
  });
  const lastMib = c.verifyMib[c.verifyMib.length - 1]?.[1];
  bench.pending(
    "evidence.verify_online_peak_rss_mib",
    `target <= 128 MiB at 10^7 records; the stand-in cannot serve 10^7 yet (${
      lastMib?.toFixed(1)
    } MiB ${at})`,
    { op: "<=", value: 128 },
  );
  if (typeof last === "string") bench.pending("evidence.inclusion_latency_ratio", last);
  else {
    bench.record("evidence.inclusion_latency_ratio", last, {
      target: { op: "<=", value: 2 },
      baseline: "GET /v1/trail/digests/latest, same stand-in, interleaved",
      unit: "ratio",
      detail: at,
    });
  }
}
