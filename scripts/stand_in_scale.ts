/**
 * The stand-in's scale figures (#16): for each size, seeding time and memory, and the latency of
 * an inclusion proof and a consistency proof against `GET /v1/trail/digests/latest`, in process
 * and over loopback, interleaved request by request (medians with interquartile ranges), and the
 * records and events it streams per second. Prints one JSON line per size; asserts nothing.
 *
 * `deno run -A scripts/stand_in_scale.ts 10000 100000 1000000` (also `bun`, `node --import tsx`);
 * `... scripts/stand_in_scale.ts chat` instead measures chat completions per second through the
 * SDK's gateway client, in process against over loopback (interleaved rounds, median ratio);
 * `... scripts/stand_in_scale.ts seed 10000000` only seeds and reports time and memory (run with
 * `--v8-flags=--expose-gc` on Deno, `--expose-gc` on Node, for settled figures).
 *
 * @module
 */
import { createStandIn, type StandIn, startStandIn } from "../testing/mod.ts";
import { createGatewayClient } from "../gateway/mod.ts";

// deno-lint-ignore no-explicit-any
const g = globalThis as any;
const args: string[] = g.Deno ? g.Deno.args : g.process.argv.slice(2);
const sizes = args.length > 0 ? args.map(Number) : [10_000, 100_000, 1_000_000];
const memory = () => (g.Deno ? g.Deno.memoryUsage() : g.process.memoryUsage());
const rss = () => memory().rss / 2 ** 20;
const mib = (bytes: number) => +(bytes / 2 ** 20).toFixed(1);
const gc = () => (g.gc ?? g.Bun?.gc)?.(true);

function reader(standIn: StandIn) {
  return (path: string) =>
    standIn.fetch(`${standIn.url}${path}`, {
      headers: { authorization: `Bearer ${standIn.tokens.read}` },
    }).then((r) => r.text());
}

const quartiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (p: number) => +(s[Math.floor(s.length * p)] * 1000).toFixed(0);
  return { median_us: at(0.5), iqr_us: [at(0.25), at(0.75)] };
};

/** Latest digest, inclusion proof and consistency proof, one after the other, `rounds` times. */
async function proofLatency(standIn: StandIn, rounds: number) {
  const get = reader(standIn);
  const size: number = JSON.parse(await get("/v1/trail/digests/latest")).tree_size;
  const times = { latest: [] as number[], inclusion: [] as number[], consistency: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    const seq = 1 + ((i * 7919) % size);
    for (
      const [kind, path] of [
        ["latest", "/v1/trail/digests/latest"],
        ["inclusion", `/v1/trail/proofs/inclusion?seq=${seq}&tree_size=${size}`],
        ["consistency", `/v1/trail/proofs/consistency?first=${seq}&second=${size}`],
      ] as const
    ) {
      const t = performance.now();
      await get(path);
      times[kind].push(performance.now() - t);
    }
  }
  const [l, i, c] = [
    quartiles(times.latest),
    quartiles(times.inclusion),
    quartiles(times.consistency),
  ];
  return {
    latest: l,
    inclusion: i,
    consistency: c,
    inclusion_ratio: +(i.median_us / l.median_us).toFixed(2),
    consistency_ratio: +(c.median_us / l.median_us).toFixed(2),
  };
}

/** Items per second streamed from a listing, pages of 1,000, up to `max` items. */
async function streamRate(standIn: StandIn, path: string, key: string, max: number) {
  const get = reader(standIn);
  const t = performance.now();
  let [count, cursor] = [0, ""];
  do {
    const page = JSON.parse(await get(`${path}?limit=1000${cursor ? `&cursor=${cursor}` : ""}`));
    count += page[key].length;
    cursor = page.next_cursor ?? "";
  } while (cursor && count < max);
  return Math.round(count / ((performance.now() - t) / 1000));
}

