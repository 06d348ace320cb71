/**
 * Child process of transport_memory_test.ts: makes one call against the URL it is given and prints
 * what it ended in, how long it took and the peak growth of its own RSS (JSON on one line).
 * MODE=gc also forces garbage collection every few milliseconds during the call.
 */
import process from "node:process";
import { createControlPlaneClient, listEvents, whoami } from "../../control/mod.ts";

const g = globalThis as { gc?: () => void; Bun?: { gc(force: boolean): void } };
const gc = g.Bun ? () => g.Bun!.gc(true) : g.gc;
const { MODE, URL: url, TIMEOUT } = process.env;
const client = createControlPlaneClient({
  baseUrl: url!,
  bearerToken: "kt_live_child_process_0001",
  maxRetries: 0,
  timeout: Number(TIMEOUT ?? 60_000),
});
await whoami(client); // warm up: code loaded, connection pool started
gc?.();
const rss = () => process.memoryUsage().rss;
const base = rss();
let peak = base;
const sampler = setInterval(() => {
  peak = Math.max(peak, rss());
  if (MODE === "gc") gc?.();
}, 5);
const t0 = performance.now();
let outcome: Record<string, unknown>;
try {
  await listEvents(client);
  outcome = { name: "ok" };
} catch (err) {
  const e = err as { name?: string; code?: string; message?: string };
  outcome = { name: e.name, code: e.code, message: e.message };
}
const ms = performance.now() - t0;
clearInterval(sampler);
peak = Math.max(peak, rss());
console.log(JSON.stringify({ ...outcome, ms, growthMiB: (peak - base) / 2 ** 20, gc: !!gc }));
process.exit(0);
