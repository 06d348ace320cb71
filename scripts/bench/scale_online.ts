/**
 * Online scale curves, against a stand-in process seeded with n decisions (a history derived from
 * its seed, about 64 bytes a record: 10^7 in a minute or two): `iterateEvents` time and peak
 * memory beside the bare loop (10^4..10^6), `verifyTrail` over every record streamed from record 1
 * (10^4..10^7; target: <= 128 MiB growth at 10^7) and with `deepVerify` (every event fetched too,
 * up to {@linkcode DEEP_MAX}), and the latency of an inclusion proof against that of the latest
 * tree head (`evidence.inclusion_latency_ratio`, target <= 2).
 *
 * @module
 */
import { createControlPlaneClient, pinPublicKeys, verifyTrail } from "../../control/mod.ts";
import { type Bench, runPoint } from "./_harness.ts";
import { measure } from "./_memory.ts";
import type { Point } from "./_results.ts";
import { spread } from "./_stats.ts";
import { type EventSource, iterateInChild, sourceEnv } from "./control.ts";
import { decades } from "./scale.ts";
import { startProcess } from "./_standin.ts";

const POINT = new URL("./_point.ts", import.meta.url);
/**
 * A digest every this many records, as in the offline curves: at the stand-in's test default (8)
 * a 10^7-record log has 1.25 million signed heads and 400,000 keys, which is not a log anyone runs.
 */
const DIGEST_EVERY = 1000;
/** The largest log verified with `deepVerify` (one event request per decision). */
const DEEP_MAX = 1e5;
/** The largest log `iterateEvents` is measured on (the curve: 10^4..10^6). */
const ITERATE_MAX = 1e6;

/**
 * One online verification of every record, measured in this process (run by `_point.ts` in a
 * fresh one): `deep` with every event fetched, else the records streamed from record 1 (a window
 * from the epoch). The keys are pinned first, outside the measurement.
 */