/** Chat completions per second, in process and over loopback, in alternating rounds. */
async function chatRates(rounds: number, calls: number) {
  const inProcess = createStandIn();
  const served = await startStandIn();
  const client = (s: StandIn, fetchImpl?: typeof fetch) =>
    createGatewayClient({
      baseUrl: s.gatewayUrl,
      apiKey: s.tokens.admin,
      agentId: "agent-bench",
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  const local = client(inProcess, inProcess.fetch);
  const remote = client(served);
  const body = { model: "gpt-4o-mini", messages: [{ role: "user" as const, content: "hello" }] };
  const rate = async (c: typeof local) => {
    const t = performance.now();
    for (let i = 0; i < calls; i++) await c.chat.completions.create(body);
    return calls / ((performance.now() - t) / 1000);
  };
  await rate(local);
  await rate(remote);
  const ratios: number[] = [];
  const rates = { in_process: [] as number[], loopback: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    // Alternate which side goes first, so neither always runs on a warmer machine.
    const [a, b] = r % 2 === 0
      ? [await rate(local), await rate(remote)]
      : [await rate(remote), await rate(local)].reverse();
    rates.in_process.push(a);
    rates.loopback.push(b);
    ratios.push(a / b);
  }
  await served.close();
  const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
  const sorted = [...ratios].sort((x, y) => x - y);
  return {
    chat_in_process_per_second: Math.round(med(rates.in_process)),
    chat_loopback_per_second: Math.round(med(rates.loopback)),
    ratio_median: +med(ratios).toFixed(2),
    ratio_iqr: [
      +sorted[Math.floor(rounds / 4)].toFixed(2),
      +sorted[Math.floor(3 * rounds / 4)].toFixed(2),
    ],
  };
}

if (args[0] === "chat") {
  console.log(JSON.stringify({
    runtime: g.Deno ? "deno" : g.Bun ? "bun" : "node",
    ...(await chatRates(12, 300)),
  }));
  sizes.length = 0;
}

if (args[0] === "seed") {
  for (const n of args.slice(1).map(Number)) {
    gc();
    const before = memory();
    const t0 = performance.now();
    const standIn = createStandIn({ seedEvents: n, digestEvery: 1000, rotateEvery: 100 });
    const seconds = (performance.now() - t0) / 1000;
    gc();
    const after = memory();
    console.log(JSON.stringify({
      runtime: g.Deno ? "deno" : g.Bun ? "bun" : "node",
      records: n,
      seed_seconds: +seconds.toFixed(2),
      seed_us_per_record: +(seconds * 1e6 / n).toFixed(1),
      rss_growth_mib: mib(after.rss - before.rss),
      heap_growth_mib: mib(after.heapUsed - before.heapUsed),
      typed_arrays_mib: mib((after.external ?? 0) - (before.external ?? 0)),
      url: standIn.url,
    }));
  }
  sizes.length = 0;
}

for (const n of sizes) {
  gc();
  const before = rss();
  const t0 = performance.now();
  const inProcess = createStandIn({ seedEvents: n, digestEvery: 1000, rotateEvery: 100 });
  const seedSeconds = (performance.now() - t0) / 1000;
  gc();
  const grown = rss() - before;
  const local = await proofLatency(inProcess, 2000);
  const records = await streamRate(inProcess, "/v1/trail/records", "records", 200_000);
  const events = await streamRate(inProcess, "/v1/events", "events", 200_000);
  const served = await startStandIn({ seedEvents: n, digestEvery: 1000, rotateEvery: 100 });
  const loopback = await proofLatency(served, 1000);
  await served.close();
  console.log(JSON.stringify({
    runtime: g.Deno ? "deno" : g.Bun ? "bun" : "node",
    records: n,
    seed_seconds: +seedSeconds.toFixed(2),
    seed_us_per_record: +(seedSeconds * 1e6 / n).toFixed(1),
    rss_growth_mib: +grown.toFixed(1),
    in_process: local,
    loopback,
    records_per_second: records,
    events_per_second: events,
  }));
}
