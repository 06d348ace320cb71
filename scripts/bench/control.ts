/**
 * Control-lane benchmarks: `control.iterate_ratio` (`iterateEvents`, validation on, vs a bare
 * `fetch` + `JSON.parse` loop over the same pages of the same stand-in), `demo.events_per_s` (the
 * bare loop's rate) and `control.iterate_peak_rss_mib` (peak resident-set growth of one whole
 * iteration, in a fresh process, beside the bare loop's own). The stand-in runs in a process of its
 * own so that the memory measured is the client's alone.
 *
 * @module
 */
import { createControlPlaneClient, iterateEvents } from "../../control/mod.ts";
import { type Bench, runPoint } from "./_harness.ts";
import { measure } from "./_memory.ts";
import { startProcess } from "./_standin.ts";

/** Where the events come from. */
export interface EventSource {
  readonly url: string;
  readonly readToken: string;
}

const PAGE = 1000;
const POINT = new URL("./_point.ts", import.meta.url);

/** The bare baseline: pages of `GET /v1/events` read with `fetch` + `JSON.parse`; returns the count. */
export async function bareEvents(source: EventSource, max = Infinity): Promise<number> {
  let cursor: string | null = null;
  let n = 0;
  do {
    const url = `${source.url}/v1/events?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await fetch(url, { headers: { authorization: `Bearer ${source.readToken}` } });
    const page = JSON.parse(await res.text());
    n += page.events.length;
    cursor = page.next_cursor;
  } while (cursor && n < max);
  return n;
}

/** Our path: `iterateEvents` in pages of the same size; returns the count. */
export async function sdkEvents(source: EventSource, max = Infinity): Promise<number> {
  const client = createControlPlaneClient({ baseUrl: source.url, bearerToken: source.readToken });
  let n = 0;
  for await (const _ of iterateEvents(client, { limit: PAGE })) if (++n >= max) break;
  return n;
}

/** One whole iteration, measured in this process (run by `_point.ts` in a fresh one). */
export async function iteratePoint(source: EventSource, side: string, expected: number) {
  const count = side === "ours" ? sdkEvents : bareEvents;
  await count(source, PAGE); // load the code and open the connection before measuring
  const m = await measure(() => count(source));
  if (m.value !== expected) throw new Error(`${side} iterated ${m.value} of ${expected} events`);
  return { ms: m.ms, peak_growth_mib: m.peakGrowthMib, exact_peak: m.exactPeak };
}

/** The documented variables that point a client at `source`. */
export const sourceEnv = (source: EventSource): Record<string, string> => ({
  KEEPTRUSTS_API_URL: source.url,
  KEEPTRUSTS_API_TOKEN: source.readToken,
});

/** Runs `iteratePoint` in a fresh process of this runtime. */
export function iterateInChild(source: EventSource, side: string, expected: number) {
  return runPoint(POINT, ["iterate", side, String(expected)], { env: sourceEnv(source) });
}

async function iterate(bench: Bench): Promise<void> {
  const events = bench.size(100_000, 2_000);
  const perRound = bench.size(20_000, 1_000);
  const t0 = performance.now();
  const server = await startProcess(events);
  console.log(
    `(stand-in process seeded ${events} events in ${
      ((performance.now() - t0) / 1000).toFixed(1)
    } s)`,
  );
  try {
    const time = (count: typeof bareEvents) => async () => {
      const t1 = performance.now();
      if (await count(server, perRound) !== perRound) throw new Error("short iteration");
      return performance.now() - t1;
    };
    const r = await bench.compare({
      metric: "control.iterate_ratio",
      baseline: "fetch + JSON.parse loop over the same pages",
      ours: time(sdkEvents),
      base: time(bareEvents),
      rounds: bench.size(25, 3),
      warmup: bench.size(2, 1),
      ratio: "base/ours",
      target: { op: ">=", value: 0.9 },
      detail: `${perRound} events (pages of ${PAGE}) per round from a ${events}-event stand-in`,
    });
    bench.record("demo.events_per_s", perRound / (r.baseMs.median / 1000), {
      baseline: "none: the bare loop's rate in the rounds above",
      unit: "events/s",
    });
    const ours = await iterateInChild(server, "ours", events);
    const base = await iterateInChild(server, "base", events);
    bench.record("control.iterate_peak_rss_mib", ours.peak_growth_mib as number, {
      target: { op: "<=", value: 16 },
      baseline: "resident set before the iteration, fresh process",
      unit: "MiB",
      detail: `whole iteration of ${events} events; the bare loop's own growth: ${
        (base.peak_growth_mib as number).toFixed(1)
      } MiB${ours.exact_peak ? "" : " (sampled, not the kernel's peak)"}`,
    });
  } finally {
    await server.close();
  }
}

/** Runs the control-lane benchmarks selected on the command line. */
export async function run(bench: Bench): Promise<void> {
  if (bench.want("control.iterate") || bench.want("demo.events")) await iterate(bench);
}