export async function verifyOnlinePoint(deep: boolean) {
  // A benchmark waits for the answer: the server verifies the whole log before it answers.
  const client = createControlPlaneClient({ timeout: 3_600_000 });
  const trustedKeys = await pinPublicKeys(client);
  const options = deep ? { deepVerify: true } : { startTime: new Date(0) };
  const m = await measure(() =>
    verifyTrail(client, { ...options, trustedKeys, allowPending: true })
  );
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

/**
 * A V8 old-space cap for the streamed verification: its figure is then what the verification
 * holds, not how far V8 lets garbage pile up before collecting (about 200 MiB at 10^6 records with
 * V8's own limit on this machine, the same run passing in 57 MiB under the cap). Bun ignores it.
 */
const STREAM_HEAP_MIB = 64;

async function verifyPoint(server: EventSource, n: number, mode: keyof typeof MODES, c: Curves) {
  const { args, heapMib, ms, mib } = MODES[mode];
  try {
    const verify = await runPoint(POINT, [...args], { env: sourceEnv(server), heapMib });
    console.log(
      `  n=${n}: verifyTrail (${mode}) ${Math.round(verify.ms as number)} ms, ${
        (verify.peak_growth_mib as number).toFixed(1)
      } MiB, ok ${verify.ok}, ${verify.records_verified} records`,
    );
    c[ms].push([n, verify.ms as number]);
    c[mib].push([n, verify.peak_growth_mib as number]);
  } catch (err) {
    // One failed point (a server that cannot answer at this size) does not lose the others.
    console.log(`  n=${n}: verifyTrail failed: ${String(err).split("\n").slice(0, 2).join(" ")}`);
  }
}

const MODES = {
  streamed: {
    args: ["verify-online", "streamed"],
    heapMib: STREAM_HEAP_MIB,
    ms: "verifyMs",
    mib: "verifyMib",
  },
  "streamed, V8's own heap limit": {
    args: ["verify-online", "streamed"],
    heapMib: 0,
    ms: "ownMs",
    mib: "ownMib",
  },
  deepVerify: { args: ["verify-online", "deepVerify"], heapMib: 0, ms: "deepMs", mib: "deepMib" },
} as const;

type Curves = Record<string, Point[]>;

async function point(bench: Bench, n: number, c: Curves) {
  const t0 = performance.now();
  const server = await startProcess(n, DIGEST_EVERY);
  console.log(`  n=${n}: stand-in seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  try {
    if (n <= ITERATE_MAX && bench.want("scale.iterate")) {
      const ours = await iterateInChild(server, "ours", n);
      const base = await iterateInChild(server, "base", n);
      console.log(
        `  n=${n}: iterateEvents ${Math.round(ours.ms as number)} ms (bare ${
          Math.round(base.ms as number)
        })`,
      );
      c.iterateMs.push([n, ours.ms as number]);
      c.iterateBaseMs.push([n, base.ms as number]);
      c.iterateMib.push([n, ours.peak_growth_mib as number]);
    }
    if (!bench.want("scale.verify_online")) return "not measured";
    await verifyPoint(server, n, "streamed", c);
    if (n <= ITERATE_MAX) await verifyPoint(server, n, "streamed, V8's own heap limit", c);
    if (n <= DEEP_MAX) await verifyPoint(server, n, "deepVerify", c);
    const latency = await proofLatency(server, bench.size(50, 5));
    if (typeof latency === "string") return latency;
    c.proofMs.push([n, latency.proof]);
    return latency.proof / latency.latest;
  } finally {
    await server.close();
  }
}

/** Runs the online scale curves selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (!bench.want("scale.iterate") && !bench.want("scale.verify_online")) return;
  const keys = ["iterateMs", "iterateBaseMs", "iterateMib", "verifyMs", "verifyMib", "proofMs"];
  const c: Curves = Object.fromEntries(
    [...keys, "deepMs", "deepMib", "ownMs", "ownMib"].map((k) => [k, []]),
  );
  const sizes = bench.quick ? [1e3] : decades(bench, 4, 7);
  let last: number | string = "not measured";
  for (const n of sizes) last = await point(bench, n, c);
  const at = `at ${sizes[sizes.length - 1]} records`;
  const events = { x_label: "events", note: "fresh process per side and size" };
  if (c.iterateMs.length) {
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
  }
  if (!c.verifyMs.length) return;
  const online = {
    x_label: "records",
    note:
      `fresh client process per point; a digest every ${DIGEST_EVERY} records; deepVerify up to ${DEEP_MAX} records`,
  };
  bench.results.curve("scale.verify_online_ms", {
    ...online,
    title: "verifyTrail: time vs records",
    y_label: "ms",
    series: {
      [`every record streamed (${STREAM_HEAP_MIB} MiB heap cap)`]: c.verifyMs,
      "every record streamed (V8's own heap limit)": c.ownMs,
      "deepVerify (every event fetched too)": c.deepMs,
      ...(c.proofMs.length ? { "inclusion proof request": c.proofMs } : {}),
    },
  });
  bench.results.curve("scale.verify_online_peak_mib", {
    ...online,
    title: "verifyTrail: peak memory vs records",
    y_label: "MiB",
    series: {
      [`every record streamed (${STREAM_HEAP_MIB} MiB heap cap)`]: c.verifyMib,
      "every record streamed (V8's own heap limit)": c.ownMib,
      "deepVerify": c.deepMib,
    },
  });
  const [lastN, lastMib] = c.verifyMib[c.verifyMib.length - 1] ?? [];
  if (lastN === 1e7) {
    bench.record("evidence.verify_online_peak_rss_mib", lastMib, {
      target: { op: "<=", value: 128 },
      baseline: "none: resident-set growth of the verifying process",
      unit: "MiB",
      detail:
        `10^7 records streamed from a stand-in process, every record checked; V8 old space capped at ${STREAM_HEAP_MIB} MiB (Bun: no cap)`,
    });
  } else {
    bench.pending(
      "evidence.verify_online_peak_rss_mib",
      `target <= 128 MiB at 10^7 records; measured up to ${lastN} (${lastMib?.toFixed(1)} MiB)`,
      { op: "<=", value: 128 },
    );
  }
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
